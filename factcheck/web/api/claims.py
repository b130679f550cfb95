"""API: finding and reading claims, editing them, their verdicts, workflow and history."""

from flask import current_app, jsonify, request

from factcheck.errors import NotFound

from factcheck.security import api_access, viewer
from factcheck.services.claims import claims, verdicts, workflow
from factcheck.services.reads.history import PUBLIC_HISTORY_ACTIONS, audit_trail, entries, public_history
from factcheck.services.text.languages import SEARCH_CONFIGURATIONS
from factcheck.services.site.publishing import web_annotation
from factcheck.web.api import bp
from factcheck.web.api.presenters import history_json
from factcheck.web.api.responses import claim_payloads, claim_response
from factcheck.web.api.writes import claim_write
from factcheck.web.context import base_url

CLAIM_FIELDS = ("text", "claimant", "claimed_at", "assignee")
VERDICT_FIELDS = ("rating", "summary", "explanation", "note")
TRANSITION_FIELDS = ("to", "note", "confirm_unverified")
LIST_FILTERS = ("status", "q", "claimant", "rating", "page", "per_page", "lang")


@bp.route("/claims")
@api_access("public")
def list_claims():
    who = viewer()
    page = claims.list_claims(who, **{name: request.args.get(name) for name in LIST_FILTERS},
                              reader_language=request.accept_languages.best_match(SEARCH_CONFIGURATIONS))
    return {"items": claim_payloads(page.items, who), "total": page.total, "page": page.page,
            "per_page": page.per_page}


@bp.route("/claims/<int:claim_id>")
@api_access("public")
def get_claim(claim_id: int):
    who = viewer()
    return claim_response(claims.get_claim(claim_id, who), who)


@bp.route("/claims/<int:claim_id>", methods=["PATCH"])
@api_access("staff")
@claim_write(CLAIM_FIELDS)
def update_claim(actor, claim, version, body):
    claims.update_claim(actor, claim, version, **{name: body[name] for name in CLAIM_FIELDS if name in body})


@bp.route("/claims/<int:claim_id>/verdict", methods=["PUT"])
@api_access("staff")
@claim_write(VERDICT_FIELDS)
def set_verdict(actor, claim, version, body):
    verdicts.set_verdict(actor, claim, version, **{name: body.get(name) for name in VERDICT_FIELDS})


@bp.route("/claims/<int:claim_id>/transitions", methods=["POST"])
@api_access("staff")
@claim_write(TRANSITION_FIELDS)
def transition_claim(actor, claim, version, body):
    workflow.transition(actor, claim, body.get("to"), body.get("note"), expected_version=version,
                        confirm_unverified=body.get("confirm_unverified", False))


@bp.route("/claims/<int:claim_id>/history")
@api_access("public")
def claim_history(claim_id: int):
    who = viewer()
    claim = claims.get_claim(claim_id, who)
    if who is None:
        return jsonify(public_history(claim))
    return jsonify([history_json(entry) for entry in entries(audit_trail(claim, PUBLIC_HISTORY_ACTIONS))])


@bp.route("/claims/<int:claim_id>/annotation")
@api_access("public")
def claim_annotation(claim_id: int):
    claim = claims.get_claim(claim_id, viewer())
    if claim.article is None:
        raise NotFound("This claim has no article, so it has no text to annotate.")
    annotation = web_annotation(claim, base_url=base_url(), organisation=current_app.config["ORGANISATION_NAME"])
    response = jsonify(annotation)
    response.mimetype = "application/ld+json"
    response.headers["Content-Type"] = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    response.set_etag(str(claim.version))
    return response
