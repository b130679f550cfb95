"""Batch actions on the review queue: assign, send back, publish — one audited service call per claim.

A batch is deliberately not all-or-nothing: each claim is its own transaction (the same one a single action
makes), so one stale or unready claim does not block the others, and the result says which claims moved and
why the rest did not.
"""

from factcheck.i18n import lazy_gettext as _l
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.errors import DomainError, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, User, Verdict
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import workflow
from factcheck.services.text.fields import clean_text
from factcheck.services.accounts.users import find_user

ACTIONS = {"assign": "Assign", "send_back": "Send back to draft", "publish": "Publish"}
MAX_BATCH = 200


@dataclass(frozen=True)
class BatchItem:
    """One claim of a batch and, when it failed, why."""

    claim_id: int
    text: str
    reason: str = ""


@dataclass
class BatchResult:
    action: str
    succeeded: list[BatchItem] = field(default_factory=list)
    failed: list[BatchItem] = field(default_factory=list)


def parse_claim_ids(values) -> list[int]:
    """The ticked claim ids, in order, without repeats; 422 when none or not numbers."""
    ids = []
    for value in values or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(_l('Claim ids must be numbers.'), {"claims": _l('Tick claims in the queue.')}) from None
        if number not in ids:
            ids.append(number)
    if not ids:
        raise ValidationError(_l('Tick at least one claim.'), {"claims": _l('Tick at least one claim.')})
    if len(ids) > MAX_BATCH:
        raise ValidationError(_l('Too many claims at once.'), {"claims": _l('At most %(max_batch)s at a time.', max_batch=MAX_BATCH)})
    return ids


def batch_claims(claim_ids: list[int]) -> list[Claim]:
    """The claims of a batch, in the order given, with what the confirmation lists (one query)."""
    rows = db.session.scalars(
        select(Claim).where(Claim.id.in_(claim_ids))
        .options(joinedload(Claim.claimant), joinedload(Claim.assignee),
                 joinedload(Claim.verdict).joinedload(Verdict.rating))
    ).unique()
    by_id = {claim.id: claim for claim in rows}
    return [by_id[i] for i in claim_ids if i in by_id]


def check_batch(action: str, *, assignee=None, note=None) -> dict:
    """Validate what the whole batch needs before any claim is touched; returns the cleaned arguments."""
    if action not in ACTIONS:
        raise ValidationError(_l('Choose what to do with the ticked claims.'),
                              {"action": _l('Choose assign, send back or publish.')})
    if action == "assign":
        user = find_user(assignee) if isinstance(assignee, str) and "@" in assignee else None
        if assignee not in (None, "") and (user is None or not user.active):
            raise ValidationError(_l('Unknown assignee.'), {"assignee": _l('Choose an active staff member.')})
        return {"assignee": user}
    if action == "send_back":
        note = clean_text(note, "note", max_length=2000)
        if not note:
            raise ValidationError(_l('Say why the claims go back.'), {"note": _l('A comment for the fact-checker is required.')})
        return {"note": note}
    return {}


def apply_batch(actor: User, action: str, claim_ids: list[int], *, assignee=None, note=None,
                versions: dict[int, int] | None = None) -> BatchResult:
    """Apply `action` to each claim in turn; every claim is one service call, its own transaction and audit event.

    `versions` (claim id → the version the confirmation showed) makes a claim changed since then fail
    with a conflict instead of being acted on blindly.
    """
    arguments = check_batch(action, assignee=assignee, note=note)
    versions = versions or {}
    result = BatchResult(action)
    claims = {claim.id: claim for claim in batch_claims(claim_ids)}
    for claim_id in claim_ids:
        claim = claims.get(claim_id)
        if claim is None:
            result.failed.append(BatchItem(claim_id, "", "There is no such claim."))
            continue
        text = claim.text
        try:
            _apply_one(actor, action, claim, versions.get(claim_id), **arguments)
        except DomainError as error:
            db.session.rollback()
            result.failed.append(BatchItem(claim_id, text, _reason(error)))
        else:
            result.succeeded.append(BatchItem(claim_id, text))
    return result


def _apply_one(actor: User, action: str, claim: Claim, version, *, assignee=None, note=None) -> None:
    if action == "assign":
        claim_service.update_claim(actor, claim, version, assignee=assignee)
    elif action == "send_back":
        workflow.transition(actor, claim, "draft", note=note, expected_version=version)
    else:
        workflow.transition(actor, claim, "published", expected_version=version)


def _reason(error: DomainError) -> str:
    details = " ".join(message for message in (error.fields or {}).values() if message not in error.message)
    return f"{error.message} {details}".strip()


def assignable_users() -> list[User]:
    """Active staff, for the assign menu."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))
