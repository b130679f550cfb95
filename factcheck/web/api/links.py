"""API: typed links between claims."""

from factcheck.security import api_access
from factcheck.services.claims import links
from factcheck.services.claims.links import LinkView
from factcheck.web.api import bp
from factcheck.web.api.presenters import link_json
from factcheck.web.api.requests import optional_version
from factcheck.web.api.responses import created
from factcheck.web.api.writes import claim_write

LINK_FIELDS = ("target_id", "relation", "note")


@bp.route("/claims/<int:claim_id>/links", methods=["POST"])
@api_access("staff")
@claim_write(LINK_FIELDS, if_match=optional_version)
def link_claims(actor, claim, _version, body):
    target = links.find_claim(body.get("target_id"))
    link = links.link_claims(actor, claim, target, body.get("relation"), body.get("note"))
    outgoing = link.from_claim_id == claim.id
    return created(link_json(LinkView(link, target, "", outgoing), internal=True))
