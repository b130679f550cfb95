"""What the desk pages read: work lists, recent activity, and an article's text cut into claim segments."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from factcheck.extensions import db
from factcheck.models import (
    AnchorStatus, Article, AuditEvent, Claim, Claimant, ClaimStatus, Evidence, Source, User, Verdict,
)
from factcheck.services.articles.articles import LISTED_COLUMNS
from factcheck.services.reads.history import Entry, entries
from factcheck.services.text.sentences import Sentence

# Audit actions the desk's activity feed shows; account and token changes stay on the admin pages.
ACTIVITY_ACTIONS = (
    "article.create", "claim.create", "claim.update", "claim.transition", "verdict.set",
    "correction.create", "evidence.add", "evidence.remove", "link.add", "link.remove",
)


def _listing_options():
    """What a desk list shows of each claim: its article's title, not its text."""
    return (
        joinedload(Claim.claimant),
        joinedload(Claim.article).load_only(*LISTED_COLUMNS),
        joinedload(Claim.assignee),
        joinedload(Claim.verdict).joinedload(Verdict.rating),
    )


def my_work(user: User, limit: int = 20) -> list[Claim]:
    """Claims assigned to `user` that are not published yet, most recently changed first."""
    query = (select(Claim).where(Claim.assignee_id == user.id, Claim.status != ClaimStatus.PUBLISHED)
             .options(*_listing_options()).order_by(Claim.updated_at.desc(), Claim.id.desc()).limit(limit))
    return list(db.session.scalars(query).unique())


def review_queue(limit: int = 50) -> list[Claim]:
    """Claims waiting for an editor, the longest-waiting first."""
    query = (select(Claim).where(Claim.status == ClaimStatus.IN_REVIEW)
             .options(*_listing_options()).order_by(Claim.updated_at, Claim.id).limit(limit))
    return list(db.session.scalars(query).unique())


def recently_published(limit: int = 10) -> list[Claim]:
    query = (select(Claim).where(Claim.status == ClaimStatus.PUBLISHED)
             .options(*_listing_options()).order_by(Claim.published_at.desc(), Claim.id.desc()).limit(limit))
    return list(db.session.scalars(query).unique())


def review_queue_size() -> int:
    return db.session.scalar(select(func.count()).select_from(Claim).where(Claim.status == ClaimStatus.IN_REVIEW))


def send_back_notes(claims: list[Claim]) -> dict[int, str]:
    """The comment each claim was last sent back to draft with, for claims now in draft (one query)."""
    ids = [claim.id for claim in claims if claim.status == ClaimStatus.DRAFT]
    notes: dict[int, str] = {}
    events = db.session.execute(
        select(AuditEvent.claim_id, AuditEvent.after, AuditEvent.note)
        .where(AuditEvent.claim_id.in_(ids), AuditEvent.action == "claim.transition", AuditEvent.note.is_not(None))
        .order_by(AuditEvent.id))
    for claim_id, after, note in events:
        if (after or {}).get("status") == ClaimStatus.DRAFT:
            notes[claim_id] = note
    return notes


def orphaned_claims(limit: int = 20) -> list[Claim]:
    """Claims whose quote could not be placed in their article's new text."""
    query = (select(Claim).where(Claim.anchor_status == AnchorStatus.ORPHANED)
             .options(*_listing_options()).order_by(Claim.updated_at.desc(), Claim.id.desc()).limit(limit))
    return list(db.session.scalars(query).unique())


def anchors_to_confirm(limit: int = 20) -> list[Claim]:
    """Claims whose quote an article edit found only with changed words: a person confirms the new place."""
    query = (select(Claim).where(Claim.anchor_status == AnchorStatus.FUZZY)
             .options(*_listing_options()).order_by(Claim.updated_at.desc(), Claim.id.desc()).limit(limit))
    return list(db.session.scalars(query).unique())


def changed_published_quotes(limit: int = 20) -> list[Claim]:
    """Published claims whose quoted words an article edit changed or lost: an editor should reopen them."""
    query = (select(Claim).where(Claim.status == ClaimStatus.PUBLISHED,
                                 Claim.anchor_status.in_((AnchorStatus.FUZZY, AnchorStatus.ORPHANED)))
             .options(*_listing_options()).order_by(Claim.updated_at.desc(), Claim.id.desc()).limit(limit))
    return list(db.session.scalars(query).unique())


def broken_link_sources():
    """Sources whose last link check could not read the page (redirects still count as working)."""
    return Source.link_status.is_not(None) & Source.link_status.not_in(("ok", "redirected"))


def claims_citing_broken_links(limit: int = 20) -> list[Claim]:
    """Unpublished and published claims whose live evidence cites a source with a broken link."""
    cites_broken = (select(Evidence.id).join(Source, Source.id == Evidence.source_id)
                    .where(Evidence.claim_id == Claim.id, broken_link_sources(), Evidence.removed_at.is_(None))
                    .exists())
    newest_first = (Claim.updated_at.desc(), Claim.id.desc())
    # The newest ids first: the claims walked newest first down their index, each asked whether it cites a broken
    # link, until `limit` do (an IN list of every citing claim had SQLite sort thousands). Only those are loaded.
    chosen = select(Claim.id).where(cites_broken).order_by(*newest_first).limit(limit)
    query = select(Claim).where(Claim.id.in_(chosen)).options(*_listing_options()).order_by(*newest_first)
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class Activity:
    """One line of the desk's activity feed: an entry of a claim's history, with its claim or article."""

    entry: Entry
    claim: Claim | None
    article_id: int | None


def recent_activity(limit: int = 12) -> list[Activity]:
    """The latest changes on the desk, newest first, each with its claim (two queries)."""
    events = list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(ACTIVITY_ACTIONS))
        .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    ))
    claim_ids = {event.claim_id for event in events if event.claim_id}
    claims = {}
    if claim_ids:
        claims = {claim.id: claim for claim in db.session.scalars(select(Claim).where(Claim.id.in_(claim_ids)))}
    return [
        Activity(entry, claims.get(entry.event.claim_id),
                 entry.event.entity_id if entry.event.entity_type == "article" else None)
        for entry in entries(events)
    ]


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
