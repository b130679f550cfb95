"""The review workflow: draft → in_review → published, and back for corrections."""

from factcheck.i18n import lazy_gettext as _l
from factcheck.i18n import lazy_ngettext
from sqlalchemy import select

from factcheck.errors import Forbidden, UnverifiedQuotes, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus, Correction, Evidence, User, VerdictRevision
from factcheck.models.types import utcnow
from factcheck.services.core.audit import record
from factcheck.services.claims.claims import check_version, lock_claim, touch
from factcheck.services.claims.corrections import correction_changes, public_state
from factcheck.services.text.fields import clean_text
from factcheck.services.core.transaction import transactional

DRAFT, IN_REVIEW, PUBLISHED = ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED

# (from, to) → the least role that may make the move, and what the move is called.
TRANSITIONS = {
    (DRAFT, IN_REVIEW): ("factchecker", _l("submit for review")),
    (IN_REVIEW, PUBLISHED): ("editor", _l("publish")),
    (IN_REVIEW, DRAFT): ("editor", _l("send back")),
    (PUBLISHED, IN_REVIEW): ("editor", _l("reopen for correction")),
}


def allowed_transitions(claim: Claim, user: User | None) -> list[tuple[str, str]]:
    """The moves `user` may make from the claim's status: (to, label)."""
    if user is None:
        return []
    return [(to, label) for (frm, to), (role, label) in TRANSITIONS.items()
            if frm == claim.status and user.has_role(role)]


def _needs_correction_note(claim: Claim) -> bool:
    return claim.first_published_at is not None


def unverified_evidence(claim: Claim) -> list[Evidence]:
    """The claim's evidence rows whose quote a capture of the source does not hold."""
    from factcheck.services.library.captures import evidence_is_unverified

    rows = db.session.scalars(select(Evidence).where(Evidence.claim_id == claim.id, Evidence.removed_at.is_(None))
                              .order_by(Evidence.id))
    return [row for row in rows if evidence_is_unverified(row)]


def _check_quotes(claim: Claim, confirm_unverified) -> list[int]:
    """The ids of the unverified quotes the editor confirmed; UnverifiedQuotes when they did not confirm."""
    if not isinstance(confirm_unverified, bool):
        raise ValidationError(_l('confirm_unverified must be true or false.'),
                              {"confirm_unverified": _l('Must be true or false.')})
    unverified = unverified_evidence(claim)
    if unverified and not confirm_unverified:
        count = len(unverified)
        raise UnverifiedQuotes(
            lazy_ngettext("%(num)s evidence quote was not found in a capture of the source. Read it against its "
                          "source, then confirm to publish anyway.",
                          "%(num)s evidence quotes were not found in a capture of the source. Read them against "
                          "their sources, then confirm to publish anyway.", count),
            [row.id for row in unverified])
    return [row.id for row in unverified]


@transactional
def transition(actor: User, claim: Claim, to, note=None, expected_version=None, *,
               confirm_unverified=False) -> Claim:
    """Move the claim to `to`, checking the role, the verdict and the notes each move needs; publishing
    with evidence quotes that a capture does not hold needs `confirm_unverified`."""
    lock_claim(claim)
    check_version(claim, expected_version)
    if to not in {s.value for s in ClaimStatus}:
        raise ValidationError(_l('Unknown status.'), {"to": _l('Use draft, in_review or published.')})
    move = TRANSITIONS.get((claim.status, to))
    if move is None:
        raise ValidationError(_l('A claim cannot go from %(claim_status)s to %(to)s.', claim_status=claim.status, to=to),
                              {"to": _l('Not a step from %(claim_status)s.', claim_status=claim.status)}, code="invalid_transition")
    role, label = move
    if not actor.has_role(role):
        raise Forbidden(_l('Only an %(role)s may %(label)s.', role=role, label=label))
    note = clean_text(note, "note", max_length=2000) or None
    if to in (IN_REVIEW, PUBLISHED) and claim.verdict is None:
        raise ValidationError(_l('Give the claim a verdict first.'), {"to": _l('The claim has no verdict yet.')})
    if (claim.status, to) == (IN_REVIEW, DRAFT) and not note:
        raise ValidationError(_l('Say why the claim goes back.'), {"note": _l('A comment for the fact-checker is required.')})
    if to == PUBLISHED and _needs_correction_note(claim) and not note:
        raise ValidationError(_l('A republished verdict needs a correction note.'),
                              {"note": _l('Readers see this note with the correction.')})
    confirmed = _check_quotes(claim, confirm_unverified) if to == PUBLISHED else []
    before = claim.status
    claim.status = to
    touch(claim)
    after = {"status": to}
    if to == PUBLISHED:
        after["public"] = _publish(actor, claim, note)
    if confirmed:
        after["unverified_quotes"] = confirmed
    record(actor, "claim.transition", claim, claim_id=claim.id, before={"status": before}, after=after, note=note)
    return claim


def _publish(actor: User, claim: Claim, note: str | None) -> dict:
    """Publish, with a public correction listing what changed when it was published before; returns what
    readers now see, kept with the transition so that the next correction can say what it changes."""
    if claim.first_published_at is not None:
        latest = db.session.scalar(select(VerdictRevision.id).where(VerdictRevision.claim_id == claim.id)
                                   .order_by(VerdictRevision.id.desc()).limit(1))
        changes = correction_changes(claim)
        correction = Correction(claim_id=claim.id, verdict_revision_id=latest, note=note, changes=changes,
                                created_by_id=actor.id)
        db.session.add(correction)
        record(actor, "correction.create", correction, claim_id=claim.id, after={"note": note, "changes": changes})
    claim.published_at = utcnow()
    claim.first_published_at = claim.first_published_at or claim.published_at
    return public_state(claim)
