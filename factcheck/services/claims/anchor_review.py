"""Fuzzy anchors confirmed by a person: the claims to confirm, and confirming, selecting again or orphaning one.

A re-anchoring that found the quote only with changed words proposes a place (Claim.anchor_proposed_*) and
keeps the old anchor. Nothing trusts the proposal until a fact-checker acts on it here, one audited write
each. A published claim's anchor is locked: an editor reopens the claim first.
"""

from factcheck.i18n import N_, keep
from factcheck.i18n import lazy_gettext as _l
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from factcheck.errors import Conflict, ValidationError
from factcheck.extensions import db
from factcheck.models import AnchorStatus, Claim, User
from factcheck.services.text.anchoring import Anchor, AnchorError, anchor_at, occurrences
from factcheck.services.articles.articles import anchor_state
from factcheck.services.core.audit import record
from factcheck.services.claims.claims import check_version, ensure_editable, lock_claim, touch
from factcheck.services.reads.public import QuoteInContext, quote_in_context
from factcheck.services.articles.revisions import Segment, diff_words
from factcheck.services.core.transaction import transactional

CONTEXT_CHARS = 160
PUBLISHED_REASON = _l("This claim is published: its anchor is locked. An editor must reopen it for a correction "
                      "before its anchor can change.")


@dataclass(frozen=True)
class AnchorToConfirm:
    """A claim whose anchor a person should look at: the quote as it was beside the text proposed now."""

    claim: Claim
    changes: list[Segment]  # the old quote → the proposed words, word by word
    proposed: QuoteInContext | None  # the proposed words in the article's current text

    @property
    def locked(self) -> bool:
        return self.claim.is_published

    @property
    def locked_reason(self) -> str:
        return PUBLISHED_REASON if self.locked else ""


def quote_changes(old: str, new: str) -> list[Segment]:
    """The word-level changes from the quote as it was to the words proposed for it."""
    return diff_words(old, new)


def proposed_span(claim: Claim) -> tuple[int, int] | None:
    if claim.anchor_status != AnchorStatus.FUZZY or claim.anchor_proposed_start is None:
        return None
    return claim.anchor_proposed_start, claim.anchor_proposed_end


def to_confirm(claim: Claim) -> AnchorToConfirm:
    """What the confirmation list shows of one claim (its article's text must be loaded)."""
    span = proposed_span(claim)
    if span is None or claim.article is None:
        return AnchorToConfirm(claim, [("delete", claim.anchor_exact or "")], None)
    text = claim.article.text
    return AnchorToConfirm(claim, quote_changes(claim.anchor_exact or "", text[span[0]:span[1]]),
                           quote_in_context(text, *span, window=CONTEXT_CHARS))


def confirmation_list(limit: int = 50) -> list[AnchorToConfirm]:
    """Claims whose anchor went fuzzy and waits for a person, most recently changed first (two queries)."""
    claims = db.session.scalars(
        select(Claim).where(Claim.anchor_status == AnchorStatus.FUZZY)
        .options(joinedload(Claim.claimant), selectinload(Claim.article))
        .order_by(Claim.updated_at.desc(), Claim.id.desc()).limit(limit)).unique()
    return [to_confirm(claim) for claim in claims]


def _check_unlocked(claim: Claim, expected_version) -> None:
    lock_claim(claim)
    check_version(claim, expected_version)
    ensure_editable(claim, "anchor")
    if claim.article is None or claim.anchor_exact is None:
        raise ValidationError(_l('This claim has no anchor in an article.'), {"anchor": _l('Only claims from an article have one.')})


def _place(claim: Claim, anchor: Anchor, reason: str) -> None:
    claim.anchor_exact, claim.anchor_prefix, claim.anchor_suffix = anchor.exact, anchor.prefix, anchor.suffix
    claim.anchor_start, claim.anchor_end = anchor.start, anchor.end
    claim.anchor_status, claim.anchor_similarity, claim.anchor_reason = AnchorStatus.EXACT, 1.0, reason
    claim.anchor_proposed_start = claim.anchor_proposed_end = None


def _recorded(actor: User, action: str, claim: Claim, before: dict, note: str) -> Claim:
    touch(claim)
    record(actor, action, claim, claim_id=claim.id, before=before, after=anchor_state(claim), note=note)
    return claim


@transactional
def confirm_anchor(actor: User, claim: Claim, expected_version=None) -> Claim:
    """Accept the proposed place of a fuzzy anchor: the claim now quotes the edited words."""
    _check_unlocked(claim, expected_version)
    span = proposed_span(claim)
    if span is None:
        raise Conflict(_l("This claim's anchor has no proposed place to confirm (it is %(status)s).", status=claim.anchor_status or 'not set'), code="nothing_to_confirm")
    before = anchor_state(claim)
    _place(claim, anchor_at(claim.article.text, *span), keep(N_("%(name)s confirmed the edited words"), name=actor.name))
    return _recorded(actor, "claim.anchor_confirm", claim, before, claim.anchor_reason)


def _nearest(text: str, exact: str, near: int) -> Anchor:
    """The occurrence of `exact` in `text` closest to `near`."""
    starts = occurrences(text, exact) if exact.strip() else []
    if not starts:
        raise AnchorError("quote_not_found", "These words do not occur in the article's current text.")
    start = min(starts, key=lambda s: abs(s - near))
    return anchor_at(text, start, start + len(exact))


@transactional
def reselect_anchor(actor: User, claim: Claim, expected_version=None, *, start=None, end=None,
                    exact=None) -> Claim:
    """Anchor a fuzzy or orphaned claim on a span a person chose: by position, or by the exact words (the
    occurrence nearest the proposed or old place)."""
    _check_unlocked(claim, expected_version)
    text = claim.article.text
    try:
        if exact is not None:
            if not isinstance(exact, str) or len(exact) > len(text):
                raise AnchorError("quote_invalid", "Give the exact words of the article.")
            near = claim.anchor_proposed_start if claim.anchor_proposed_start is not None else claim.anchor_start or 0
            anchor = _nearest(text, exact.strip(), near)
        else:
            anchor = anchor_at(text, start, end)
    except AnchorError as error:
        raise ValidationError(error.message, {"exact": error.message}, code=error.code) from error
    before = anchor_state(claim)
    _place(claim, anchor, keep(N_("%(name)s selected the quote again"), name=actor.name))
    return _recorded(actor, "claim.anchor_reselect", claim, before, claim.anchor_reason)


@transactional
def orphan_anchor(actor: User, claim: Claim, expected_version=None) -> Claim:
    """Say the quote is not in the article any more: the old anchor is kept and the claim is orphaned."""
    _check_unlocked(claim, expected_version)
    before = anchor_state(claim)
    claim.anchor_status, claim.anchor_similarity = AnchorStatus.ORPHANED, 0.0
    claim.anchor_reason = keep(N_("%(name)s marked the quote as gone from the article; the old anchor is kept"),
                              name=actor.name)
    claim.anchor_proposed_start = claim.anchor_proposed_end = None
    return _recorded(actor, "claim.anchor_orphan", claim, before, claim.anchor_reason)
