"""API: the shared source library and evidence, a source cited on a claim with a stance."""

import functools

import orjson
from flask import Response, url_for

from factcheck.errors import NotFound, ValidationError
from factcheck.models import Source
from factcheck.security import api_access, viewer
from factcheck.services.claims import claims, evidence as sources
from factcheck.web.api import bp
from factcheck.web.api.presenters import citing_claim_json, evidence_json, source_json
from factcheck.web.api.requests import json_body, optional_version, token_user
from factcheck.web.api.responses import created
from factcheck.web.api.writes import claim_write

SOURCE_FIELDS = ("url", "title", "publisher", "author", "published_at", "archive_url", "kind")
EVIDENCE_FIELDS = ("source_id", "url", "stance", "quote", "note")


@bp.route("/sources", methods=["POST"])
@api_access("staff")
def create_source():
    body = json_body(SOURCE_FIELDS)
    source, is_new = sources.find_or_create_source(token_user(), **{name: body.get(name) for name in SOURCE_FIELDS})
    return created(source_json(source), url_for("api.get_source", source_id=source.id),
                   status=201 if is_new else 200)


@bp.route("/sources/<int:source_id>")
@api_access("public")
def get_source(source_id: int):
    who = viewer()
    source = sources.get_source(source_id)
    citing = sources.citing_claims(source, who)
    # The public sees a source only through a published claim that cites it.
    if who is None and not citing:
        raise NotFound(f"There is no source {source_id}.")
    # Rows as tuples and orjson: the most cited source of a million claims has 61,108 citing claims.
    body = {**source_json(source), "claims": [citing_claim_json(row) for row in citing]}
    return Response(orjson.dumps(body), mimetype="application/json")


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@api_access("staff")
@claim_write(EVIDENCE_FIELDS, if_match=optional_version, load=functools.partial(claims.get_claim_row, lock=True))
def attach_evidence(actor, claim, _version, body):
    source_id, url = body.get("source_id"), body.get("url")
    if (source_id is None) == (url is None):
        message = "Give either source_id or url, not both." if url is not None else "Give source_id or url."
        raise ValidationError(message, {"source_id": message})
    cited = {name: body.get(name) for name in ("stance", "quote", "note")}
    # One transaction with the capture's job (evidence[].capture stays null until it has run); a refused
    # citation stores no new source either.
    if url is not None:
        evidence, _ = sources.cite_source_by_url(actor, claim, url=url, capture=True, **cited)
    else:
        evidence = sources.attach_evidence(actor, claim, source=_existing_source(source_id), capture=True, **cited)
    return created(evidence_json(evidence, internal=True))


def _existing_source(source_id) -> Source:
    """The source named by `source_id`; a 422 when there is none."""
    if not isinstance(source_id, int) or isinstance(source_id, bool):
        raise ValidationError("source_id must be a whole number.", {"source_id": "Must be a whole number."})
    try:
        return sources.get_source(source_id)
    except NotFound:
        raise ValidationError(f"There is no source {source_id}.",
                              {"source_id": "Give the id of an existing source."}) from None
