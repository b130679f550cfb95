"""The OpenAPI 3.1 document of the JSON API v1, served at /api/v1/openapi.json.

Every route under /api/v1 has an entry in OPERATIONS (tests/api/test_openapi.py fails otherwise);
the schemas live in openapi_schemas.py. Rating keys come from the configured scale at request time.
"""

from dataclasses import dataclass, field

from flask import jsonify

from factcheck.security import api_access
from factcheck.services.claims.ratings import rating_scale
from factcheck.web.api import bp
from factcheck.web.api.openapi_schemas import CLAIM_STATUSES, ID, ref, request_schemas, response_schemas

ERROR_MEANINGS = {
    400: "The body is not JSON, or not a JSON object.",
    401: "The token is missing (for this call), malformed, unknown or revoked.",
    403: "The token holder's role may not do this.",
    404: "There is no such thing, or it is not published and no token was sent.",
    409: "The change conflicts with the current state (published, duplicate, someone saved first).",
    412: "If-Match does not name the claim's current version.",
    413: "The body is over 5 MiB, or the article text over 1,000,000 characters.",
    415: "The body is not sent as application/json.",
    422: "A field is missing, unknown or invalid; `fields` says which and why.",
    428: "If-Match is required for this write.",
    429: "Too many calls for this token (or address, without one); see Retry-After.",
}
BODY_ERRORS = (400, 413, 415, 422)


@dataclass(frozen=True)
class Operation:
    """One method on one path, as the code implements it."""

    method: str
    path: str  # OpenAPI template under /api/v1, e.g. /claims/{claim_id}
    endpoint: str  # Flask endpoint without the "api." prefix
    access: str  # "public" (token optional), "staff" or "editor" (token required)
    summary: str
    ok: int = 200
    answer: str | None = None  # component schema of the success body
    body: str | None = None  # component schema of the request body
    query: tuple[dict, ...] = ()
    if_match: str | None = None  # "required" or "optional"
    etag: bool = False
    location: bool = False
    also_ok: tuple[int, ...] = ()  # other success codes with the same body
    errors: tuple[int, ...] = field(default=())
    media_type: str = "application/json"
    also_media: tuple[tuple[str, dict], ...] = ()  # other answers by media type, e.g. CSV


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


CLAIM_FILTERS = (
    _query("status", {"type": "string", "enum": CLAIM_STATUSES}, "Only claims in this status (token holders)."),
    _query("q", {"type": "string"}, "Words in the claim text, in any of their forms in the claim's language."),
    _query("lang", {"type": "string"}, "Only claims in this language (ISO 639 code, e.g. ru); words of q are "
           "matched in its forms. Without it, q is read in the reader's Accept-Language and in every language."),
    _query("claimant", {"type": "string"}, "A claimant's slug or name."),
    _query("rating", {"type": "string"}, "A rating key, e.g. mostly-false."),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 10**7}, "Page number, from 1."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "Claims per page, at most 100."),
)

OPERATIONS: list[Operation] = [
    Operation("GET", "/openapi.json", "openapi", "public", "This document.", answer=None),
    Operation("POST", "/articles", "create_article", "staff", "Import an article.", ok=201, answer="Article",
              body="NewArticle", location=True, errors=(*BODY_ERRORS, 409)),
    Operation("GET", "/articles/{article_id}", "get_article", "public",
              "An article with its sentences and the claims the caller may see.", answer="Article", errors=(404,)),
    Operation("PATCH", "/articles/{article_id}", "update_article", "staff",
              "Change an article; a new text is kept as a revision and every claim is re-anchored.",
              answer="Article", body="ArticleChanges", errors=(404, *BODY_ERRORS, 409)),
    Operation("POST", "/articles/{article_id}/claims", "create_claim", "staff",
              "Mark a claim in an article by quote or by position.", ok=201, answer="Claim", body="NewClaim",
              etag=True, location=True, errors=(404, *BODY_ERRORS, 409)),
    Operation("GET", "/articles/{article_id}/hints", "article_hints", "public",
              "Attributed statements in the article's text, offered as claim candidates (the public: only for an "
              "article a published claim uses).", answer="Hints", errors=(404,)),
    Operation("GET", "/claims", "list_claims", "public", "Claims, newest first; the public sees published ones.",
              answer="ClaimPage", query=CLAIM_FILTERS, errors=(422,)),
    Operation("GET", "/claims/{claim_id}", "get_claim", "public", "A claim with its verdict, evidence and links.",
              answer="Claim", etag=True, errors=(404,)),
    Operation("PATCH", "/claims/{claim_id}", "update_claim", "staff",
              "Change a claim's text, claimant or date (409 while published), or its assignee (editors only: 403).",
              answer="Claim", body="ClaimChanges", if_match="required", etag=True,
              errors=(403, 404, *BODY_ERRORS, 409)),
    Operation("PUT", "/claims/{claim_id}/verdict", "set_verdict", "staff", "Set the claim's verdict.",
              answer="Claim", body="VerdictChange", if_match="required", etag=True,
              errors=(404, *BODY_ERRORS, 409)),
    Operation("POST", "/claims/{claim_id}/transitions", "transition_claim", "staff",
              "Move a claim through the workflow (a fact-checker cannot publish).", answer="Claim",
              body="Transition", if_match="required", etag=True, errors=(403, 404, *BODY_ERRORS, 409)),
    Operation("GET", "/claims/{claim_id}/history", "claim_history", "public",
              "Verdict revisions, transitions and corrections, oldest first. Without a token: the verdict as each "
              "publication showed it, the publications and the corrections (with what each changed), never drafts.",
              answer="History", errors=(404,)),
    Operation("GET", "/claims/{claim_id}/annotation", "claim_annotation", "public",
              "The claim as a W3C Web Annotation (JSON-LD).", answer="Annotation", etag=True, errors=(404,),
              media_type="application/ld+json"),
    Operation("POST", "/claims/{claim_id}/evidence", "attach_evidence", "staff",
              "Cite a source (by id or URL) on a claim with a stance.", ok=201, answer="Evidence",
              body="NewEvidence", if_match="optional", errors=(404, *BODY_ERRORS, 409)),
    Operation("POST", "/claims/{claim_id}/links", "link_claims", "staff", "Link the claim to another claim.",
              ok=201, answer="Link", body="NewLink", if_match="optional", errors=(404, *BODY_ERRORS, 409)),
    Operation("POST", "/sources", "create_source", "staff",
              "Add a source; the existing one (200) when its normalised URL is known.", ok=201, answer="Source",
              body="NewSource", location=True, also_ok=(200,), errors=(*BODY_ERRORS, 409)),
    Operation("GET", "/sources/{source_id}", "get_source", "public", "A source with the claims that cite it.",
              answer="SourceWithClaims", errors=(404,)),
    Operation("GET", "/claims/{claim_id}/suggestions", "claim_suggestions", "staff",
              "Unlinked claims probably about the same thing, best first.", answer="Suggestions",
              query=(_query("limit", {"type": "integer", "minimum": 1, "maximum": 50}, "At most this many."),),
              errors=(404, 422)),
    Operation("GET", "/jobs/{job_id}", "get_job_state", "staff",
              "A background job (URL import, re-import, snapshot, link check): its progress, result or error; "
              "for whoever started it, editors and admins.", answer="Job", errors=(403, 404)),
    Operation("GET", "/reports/verdicts", "verdict_report", "editor",
              "Verdict counts grouped by one or two keys (editors and admins).", answer="Report", errors=(403, 422),
              query=(
                  _query("group_by", {"type": "string", "examples": ["rating", "rating,claimant"]},
                         "One or two of rating, claimant, outlet, article, month."),
                  _query("from", {"type": "string", "examples": ["2022-01-01"]}, "From this date."),
                  _query("to", {"type": "string", "examples": ["2022-12-31"]}, "Up to this date."),
                  _query("status", {"type": "string", "examples": ["published", "all"]}, "Claims in this status."),
                  _query("format", {"type": "string", "enum": ["json", "csv"]}, "json (default) or csv."),
              ), also_media=(("text/csv", {"type": "string"}),)),
]


def _parameters(op: Operation) -> list[dict]:
    params = [{"name": name[1:-1], "in": "path", "required": True, "schema": ID}
              for name in op.path.split("/") if name.startswith("{")]
    params.extend(op.query)
    if op.if_match:
        params.append({
            "name": "If-Match", "in": "header", "required": op.if_match == "required",
            "schema": {"type": "string", "examples": ['"1"']},
            "description": "The ETag of the claim as you last read it; a stale one is refused with 412.",
        })
    return params


def _error_response(status: int, extra_headers: dict | None = None) -> dict:
    response = {"description": ERROR_MEANINGS[status],
                "content": {"application/json": {"schema": ref("Error")}}}
    if extra_headers:
        response["headers"] = extra_headers
    return response


def _success_response(op: Operation) -> dict:
    response: dict = {"description": "OK"}
    if op.answer:
        response["content"] = {op.media_type: {"schema": ref(op.answer)}}
    else:
        response["content"] = {op.media_type: {"schema": {"type": "object"}}}
    for media_type, schema in op.also_media:
        response["content"][media_type] = {"schema": schema}
    headers = {}
    if op.etag:
        headers["ETag"] = {"description": 'The claim\'s version, e.g. "3": send it back as If-Match.',
                           "schema": {"type": "string"}, "required": True}
    if op.location and op.ok == 201:
        headers["Location"] = {"description": "Where the new resource is read.", "schema": {"type": "string"}}
    if headers:
        response["headers"] = headers
    return response


def _operation(op: Operation) -> dict:
    errors = {401, 429, *op.errors}
    if op.if_match:
        errors.add(412)
    if op.if_match == "required":
        errors.add(428)
    responses = {str(op.ok): _success_response(op)}
    for status in op.also_ok:
        responses[str(status)] = {**_success_response(op), "description": "The existing resource."}
        responses[str(status)].get("headers", {}).pop("Location", None)
    for status in sorted(errors):
        extra = None
        if status == 429:
            extra = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}}
        if status == 401:
            extra = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        responses[str(status)] = _error_response(status, extra)
    operation = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "parameters": _parameters(op),
        "responses": responses,
        # A public call works without a token ({}), and sees drafts with one.
        "security": [{"bearer": []}] if op.access != "public" else [{}, {"bearer": []}],
    }
    if op.body:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": ref(op.body)}}}
    return operation


def openapi_document(rating_keys: list[str]) -> dict:
    """The whole document; `rating_keys` are the configured scale's keys, in order."""
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    schemas = {**response_schemas(rating_keys), **request_schemas(rating_keys),
               "History": {"type": "array", "items": ref("HistoryEntry")}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "factcheck JSON API",
            "version": "1",
            "description": "Claims, sources, verdicts and links. Without a token, reads see published data "
                           "only and no internal fields (evidence and link notes are empty, no e-mail "
                           "addresses or assignees). Writes need 'Authorization: Bearer <token>'.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "A token from the desk (API tokens) or "
                                                          "`flask users token EMAIL`."}},
        },
    }


@bp.route("/openapi.json")
@api_access("public")
def openapi():
    return jsonify(openapi_document([rating.key for rating in rating_scale()]))
