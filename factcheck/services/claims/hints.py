"""Attribution hints on an article: which are still offered, and accepting (a claim) or dismissing one.

The hints themselves are computed from the text on request (services.attribution, a pure function that
takes well under a second on the longest article): only dismissals are stored.
"""

from factcheck.i18n import lazy_gettext as _l
import hashlib

from sqlalchemy import select

from factcheck.errors import NotFound
from factcheck.extensions import db
from factcheck.models import Article, Claim, HintDismissal, User
from factcheck.services.text.attribution import Hint, attribution_hints
from factcheck.services.core.audit import record
from factcheck.services.claims.claims import create_claim
from factcheck.services.core.transaction import transactional


def quote_sha256(quote: str) -> str:
    return hashlib.sha256(quote.encode()).hexdigest()


def article_hints(article: Article) -> list[Hint]:
    """Every attributed statement in the article's text (what GET /api/v1/articles/<id>/hints lists)."""
    return attribution_hints(article.text, article.language)


def _claimed(hint: Hint, claims: list[Claim]) -> bool:
    """Whether a claim already quotes words of the hint's statement (an accepted hint is such a claim)."""
    for claim in claims:
        start, end = claim.anchor_start, claim.anchor_end
        if claim.anchor_status == "fuzzy" and claim.anchor_proposed_start is not None:
            start, end = claim.anchor_proposed_start, claim.anchor_proposed_end
        elif claim.anchor_status == "orphaned":
            continue
        if start is not None and end is not None and start < hint.end and hint.start < end:
            return True
    return False


def offered_hints(article: Article, claims: list[Claim]) -> list[Hint]:
    """The hints the desk still offers: neither dismissed nor already claimed (one query, for the dismissals)."""
    dismissed = set(db.session.scalars(select(HintDismissal.quote_sha256).where(HintDismissal.article_id == article.id)))
    return [hint for hint in article_hints(article)
            if quote_sha256(hint.quote) not in dismissed and not _claimed(hint, claims)]


def find_hint(article: Article, start, end) -> Hint:
    """The article's hint at exactly [start, end), or NotFound (the text changed, or no such hint)."""
    for hint in article_hints(article):
        if (hint.start, hint.end) == (start, end):
            return hint
    raise NotFound(_l("There is no such hint in the article's current text; reload the page to see its hints."))


def accept_hint(actor: User, article: Article, start, end) -> Claim:
    """A draft claim from the hint: its span, its statement as the claim's text, its claimant."""
    hint = find_hint(article, start, end)
    return create_claim(actor, article=article, claimant=hint.claimant,
                        selector={"type": "TextPositionSelector", "start": hint.start, "end": hint.end})


@transactional
def dismiss_hint(actor: User, article: Article, start, end) -> Hint:
    """Stop offering a hint on this article (dismissing it twice is the same as once)."""
    hint = find_hint(article, start, end)
    digest = quote_sha256(hint.quote)
    exists = db.session.scalar(select(HintDismissal.id).where(HintDismissal.article_id == article.id,
                                                              HintDismissal.quote_sha256 == digest))
    if exists is None:
        dismissal = HintDismissal(article_id=article.id, quote_sha256=digest, quote=hint.quote,
                                  claimant=hint.claimant[:200], dismissed_by_id=actor.id)
        db.session.add(dismissal)
        record(actor, "hint.dismiss", dismissal, after={"article_id": article.id, "start": hint.start,
                                                        "end": hint.end, "quote": hint.quote,
                                                        "claimant": hint.claimant})
    return hint
