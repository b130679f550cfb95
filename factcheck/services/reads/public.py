"""What the public pages read: published claims, their context in the article, claimant tallies."""

from factcheck.i18n import lazy_gettext as _l
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO

import orjson
from sqlalchemy import Integer, and_, cast, func, literal, or_, select
from sqlalchemy.orm import joinedload, with_expression

from factcheck.errors import NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import (
    Article, ArticleRevision, Claim, Claimant, ClaimStatus, Rating, ReportTallyClaimant, Verdict,
)
from factcheck.services.claims.claims import get_claim
from factcheck.services.reads.desk import SentenceSegments, article_segments, paragraphs
from factcheck.services.site.publishing import ReviewFacts, publisher, review_of
from factcheck.services.text.languages import given_language
from factcheck.services.reads.search import Matches, best_first, count_at_most, matching_claims, ranked_at_most
from factcheck.services.text.sentences import split_sentences

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


def checked_quote(claim: Claim) -> QuoteInContext | None:
    """The quote as it was checked, with the context kept in its anchor, for when the article's text no longer
    has it: an edit changed or removed the words, and words placed since were never checked."""
    if claim.anchor_exact is None:
        return None
    prefix, suffix = _one_line(claim.anchor_prefix or ""), _one_line(claim.anchor_suffix or "")
    return QuoteInContext(before=prefix.lstrip(), quote=_one_line(claim.anchor_exact), after=suffix.rstrip(),
                          cut_before=bool(prefix), cut_after=bool(suffix))


def public_claim(claim_id: int) -> Claim:
    """A published claim with what its page shows, and `article_edited_at`: when its article's text was first
    replaced after the claim was first published (or None), in the same statement."""
    edited = (select(func.min(ArticleRevision.replaced_at))
              .where(ArticleRevision.article_id == Claim.article_id,
                     ArticleRevision.replaced_at > Claim.first_published_at)
              .scalar_subquery())
    return get_claim(claim_id, None, with_expression(Claim.article_edited_at, edited))


def published_claimant(slug: str) -> Claimant:
    """The claimant with this slug, if the public can see at least one of their claims."""
    claimant = db.session.scalar(select(Claimant).where(Claimant.slug == slug))
    if claimant is None or not db.session.scalar(
        select(Claim.id).where(Claim.claimant_id == claimant.id, Claim.status == ClaimStatus.PUBLISHED).limit(1)
    ):
        raise NotFound(_l('There is no claimant %(slug)r.', slug=slug))
    return claimant


def rating_tally(claimant: Claimant) -> list[tuple[Rating, int]]:
    """How many of the claimant's published claims got each rating, in scale order (a published claim always has
    a verdict, so the counts add up to their published claims). On PostgreSQL from the claimant tally the report
    triggers keep: counting the claims read ~90,000 index entries for the biggest claimant at a million claims."""
    if db.engine.dialect.name == "postgresql":
        tally = ReportTallyClaimant
        counted = func.sum(tally.n)
        query = (select(Rating, cast(counted, Integer)).join(tally, tally.rating_key == Rating.key)
                 .where(tally.claimant_id == claimant.id, tally.status == ClaimStatus.PUBLISHED)
                 .group_by(Rating.key).having(counted > 0))
    else:
        query = (select(Rating, func.count(Claim.id)).join(Claim, Claim.rating_key == Rating.key)
                 .where(Claim.claimant_id == claimant.id, Claim.status == ClaimStatus.PUBLISHED).group_by(Rating.key))
    rows = db.session.execute(query.order_by(Rating.position))
    return [(rating, count) for rating, count in rows]


def _published_newest_first():
    # What feeds and ClaimReview need; not the article's text.
    return (select(Claim).where(Claim.status == ClaimStatus.PUBLISHED)
            .options(joinedload(Claim.claimant), joinedload(Claim.article).defer(Article.text),
                     joinedload(Claim.verdict).joinedload(Verdict.rating))
            .order_by(Claim.published_at.desc(), Claim.id.desc()))


def published_claims(limit: int) -> list[Claim]:
    """The `limit` most recently published claims, with what feeds and ClaimReview need."""
    return list(db.session.scalars(_published_newest_first().limit(limit)).unique())


FEED_BATCH = 1000
# What the DataFeed reads of each published claim, in ReviewFacts' order.
_FEED_COLUMNS = (Claim.id, Claim.slug, Claim.text, Claim.claimed_at, Claim.first_published_at, Claim.published_at,
                 Claim.updated_at, Claimant.kind, Claimant.name, Article.url, Article.title, Article.published_at,
                 Article.outlet, Verdict.summary, Rating.label, Rating.value)


def each_published_review(batch: int = FEED_BATCH) -> Iterator[ReviewFacts]:
    """What the ClaimReview of every published claim says, newest first: rows of one statement, read `batch` at a
    time, so memory stays flat however large the archive (a published claim always has a verdict)."""
    statement = (select(*(column.label(name) for name, column in zip(ReviewFacts._fields, _FEED_COLUMNS)))
                 .select_from(Claim).join(Verdict, Verdict.claim_id == Claim.id)
                 .join(Rating, Rating.key == Verdict.rating_key)
                 .outerjoin(Claimant, Claimant.id == Claim.claimant_id)
                 .outerjoin(Article, Article.id == Claim.article_id)
                 .where(Claim.status == ClaimStatus.PUBLISHED)
                 .order_by(Claim.published_at.desc(), Claim.id.desc()))
    yield from map(ReviewFacts._make, db.session.connection().execute(statement.execution_options(yield_per=batch)))


def last_publication():
    """When the most recently published claim was published, or None."""
    return db.session.scalar(select(func.max(Claim.published_at)).where(Claim.status == ClaimStatus.PUBLISHED))


def write_claimreview_feed(out: TextIO, root: str, organisation: str) -> None:
    """Every published ClaimReview as a schema.org DataFeed, written to `out` one review at a time (orjson: the
    feed of a million claims is most of a gigabyte)."""
    latest = last_publication()
    head = json.dumps({
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{organisation}: fact-checks",
        "url": root.rstrip("/") + "/claimreview.json",
        "dateModified": latest.isoformat() if latest else None,
    }, ensure_ascii=False)
    out.write(head[:-1] + ', "dataFeedElement": [')
    author = publisher(root, organisation)
    for n, facts in enumerate(each_published_review()):
        out.write(("," if n else "") + orjson.dumps(review_of(facts, base_url=root, author=author)).decode())
    out.write("]}")


# -- the public index: filters, search and pagination ------------------------------------------

PER_PAGE = 20
MAX_SEARCH_PAGE = 50


@dataclass
class PublicFilters:
    """What a reader asked the index for; empty strings mean "any"."""

    q: str = ""
    rating: str = ""
    claimant: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    older: int | None = None  # keyset cursors: the id of the last (first) claim of the page seen
    newer: int | None = None
    page: int = 1  # search results are ranked, so they page by number
    lang: str = ""  # claims in this content language only; the words of q are read in it

    @property
    def narrowed(self) -> bool:
        return any((self.q, self.rating, self.claimant, self.outlet, self.date_from, self.date_to, self.lang))

    def link_args(self) -> dict:
        """The filters as URL arguments, without the cursors."""
        return {name: value for name, value in (
            ("q", self.q), ("rating", self.rating), ("claimant", self.claimant), ("outlet", self.outlet),
            ("from", self.date_from), ("to", self.date_to), ("lang", self.lang)) if value}


@dataclass
class PublicPage:
    """One page of published claims: newest first, or by relevance for a search."""

    items: list[Claim]
    total: int | None  # counted only when the reader narrowed the list
    older: int | None = None  # cursor for the "Older" link
    newer: int | None = None  # cursor for the "Newer" link
    page: int | None = None  # for ranked search results
    has_next_page: bool = False
    more_than: int | None = None  # a search that matched more than this many: not counted, newest first


def _whole_number(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_l('%(name)s must be a whole number.', name=name), {name: _l('Must be a whole number.')}) from None
    if number < 1:
        raise ValidationError(_l('%(name)s must be at least 1.', name=name), {name: _l('Must be at least 1.')})
    return number


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_l('%(value)r is not a date.', value=value), {name: _l('Use a date like 2022-01-07.')}) from None


def read_filters(args) -> PublicFilters:
    """The filters of a query string (a MultiDict or a dict), checked."""
    def text(name: str, limit: int = 200) -> str:
        value = args.get(name) or ""
        return value.strip()[:limit] if isinstance(value, str) else ""

    filters = PublicFilters(q=text("q", 300), rating=text("rating", 40), claimant=text("claimant"),
                            outlet=text("outlet"), date_from=text("from", 10), date_to=text("to", 10),
                            older=_whole_number(args.get("older"), "older"),
                            newer=_whole_number(args.get("newer"), "newer"),
                            page=_whole_number(args.get("page"), "page") or 1,
                            lang=given_language(text("lang", 16), "lang") or "")
    if filters.page > MAX_SEARCH_PAGE:
        raise ValidationError(_l('That page is too far.'), {"page": _l('At most %(max_search_page)s.', max_search_page=MAX_SEARCH_PAGE)})
    _day(filters.date_from, "from"), _day(filters.date_to, "to")
    return filters


def _narrowed(query, filters: PublicFilters):
    if filters.lang:
        query = query.where(Claim.language == filters.lang)
    if filters.rating:
        query = query.where(Claim.rating_key == filters.rating)
    if filters.claimant:
        query = query.join(Claimant, Claimant.id == Claim.claimant_id).where(
            or_(Claimant.slug == filters.claimant, func.lower(Claimant.name) == filters.claimant.lower()))
    if filters.outlet:
        query = query.join(Article, Article.id == Claim.article_id).where(
            func.lower(Article.outlet) == filters.outlet.lower())
    if start := _day(filters.date_from, "from"):
        query = query.where(Claim.published_at >= datetime.combine(start, time(), UTC))
    if end := _day(filters.date_to, "to"):
        query = query.where(Claim.published_at < datetime.combine(end + timedelta(days=1), time(), UTC))
    return query


def _card_options():
    return (joinedload(Claim.claimant), joinedload(Claim.verdict).joinedload(Verdict.rating))


def public_claims(filters: PublicFilters, per_page: int = PER_PAGE, total: int | None = None) -> PublicPage:
    """A page of published claims for the index or a claimant page, in a fixed number of queries; `total`: how
    many match, when the caller knows (a claimant page, from its rating tally), else counted if narrowed.

    Without a search it pages by keyset on (published_at, id), as fast on page 5,000 as on page 1;
    a search is ranked by relevance (then newest) and pages by number.
    """
    # status as a literal, not a parameter: a prepared statement's generic plan could not use the index of
    # published claims' words (claim_fts_published), whose condition is status = 'published'
    published = Claim.status == literal(ClaimStatus.PUBLISHED.value, literal_execute=True)
    query = _narrowed(select(Claim).where(published), filters)
    matches = matching_claims(filters.q, filters.lang or None) if filters.q else None
    if filters.q and matches is None:
        return PublicPage([], 0)
    if matches is not None:
        return _ranked_page(query, matches, filters, per_page)
    if total is None and filters.narrowed:
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return _keyset_page(query, filters, per_page, total)


def _ranked_page(query, matches: Matches, filters: PublicFilters, per_page: int) -> PublicPage:
    query = query.where(matches.where)
    most = ranked_at_most()
    found = count_at_most(query, most)
    ranked = found <= most
    page = best_first(query, matches, Claim.published_at, (filters.page - 1) * per_page, per_page, ranked)
    items = list(db.session.scalars(page.options(*_card_options())).unique())
    return PublicPage(items, found if ranked else None, page=filters.page,
                      more_than=None if ranked else most, has_next_page=filters.page * per_page < found and filters.page < MAX_SEARCH_PAGE)


def _position(claim_id: int):
    return select(Claim.published_at).where(Claim.id == claim_id).scalar_subquery()


def _keyset_page(query, filters: PublicFilters, per_page: int, total: int | None) -> PublicPage:
    newest_first = (Claim.published_at.desc(), Claim.id.desc())
    if filters.newer:
        at = _position(filters.newer)
        query = query.where(Claim.published_at >= at,  # a range the index can seek to; the OR breaks ties
                            or_(Claim.published_at > at, and_(Claim.published_at == at, Claim.id > filters.newer)))
        rows = list(db.session.scalars(query.options(*_card_options())
                                       .order_by(Claim.published_at, Claim.id).limit(per_page + 1)).unique())
        more_newer, items = len(rows) > per_page, rows[:per_page][::-1]
        return PublicPage(items, total, older=items[-1].id if items else None,
                          newer=items[0].id if items and more_newer else None)
    if filters.older:
        at = _position(filters.older)
        query = query.where(Claim.published_at <= at,
                            or_(Claim.published_at < at, and_(Claim.published_at == at, Claim.id < filters.older)))
    rows = list(db.session.scalars(query.options(*_card_options()).order_by(*newest_first).limit(per_page + 1)).unique())
    items = rows[:per_page]
    return PublicPage(items, total, older=items[-1].id if len(rows) > per_page else None,
                      newer=items[0].id if items and filters.older else None)


# -- the public article view -----------------------------------------------------------------

@dataclass
class PublicArticle:
    article: Article
    claims: list[Claim]
    lines: list[list[SentenceSegments]]


def published_article(article_id: int) -> PublicArticle:
    """An article with only its published claims marked; NotFound unless it has at least one."""
    article = db.session.get(Article, article_id)
    claims = [] if article is None else list(db.session.scalars(
        select(Claim).where(Claim.article_id == article.id, Claim.status == ClaimStatus.PUBLISHED)
        .options(*_card_options()).order_by(Claim.anchor_start, Claim.id)).unique())
    if not claims:
        raise NotFound(_l('There is no public article %(article_id)s.', article_id=article_id))
    segments = article_segments(article.text, split_sentences(article.text), claims)
    return PublicArticle(article, claims, paragraphs(article.text, segments))
