"""What the desk pages read: work lists, recent activity, and an article's text cut into claim segments."""

from dataclasses import dataclass, field
from functools import cache, lru_cache

from sqlalchemy import bindparam, func, literal, select, union_all
from sqlalchemy.orm import joinedload, load_only

from factcheck.extensions import db
from factcheck.models import (
    AnchorStatus, Article, AuditEvent, Claim, Claimant, ClaimStatus, Evidence, ReportTallyMonth, Source,
    Verdict,
)
from factcheck.services.articles.articles import LISTED_COLUMNS
from factcheck.services.reads.history import Entry, entries
from factcheck.services.text.sentences import Sentence

# Audit actions the desk's activity feed shows; account and token changes stay on the admin pages.
ACTIVITY_ACTIONS = (
    "article.create", "claim.create", "claim.update", "claim.transition", "verdict.set",
    "correction.create", "evidence.add", "evidence.remove", "link.add", "link.remove",
)


# What a row of the desk's front page shows of a claim (macros/desk_claims.html): its rating is the claim's own
# rating_key, so neither the verdict (with its explanation) nor the anchor's texts are read.
LISTED_CLAIM_COLUMNS = (Claim.id, Claim.text, Claim.status, Claim.article_id, Claim.claimant_id, Claim.assignee_id,
                        Claim.rating_key, Claim.anchor_status, Claim.updated_at, Claim.published_at)


def _listing_options():
    """What a desk list reads of each claim: its article's title, not its text."""
    return (
        load_only(*LISTED_CLAIM_COLUMNS),
        joinedload(Claim.claimant),
        joinedload(Claim.article).load_only(*LISTED_COLUMNS),
        joinedload(Claim.assignee),
        joinedload(Claim.rating),
    )


# -- lists of claims, read together ----------------------------------------------------------

def fixed(value):
    """A constant written into the SQL rather than sent as a parameter: a statement without parameters keeps its
    plan on the connection (PostgreSQL plans one with parameters again at each run: ~3 ms for the desk's lists)."""
    if isinstance(value, list):
        return bindparam(None, value, expanding=True, literal_execute=True)
    return literal(value, literal_execute=True)


@dataclass(frozen=True)
class ClaimList:
    """Which claims a desk list shows (`where`), in what order (by the columns `by`, the highest first unless
    `ascending`), and how many at most. A page reads all its lists in one statement: see claim_lists."""

    where: tuple
    by: tuple = (Claim.updated_at, Claim.id)
    ascending: bool = False
    limit: int = 20

    def ids(self, name: str):
        """(name, claim id, place in the list) of the list's claims: one arm of a UNION ALL.

        The place is numbered outside the list's own ORDER BY … LIMIT, so that the database still stops at the
        limit (numbered inside, PostgreSQL sorted batches of 32 claims, each asked whether it cites a broken link).
        """
        keys = [column.label(f"key{n}") for n, column in enumerate(self.by)]
        order = keys if self.ascending else [key.desc() for key in keys]
        chosen = (select(Claim.id.label("claim_id"), *keys).where(*self.where).order_by(*order).limit(fixed(self.limit))
                  .subquery())
        outer = [chosen.c[key.name] if self.ascending else chosen.c[key.name].desc() for key in keys]
        return select(fixed(name).label("list"), chosen.c.claim_id, func.row_number().over(order_by=outer).label("place"))


def claim_lists(lists: dict[str, ClaimList], also=None, **values) -> tuple[dict[str, list[Claim]], dict[int, Claim]]:
    """Each list's claims, with what a list shows of each, in one statement whatever the number of lists; and
    every claim it loaded by id, with those whose ids the query `also` selects. `values` fill the lists'
    named parameters (my_work's `me`)."""
    rows = db.session.execute(_lists_statement(tuple(lists.items()), also), values).all()
    found: dict[str, list[Claim]] = {name: [] for name in lists}
    for claim, name, _place in sorted(rows, key=lambda row: row.place):
        if name:
            found[name].append(claim)
    return found, {row.Claim.id: row.Claim for row in rows}


@lru_cache(maxsize=16)
def _lists_statement(lists: tuple[tuple[str, ClaimList], ...], also):
    """The statement of claim_lists, built once for the same lists (the functions below return the same ones):
    building its dozen subqueries took longer than PostgreSQL took to run it."""
    arms = [chosen.ids(name) for name, chosen in lists]
    if also is not None:
        extra = also.subquery()
        arms.append(select(fixed("").label("list"), extra.c[0].label("claim_id"), fixed(0).label("place")))
    chosen = union_all(*arms).subquery("chosen")
    return (select(Claim, chosen.c.list, chosen.c.place)
            .join(chosen, chosen.c.claim_id == Claim.id).options(*_listing_options()))


@cache
def my_work(limit: int = 20) -> ClaimList:
    """Claims assigned to the user whose id claim_lists is given as `me`, not published yet, most recently changed
    first."""
    me = bindparam("me", literal_execute=True)
    return ClaimList((Claim.assignee_id == me, Claim.status != fixed(ClaimStatus.PUBLISHED)), limit=limit)


@cache
def review_queue(limit: int = 50) -> ClaimList:
    """Claims waiting for an editor, the longest-waiting first."""
    return ClaimList((Claim.status == fixed(ClaimStatus.IN_REVIEW),), ascending=True, limit=limit)


@cache
def recently_published(limit: int = 10) -> ClaimList:
    return ClaimList((Claim.status == fixed(ClaimStatus.PUBLISHED),), (Claim.published_at, Claim.id), limit=limit)


def review_queue_size() -> int:
    """How many claims wait for an editor. On PostgreSQL from the report tallies: a claim in review always has a
    verdict (workflow.transition refuses one without), so the tallies, which count rated claims, count them all
    (a count of the claims reads ~130,000 index entries at a million claims)."""
    if db.engine.dialect.name == "postgresql":
        return db.session.scalar(select(func.coalesce(func.sum(ReportTallyMonth.n), 0))
                                 .where(ReportTallyMonth.status == ClaimStatus.IN_REVIEW))
    return db.session.scalar(select(func.count()).select_from(Claim).where(Claim.status == ClaimStatus.IN_REVIEW))


def send_back_notes(claims: list[Claim]) -> dict[int, str]:
    """The comment each claim was last sent back to draft with, for claims now in draft (one query, none when no
    claim is a draft)."""
    ids = [claim.id for claim in claims if claim.status == ClaimStatus.DRAFT]
    notes: dict[int, str] = {}
    if not ids:
        return notes
    events = db.session.execute(
        select(AuditEvent.claim_id, AuditEvent.after, AuditEvent.note)
        .where(AuditEvent.claim_id.in_(ids), AuditEvent.action == "claim.transition", AuditEvent.note.is_not(None))
        .order_by(AuditEvent.id))
    for claim_id, after, note in events:
        if (after or {}).get("status") == ClaimStatus.DRAFT:
            notes[claim_id] = note
    return notes


@cache
def orphaned_claims(limit: int = 20) -> ClaimList:
    """Claims whose quote could not be placed in their article's new text."""
    return ClaimList((Claim.anchor_status == fixed(AnchorStatus.ORPHANED),), limit=limit)


@cache
def anchors_to_confirm(limit: int = 20) -> ClaimList:
    """Claims whose quote an article edit found only with changed words: a person confirms the new place."""
    return ClaimList((Claim.anchor_status == fixed(AnchorStatus.FUZZY),), limit=limit)


@cache
def changed_published_quotes(limit: int = 20) -> ClaimList:
    """Published claims whose quoted words an article edit changed or lost: an editor should reopen them."""
    return ClaimList((Claim.status == fixed(ClaimStatus.PUBLISHED),
                      Claim.anchor_status.in_(fixed([AnchorStatus.FUZZY, AnchorStatus.ORPHANED]))), limit=limit)


def broken_link_sources():
    """Sources whose last link check could not read the page (redirects still count as working)."""
    return Source.link_status.is_not(None) & Source.link_status.not_in(fixed(["ok", "redirected"]))


@cache
def claims_citing_broken_links(limit: int = 20) -> ClaimList:
    """Unpublished and published claims whose live evidence cites a source with a broken link.

    The claims are walked newest first down their index, each asked whether it cites a broken link, until
    `limit` do (an IN list of every citing claim had SQLite sort thousands).
    """
    cites_broken = (select(Evidence.id).join(Source, Source.id == Evidence.source_id)
                    .where(Evidence.claim_id == Claim.id, broken_link_sources(), Evidence.removed_at.is_(None))
                    .exists())
    return ClaimList((cites_broken,), limit=limit)


@dataclass(frozen=True)
class Activity:
    """One line of the desk's activity feed: an entry of a claim's history, with its claim or article."""

    entry: Entry
    claim: Claim | None
    article_id: int | None


def recent_events(limit: int = 12) -> list[AuditEvent]:
    """The latest changes on the desk, newest first, with their actors (one query)."""
    return list(db.session.scalars(_latest_events(AuditEvent, limit).options(joinedload(AuditEvent.actor))))


@cache
def recent_event_claims(limit: int = 12):
    """A query of the claim ids of recent_events(limit), for claim_lists to load with its lists."""
    return _latest_events(AuditEvent.claim_id, limit)


def _latest_events(what, limit: int):
    return (select(what).where(AuditEvent.action.in_(fixed(list(ACTIVITY_ACTIONS))))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(fixed(limit)))


def activity(events: list[AuditEvent], claims: dict[int, Claim]) -> list[Activity]:
    """The events as lines of the feed, each with its claim from `claims` (no query)."""
    return [
        Activity(entry, claims.get(entry.event.claim_id),
                 entry.event.entity_id if entry.event.entity_type == "article" else None)
        for entry in entries(events)
    ]


def recent_activity(limit: int = 12) -> list[Activity]:
    """The latest changes on the desk, newest first, each with its claim (two queries)."""
    events = recent_events(limit)
    claim_ids = {event.claim_id for event in events if event.claim_id}
    claims = {}
    if claim_ids:
        claims = {claim.id: claim for claim in db.session.scalars(select(Claim).where(Claim.id.in_(claim_ids)))}
    return activity(events, claims)


def claims_on_article(article: Article) -> list[Claim]:
    """Every claim made from the article, in text order, with what the article page shows of each."""
    query = (select(Claim).where(Claim.article_id == article.id)
             .options(joinedload(Claim.claimant), joinedload(Claim.verdict).joinedload(Verdict.rating))
             .order_by(Claim.anchor_start, Claim.id))
    return list(db.session.scalars(query).unique())


CLAIMANTS_SUGGESTED = 20
RECENT_CLAIMS = 200  # whose claimants a claimant field suggests before anything is typed


def claimant_names(typed: str = "", limit: int = CLAIMANTS_SUGGESTED) -> list[str]:
    """Names for the claimant field's suggestions, so that claimants are reused rather than retyped.

    With `typed`, the claimants whose name holds it, those starting with it first; before anything is typed,
    the claimants of the latest claims (the people in the news the desk is checking). Both read an index or
    the claimants alone, so the suggestions cost the same whatever the number of claims.
    """
    typed = " ".join(typed.split())[:200]
    if typed:
        name = func.lower(Claimant.name)
        query = (select(Claimant.name).where(name.contains(typed.lower(), autoescape=True))
                 .order_by(name.startswith(typed.lower(), autoescape=True).desc(), Claimant.name))
    else:
        latest = select(Claim.claimant_id).order_by(Claim.updated_at.desc()).limit(RECENT_CLAIMS)
        query = select(Claimant.name).where(Claimant.id.in_(latest)).order_by(Claimant.name)
    return list(db.session.scalars(query.limit(limit)))


# -- the article's text, cut into pieces that are or are not part of a claim ---------------

@dataclass(frozen=True)
class Piece:
    text: str
    claim: Claim | None = None


@dataclass(frozen=True)
class SentenceSegments:
    """One sentence of the article and its text cut where claims begin and end."""

    sentence: Sentence
    pieces: list[Piece] = field(default_factory=list)

    @property
    def claims(self) -> list:
        seen = []
        for piece in self.pieces:
            if piece.claim is not None and piece.claim not in seen:
                seen.append(piece.claim)
        return seen


def placed_span(claim, proposals: bool) -> tuple[int, int] | None:
    """Where the claim's quote is in its article's current text: its anchor, unless orphaned or fuzzy; for a
    fuzzy anchor, with `proposals`, the place proposed for it (the desk shows it; the public never does)."""
    if claim.anchor_status == "orphaned":
        return None
    if claim.anchor_status == "fuzzy":
        start, end = (claim.anchor_proposed_start, claim.anchor_proposed_end) if proposals else (None, None)
    else:
        start, end = claim.anchor_start, claim.anchor_end
    return (start, end) if start is not None and end is not None else None


def _placed_spans(claims, proposals: bool) -> list[tuple[int, int, object]]:
    """(start, end, claim) of each anchored claim; where claims overlap, the earlier one wins."""
    spans = sorted(
        ((*span, c) for c in claims if (span := placed_span(c, proposals)) is not None),
        key=lambda span: (span[0], -span[1]),
    )
    placed: list[tuple[int, int, object]] = []
    for start, end, claim in spans:
        if placed and start < placed[-1][1]:
            start = placed[-1][1]  # the overlapping part stays with the claim placed first
        if start < end:
            placed.append((start, end, claim))
    return placed


def _sentence_pieces(text: str, sentence: Sentence, spans) -> list[Piece]:
    pieces, at = [], sentence.start
    for start, end, claim in spans:
        start, end = max(start, sentence.start), min(end, sentence.end)
        if start >= end:
            continue
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], claim))
        at = end
    if at < sentence.end:
        pieces.append(Piece(text[at:sentence.end]))
    return pieces


def article_segments(text: str, sentences: list[Sentence], claims, proposals: bool = False) -> list[SentenceSegments]:
    """Per sentence, its text as (text, claim or None) pieces, so a page can <mark> what is claimed.

    `claims` need their anchor's start, end, status and proposed place; orphaned claims are not placed, nor
    fuzzy ones unless `proposals` (see placed_span).
    """
    spans = _placed_spans(claims, proposals)
    return [SentenceSegments(s, _sentence_pieces(text, s, spans)) for s in sentences]


def paragraphs(text: str, segments: list[SentenceSegments]) -> list[list[SentenceSegments]]:
    """The segments grouped into the article's lines (its paragraphs, headings and list items)."""
    grouped: list[list[SentenceSegments]] = []
    previous_end = None
    for segment in segments:
        if previous_end is None or "\n" in text[previous_end:segment.sentence.start]:
            grouped.append([])
        grouped[-1].append(segment)
        previous_end = segment.sentence.end
    return grouped
