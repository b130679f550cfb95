"""The shape of every API write to a claim: the claim, the If-Match version, the JSON body, the change; then the
claim read again and answered with its new ETag."""

import functools

from factcheck.services.claims import claims
from factcheck.web.api.requests import json_body, required_version, token_user
from factcheck.web.api.responses import claim_response


def claim_write(fields: tuple[str, ...], *, if_match=required_version, load=claims.get_claim):
    """Make `change(actor, claim, version, body)` an API view of /claims/<claim_id>…: the claim the token holder
    may see (404), its version from If-Match (`if_match`: required_version, or optional_version), the body with
    only `fields` (415/400/422). The change's own answer is sent when it gives one (201 with what it created);
    otherwise the claim as it is now, with its ETag. `load` reads the claim to change: claims.get_claim_row for
    a change that only adds to it."""
    def decorate(change):
        @functools.wraps(change)
        def view(claim_id: int):
            actor = token_user()
            claim = load(claim_id, actor)
            version = if_match(claim)
            answer = change(actor, claim, version, json_body(fields))
            return answer if answer is not None else claim_response(claims.get_claim(claim_id, actor), actor)
        return view
    return decorate
