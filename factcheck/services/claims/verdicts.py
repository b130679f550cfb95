"""Setting a claim's verdict; every change is a new VerdictRevision."""

from factcheck.i18n import lazy_gettext as _l
from sqlalchemy import select

from factcheck.errors import Forbidden, NotFound
from factcheck.extensions import db
from factcheck.models import Claim, Rating, User, Verdict, VerdictRevision
from factcheck.services.core.audit import record
from factcheck.services.claims.claims import check_version, ensure_editable, lock_claim, three_way, touch
from factcheck.services.text.fields import choice, clean_text
from factcheck.services.core.transaction import transactional

MAX_SUMMARY = 300
MAX_EXPLANATION = 20_000


def verdict_state(verdict: Verdict | None) -> dict | None:
    if verdict is None:
        return None
    return {"rating": verdict.rating_key, "summary": verdict.summary, "explanation": verdict.explanation}


def verdict_values(verdict: Verdict | None) -> dict:
    """The verdict's fields as the workspace form shows them ('' when there is no verdict yet)."""
    state = verdict_state(verdict) or {"rating": "", "summary": "", "explanation": ""}
    return {key: value or "" for key, value in state.items()}


@transactional
def set_verdict(actor: User, claim: Claim, expected_version=None, *, expected: dict | None = None,
                rating, summary, explanation="", note=None) -> Verdict:
    """Save a verdict as a new revision; a published verdict changes only after reopening.

    With `expected` (the verdict_values() the edit started from) a stale claim version is no
    conflict: the fields this edit changed are merged onto the current verdict unless someone else
    changed them too (claims.three_way).
    """
    lock_claim(claim)
    verdict = _current_verdict(claim)
    if expected is None:
        check_version(claim, expected_version)
    else:
        current = verdict_values(verdict)
        proposed = {"rating": rating, "summary": summary, "explanation": explanation}
        merged = {**current, **three_way(current, expected, proposed, "verdict")}
        if verdict is not None:
            rating, summary, explanation = merged["rating"], merged["summary"], merged["explanation"]
    return _save_verdict(actor, claim, verdict, rating=rating, summary=summary, explanation=explanation,
                         note=note)


def _current_verdict(claim: Claim) -> Verdict | None:
    """The claim's verdict as now saved (after lock_claim), not as this request first read it."""
    return db.session.scalar(select(Verdict).where(Verdict.claim_id == claim.id)
                             .execution_options(populate_existing=True))


def _save_verdict(actor: User, claim: Claim, verdict: Verdict | None, *, rating, summary, explanation,
                  note) -> Verdict:
    ensure_editable(claim, "verdict")
    keys = list(db.session.scalars(select(Rating.key).order_by(Rating.position)))
    new = {
        "rating": choice(rating, "rating", keys),
        "summary": clean_text(summary, "summary", required=True, max_length=MAX_SUMMARY),
        "explanation": clean_text(explanation, "explanation", max_length=MAX_EXPLANATION),
    }
    note = clean_text(note, "note", max_length=2000) or None
    before = verdict_state(verdict)
    if before == new:
        return verdict
    if verdict is None:
        verdict = Verdict(claim_id=claim.id)
        db.session.add(verdict)
    verdict.rating_key, verdict.summary, verdict.explanation = new["rating"], new["summary"], new["explanation"]
    verdict.updated_by_id = actor.id
    claim.rating_key = new["rating"]
    touch(claim)
    verdict.updated_at = claim.updated_at
    revision = VerdictRevision(claim_id=claim.id, rating_key=new["rating"], summary=new["summary"],
                               explanation=new["explanation"], note=note, created_by_id=actor.id,
                               created_at=claim.updated_at)
    db.session.add(revision)
    record(actor, "verdict.set", verdict, claim_id=claim.id, before=before, after=new, note=note, revision=revision)
    return verdict


def verdict_revisions(claim: Claim) -> list[VerdictRevision]:
    """The claim's verdict revisions, oldest first."""
    return list(db.session.scalars(select(VerdictRevision).where(VerdictRevision.claim_id == claim.id)
                                   .order_by(VerdictRevision.id)))


@transactional
def restore_revision(actor: User, claim: Claim, revision_id, expected_version=None) -> Verdict:
    """Make an earlier revision the verdict again, as a NEW revision: history is never rewritten."""
    if not actor.has_role("editor"):
        raise Forbidden(_l('Only an editor may restore an earlier verdict.'))
    lock_claim(claim)
    check_version(claim, expected_version)
    revision = db.session.get(VerdictRevision, revision_id)
    if revision is None or revision.claim_id != claim.id:
        raise NotFound(_l('There is no verdict revision %(revision_id)s on this claim.', revision_id=revision_id))
    verdict = _current_verdict(claim)
    when = revision.created_at.strftime("%-d %b %Y, %H:%M")
    return _save_verdict(actor, claim, verdict, rating=revision.rating_key, summary=revision.summary,
                         explanation=revision.explanation, note=f"Restored the verdict of {when} UTC.")
