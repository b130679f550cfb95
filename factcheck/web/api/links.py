"""API: typed links between claims."""

from factcheck.security import api_access
from factcheck.services.claims import claims, links
from factcheck.services.claims.links import LinkView
from factcheck.web.api import bp
from factcheck.web.api.presenters import link_json
from factcheck.web.api.requests import json_body, optional_version, token_user
from factcheck.web.api.responses import created

LINK_FIELDS = ("target_id", "relation", "note")


@bp.route("/claims/<int:claim_id>/links", methods=["POST"])
@api_access("staff")
def link_claims(claim_id: int):
    actor = token_user()
    claim = claims.get_claim(claim_id, actor)
    optional_version(claim)
    body = json_body(LINK_FIELDS)
    target = links.find_claim(body.get("target_id"))
    link = links.link_claims(actor, claim, target, body.get("relation"), body.get("note"))
    outgoing = link.from_claim_id == claim_id
    return created(link_json(LinkView(link, target, "", outgoing), internal=True))
