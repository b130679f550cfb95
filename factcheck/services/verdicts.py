"""Setting a claim's verdict; every change is a new VerdictRevision."""

from sqlalchemy import select

from factcheck.errors import Conflict
from factcheck.extensions import db
from factcheck.models import Claim, Rating, User, Verdict, VerdictRevision
from factcheck.services.audit import record
from factcheck.services.claims import check_version, touch
from factcheck.services.fields import choice, clean_text
from factcheck.services.transaction import transactional

MAX_SUMMARY = 300
MAX_EXPLANATION = 20_000


def verdict_state(verdict: Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {"rating": verdict.rating_key, "summary": verdict.summary, "explanation": verdict.explanation}


@transactional
def set_verdict(actor: User, claim: Claim, expected_version=None, *, rating, summary,
                explanation="", note=None) -> Verdict:
    """Save a verdict as a new revision; a published verdict changes only after reopening."""
    check_version(claim, expected_version)
    if claim.is_published:
        raise Conflict("This verdict is published: reopen the claim for a correction first.",
                       code="claim_published")
    keys = list(db.session.scalars(select(Rating.key).order_by(Rating.position)))
    new = {
        "rating": choice(rating, "rating", keys),
        "summary": clean_text(summary, "summary", required=True, max_length=MAX_SUMMARY),
        "explanation": clean_text(explanation, "explanation", max_length=MAX_EXPLANATION),
    }
    note = clean_text(note, "note", max_length=2000) or None
    verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == claim.id))
    before = verdict_state(verdict)
    if before == new:
        return verdict
    if verdict is None:
        verdict = Verdict(claim_id=claim.id)
        db.session.add(verdict)
    verdict.rating_key, verdict.summary, verdict.explanation = new["rating"], new["summary"], new["explanation"]
    verdict.updated_by_id = actor.id
    touch(claim)
    verdict.updated_at = claim.updated_at
    db.session.add(VerdictRevision(claim_id=claim.id, rating_key=new["rating"], summary=new["summary"],
                                   explanation=new["explanation"], note=note, created_by_id=actor.id,
                                   created_at=claim.updated_at))
    record(actor, "verdict.set", verdict, claim_id=claim.id, before=before, after=new, note=note)
    return verdict
