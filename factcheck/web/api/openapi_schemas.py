"""The JSON schemas of the OpenAPI document: what the API's presenters write and its calls accept."""

from factcheck.models import AnchorStatus, ClaimStatus, LinkRelation
from factcheck.services.claims.evidence import SOURCE_KINDS, STANCES

CLAIM_STATUSES = [status.value for status in ClaimStatus]
ANCHOR_STATUSES = [status.value for status in AnchorStatus]
RELATIONS = [relation.value for relation in LinkRelation]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """`schema` or null (OpenAPI 3.1 is JSON Schema 2020-12)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, required: list[str] | None = None, *, closed: bool = True) -> dict:
    schema = {"type": "object", "properties": properties, "required": required or []}
    if closed:
        schema["additionalProperties"] = False
    return schema


STRING = {"type": "string"}
TEXT_OR_NULL = nullable(STRING)
INSTANT = nullable({"type": "string", "format": "date-time"})
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
# A date or date-time as ISO 8601 text ("2022-01-07" or "2022-01-07T12:00:00+00:00"); null clears it.
INSTANT_IN = nullable({"type": "string", "maxLength": 40,
                       "examples": ["2022-01-07", "2022-01-07T12:00:00+00:00"]})
SOURCE_PROPERTIES = {
    "id": ID, "url": STRING, "title": TEXT_OR_NULL, "publisher": TEXT_OR_NULL, "author": TEXT_OR_NULL,
    "published_at": INSTANT, "accessed_at": INSTANT, "archive_url": TEXT_OR_NULL,
    "kind": {"type": "string", "enum": SOURCE_KINDS},
}


def response_schemas(rating_keys: list[str]) -> dict:
    """The shapes of the API's answers."""
    rating = {"type": "string", "enum": rating_keys}
    return {
        "Error": obj({"error": obj({
            "code": {"type": "string", "examples": ["validation_failed"]},
            "message": STRING,
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        }, ["code", "message", "fields"])}, ["error"]),
        "Anchor": obj({
            "exact": TEXT_OR_NULL, "prefix": TEXT_OR_NULL, "suffix": TEXT_OR_NULL,
            "start": nullable({"type": "integer", "minimum": 0}), "end": nullable({"type": "integer", "minimum": 0}),
        }, ["exact", "prefix", "suffix", "start", "end"]),
        "Verdict": obj({"rating": rating, "summary": STRING, "explanation": STRING, "updated_at": INSTANT},
                       ["rating", "summary", "explanation", "updated_at"]),
        "SourceSummary": obj({"id": ID, "url": STRING, "title": TEXT_OR_NULL, "publisher": TEXT_OR_NULL},
                             ["id", "url", "title", "publisher"]),
        "Evidence": obj({
            "id": ID, "stance": {"type": "string", "enum": STANCES}, "quote": STRING,
            "note": {"type": "string", "description": "Internal: always empty without a token."},
            "source": ref("SourceSummary"),
            "capture": nullable(obj({
                "id": ID, "sha256": STRING, "captured_at": {"type": "string", "format": "date-time"}, "url": STRING,
                "quote_found": nullable({"type": "boolean", "description": "null when the evidence has no quote."}),
            }, ["id", "sha256", "captured_at", "url", "quote_found"])),
        }, ["id", "stance", "quote", "note", "source", "capture"]),
        "ClaimSummary": obj({"id": ID, "text": STRING, "status": {"type": "string", "enum": CLAIM_STATUSES}},
                            ["id", "text", "status"]),
        "Link": obj({
            "id": ID, "relation": {"type": "string", "enum": RELATIONS},
            "note": {"type": "string", "description": "Internal: always empty without a token."},
            "claim": ref("ClaimSummary"),
            "direction": {"type": "string", "enum": ["outgoing", "incoming"],
                          "description": "For the directed relations (supports, updates) only."},
        }, ["id", "relation", "note", "claim"]),
        "Claim": obj({
            "id": ID, "status": {"type": "string", "enum": CLAIM_STATUSES},
            "version": {"type": "integer", "minimum": 1}, "public_url": STRING, "text": STRING,
            "language": TEXT_OR_NULL,
            "claimant": TEXT_OR_NULL, "claimed_at": INSTANT, "article_id": nullable(ID), "anchor": ref("Anchor"),
            "anchor_status": {"type": "string", "enum": ANCHOR_STATUSES},
            "anchor_similarity": nullable({"type": "number"}), "anchor_reason": TEXT_OR_NULL,
            "verdict": nullable(ref("Verdict")),
            "evidence": {"type": "array", "items": ref("Evidence")},
            "links": {"type": "array", "items": ref("Link")},
            "assignee": {**TEXT_OR_NULL, "description": "With a token only: the assignee's e-mail."},
            "created_at": {**INSTANT, "description": "With a token only."},
            "updated_at": {**INSTANT, "description": "With a token only."},
        }, ["id", "status", "version", "public_url", "text", "claimant", "claimed_at", "article_id", "anchor",
            "anchor_status", "verdict", "evidence", "links"]),
        "ClaimPage": obj({
            "items": {"type": "array", "items": ref("Claim")}, "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
        }, ["items", "total", "page", "per_page"]),
        "Sentence": obj({"index": {"type": "integer", "minimum": 0}, "start": {"type": "integer", "minimum": 0},
                         "end": {"type": "integer", "minimum": 0}, "text": STRING},
                        ["index", "start", "end", "text"]),
        "Article": obj({
            "id": ID, "title": STRING, "url": TEXT_OR_NULL, "outlet": TEXT_OR_NULL, "author": TEXT_OR_NULL,
            "published_at": INSTANT, "language": TEXT_OR_NULL, "text": STRING,
            "text_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "imported_at": INSTANT,
            "sentences": {"type": "array", "items": ref("Sentence")},
            "claims": {"type": "array", "items": ref("Claim")},
            "imported_by": {**TEXT_OR_NULL, "description": "With a token only: the importer's e-mail."},
        }, ["id", "title", "url", "outlet", "author", "published_at", "language", "text", "text_sha256",
            "imported_at", "sentences", "claims"]),
        "Source": obj(SOURCE_PROPERTIES, list(SOURCE_PROPERTIES)),
        "CitingClaim": obj({
            "id": ID, "text": STRING, "status": {"type": "string", "enum": CLAIM_STATUSES},
            "stance": {"type": "string", "enum": STANCES}, "quote": STRING,
        }, ["id", "text", "status", "stance", "quote"]),
        "SourceWithClaims": obj({**SOURCE_PROPERTIES, "claims": {"type": "array", "items": ref("CitingClaim")}},
                                [*SOURCE_PROPERTIES, "claims"]),
        "HistoryEntry": obj({
            "type": {"type": "string", "examples": ["verdict_revision", "transition", "correction"]},
            "at": {"type": "string", "format": "date-time"},
            "by": {**TEXT_OR_NULL, "description": "With a token only: who made the change."},
            "by_email": {**TEXT_OR_NULL, "description": "With a token only."},
            "note": {**TEXT_OR_NULL, "description": "Without a token, only a correction's public note."},
            "from": nullable({"type": "string", "enum": CLAIM_STATUSES}),
            "to": nullable({"type": "string", "enum": CLAIM_STATUSES}),
            "rating": rating, "summary": STRING, "previous": nullable({"type": "object"}),
            "changes": {"type": "array", "items": STRING,
                        "description": "A correction's list of what readers can see changed."},
        }, ["type", "at"], closed=False),
        "Job": obj({
            "id": ID, "kind": {"type": "string", "examples": ["import_url", "reimport_article", "snapshot_source",
                                                             "check_links"]},
            "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]},
            "attempts": {"type": "integer"}, "max_attempts": {"type": "integer"},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100}, "step": STRING,
            "result": nullable({"type": "object", "examples": [{"article_id": 7}]}), "error": TEXT_OR_NULL,
            "created_at": {"type": "string", "format": "date-time"}, "finished_at": INSTANT,
        }, ["id", "kind", "status", "attempts", "max_attempts", "progress", "step", "result", "error",
            "created_at", "finished_at"]),
        "Suggestions": {"type": "array", "items": obj({
            "claim": ref("ClaimSummary"), "score": {"type": "number"}, "reason": STRING,
        }, ["claim", "score", "reason"])},
        "Hints": {"type": "array", "items": obj({
            "start": {"type": "integer", "minimum": 0, "description": "Code points into the article's text."},
            "end": {"type": "integer", "minimum": 1},
            "quote": {"type": "string", "description": "The attributed statement: text[start:end]."},
            "claimant": {"type": "string", "description": "Who the text says made the statement."},
            "source": {"type": "string", "description": "Only when the text names one, e.g. a news agency."},
        }, ["start", "end", "quote", "claimant"])},
        "Report": obj({
            "rows": {"type": "array", "items": {"type": "object", "required": ["count"],
                                                "properties": {"count": {"type": "integer", "minimum": 0}}}},
            "total": {"type": "integer", "minimum": 0},
        }, ["rows", "total"]),
        "Annotation": obj({
            "@context": {"const": "http://www.w3.org/ns/anno.jsonld"}, "id": STRING,
            "type": {"const": "Annotation"}, "motivation": STRING, "created": STRING, "modified": STRING,
            "creator": {"type": "object"}, "body": {"type": "array", "items": {"type": "object"}},
            "target": obj({"source": STRING, "selector": {"type": "array", "items": {"type": "object"}}},
                          ["source", "selector"]),
        }, ["@context", "id", "type", "target"], closed=False),
    }


def request_schemas(rating_keys: list[str]) -> dict:
    """The bodies the API accepts; unknown members are refused with 422."""
    text = {"type": "string", "minLength": 1}
    optional_text = nullable(STRING)
    return {
        "NewArticle": obj({
            "title": text, "text": text, "url": optional_text, "outlet": optional_text, "author": optional_text,
            "published_at": INSTANT_IN, "language": optional_text,
        }, ["title", "text"]),
        "ArticleChanges": obj({
            "title": text, "text": text, "url": optional_text, "outlet": optional_text, "author": optional_text,
            "published_at": INSTANT_IN, "language": optional_text,
        }),
        "TextQuoteSelector": obj({"type": {"const": "TextQuoteSelector"}, "exact": text,
                                  "prefix": STRING, "suffix": STRING}, ["type", "exact"]),
        "TextPositionSelector": obj({"type": {"const": "TextPositionSelector"},
                                     "start": {"type": "integer", "minimum": 0},
                                     "end": {"type": "integer", "minimum": 0}}, ["type", "start", "end"]),
        "NewClaim": obj({
            "selector": {"oneOf": [ref("TextQuoteSelector"), ref("TextPositionSelector")]},
            "text": optional_text, "claimant": optional_text, "claimed_at": INSTANT_IN,
            "language": {**optional_text, "description": "Only when the article has no language (ISO 639 code)."},
        }, ["selector"]),
        "ClaimChanges": obj({
            "text": text, "claimant": optional_text, "claimed_at": INSTANT_IN,
            "assignee": {"anyOf": [{"type": "string", "format": "email"}, ID, {"type": "null"}],
                         "description": "A staff member's e-mail or user id; null unassigns."},
        }),
        "VerdictChange": obj({
            "rating": {"type": "string", "enum": rating_keys}, "summary": text,
            "explanation": optional_text, "note": optional_text,
        }, ["rating", "summary"]),
        "Transition": obj({"to": {"type": "string", "enum": CLAIM_STATUSES}, "note": optional_text,
                           "confirm_unverified": {
                               "type": "boolean", "default": False,
                               "description": "Publish although some evidence quotes were not found in a capture of "
                                              "their source; without it such a publish answers 409 "
                                              "unverified_quotes."}}, ["to"]),
        "NewSource": obj({
            "url": {"type": "string", "format": "uri"}, "title": optional_text, "publisher": optional_text,
            "author": optional_text, "published_at": INSTANT_IN, "archive_url": optional_text,
            "kind": {"type": "string", "enum": SOURCE_KINDS},
        }, ["url"]),
        "NewEvidence": {
            **obj({
                "source_id": ID, "url": {"type": "string", "format": "uri"},
                "stance": {"type": "string", "enum": STANCES}, "quote": optional_text, "note": optional_text,
            }, ["stance"]),
            "oneOf": [{"required": ["source_id"], "not": {"required": ["url"]}},
                      {"required": ["url"], "not": {"required": ["source_id"]}}],
        },
        "NewLink": obj({"target_id": ID, "relation": {"type": "string", "enum": RELATIONS},
                        "note": optional_text}, ["target_id", "relation"]),
    }
