"""What the public pages read: published claims, their context in the article, claimant tallies."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from factcheck.errors import NotFound
from factcheck.extensions import db
from factcheck.models import Claim, Claimant, ClaimStatus, Rating, Verdict

CONTEXT_CHARS = 300
_SPACE = re.compile(r"\s")


@dataclass
class QuoteInContext:
    """An excerpt of an article cut around a claim's quote."""

    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


def _cut_start(text: str, position: int) -> int:
    """Move `position` forward past a cut word, unless that would skip too far."""
    space = _SPACE.search(text, position, position + 25)
    return space.end() if space else position


def _cut_end(text: str, position: int) -> int:
    """Move `position` back before a cut word, unless that would skip too far."""
    spaces = [m.start() for m in _SPACE.finditer(text, max(position - 25, 0), position)]
    return spaces[-1] if spaces else position


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def quote_in_context(text: str, start: int, end: int, window: int = CONTEXT_CHARS) -> QuoteInContext:
    """About `window` characters of `text` around text[start:end], cut at word boundaries."""
    side = max(window - (end - start), 0) // 2
    first = min(_cut_start(text, start - side), start) if start - side > 0 else 0
    last = max(_cut_end(text, end + side), end) if end + side < len(text) else len(text)
    return QuoteInContext(
        before=_one_line(text[first:start]).lstrip(),
        quote=_one_line(text[start:end]),
        after=_one_line(text[end:last]).rstrip(),
        cut_before=first > 0,
        cut_after=last < len(text),
    )


def claim_excerpt(claim: Claim) -> QuoteInContext | None:
    """The claim's quote in its article, or None when it has no article or its anchor is lost."""
    article = claim.article
    if article is None or claim.anchor_start is None or claim.anchor_end is None:
        return None
    if claim.anchor_status == "orphaned" or article.text[claim.anchor_start:claim.anchor_end] != claim.anchor_exact:
        return None
    return quote_in_context(article.text, claim.anchor_start, claim.anchor_end)


def published_claimant(slug: str) -> Claimant:
    """The claimant with this slug, if the public can see at least one of their claims."""
    claimant = db.session.scalar(select(Claimant).where(Claimant.slug == slug))
    if claimant is None or not db.session.scalar(
        select(Claim.id).where(Claim.claimant_id == claimant.id, Claim.status == ClaimStatus.PUBLISHED).limit(1)
    ):
        raise NotFound(f"There is no claimant {slug!r}.")
    return claimant


def rating_tally(claimant: Claimant) -> list[tuple[Rating, int]]:
    """How many of the claimant's published claims got each rating, in scale order."""
    rows = db.session.execute(
        select(Rating, func.count(Claim.id))
        .join(Verdict, Verdict.rating_key == Rating.key)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(Claim.claimant_id == claimant.id, Claim.status == ClaimStatus.PUBLISHED)
        .group_by(Rating.key)
        .order_by(Rating.position)
    )
    return [(rating, count) for rating, count in rows]


def published_claims(limit: int | None = None) -> list[Claim]:
    """Published claims, most recently published first, with what feeds and ClaimReview need."""
    from sqlalchemy.orm import joinedload

    query = (select(Claim).where(Claim.status == ClaimStatus.PUBLISHED)
             .options(joinedload(Claim.claimant), joinedload(Claim.article),
                      joinedload(Claim.verdict).joinedload(Verdict.rating))
             .order_by(Claim.published_at.desc(), Claim.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query).unique())
