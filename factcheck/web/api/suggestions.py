"""API: suggested links, the unlinked claims probably about the same thing as a claim."""

from flask import jsonify, request

from factcheck.errors import ValidationError
from factcheck.security import api_access
from factcheck.services.claims import claims
from factcheck.services.reads.suggestions import DEFAULT_LIMIT, MAX_LIMIT, Suggestion, suggest_claims
from factcheck.web.api import bp
from factcheck.web.api.presenters import claim_summary_json
from factcheck.web.api.requests import token_user


def suggestion_json(suggestion: Suggestion) -> dict:
    return {"claim": claim_summary_json(suggestion.claim), "score": suggestion.score, "reason": suggestion.reason}


def requested_limit() -> int:
    value = request.args.get("limit", str(DEFAULT_LIMIT))
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise ValidationError(f"limit must be a whole number from 1 to {MAX_LIMIT}.",
                              {"limit": f"Give 1 to {MAX_LIMIT}."})
    return int(value)


@bp.route("/claims/<int:claim_id>/suggestions")
@api_access("staff")
def claim_suggestions(claim_id: int):
    """Suggestions include drafts, so they are for staff only: a bare JSON list, best first."""
    claim = claims.get_claim(claim_id, token_user())
    return jsonify([suggestion_json(s) for s in suggest_claims(claim, requested_limit())])
