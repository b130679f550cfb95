"""The desk's source library: listing and filtering sources, merging duplicates, publisher notes."""

from factcheck.i18n import lazy_gettext as _l
from collections import defaultdict
from dataclasses import dataclass, field
from math import ceil

from flask import current_app
from sqlalchemy import Select, distinct, func, or_, select, update
from sqlalchemy.orm import lazyload

from factcheck.errors import Conflict, Forbidden, NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, Evidence, PublisherNote, Source, SourceSnapshot, User
from factcheck.models.types import utcnow
from factcheck.services.core.audit import record
from factcheck.services.text.fields import clean_text
from factcheck.services.claims.evidence import SOURCE_KINDS, source_state
from factcheck.services.core.transaction import transactional
from factcheck.services.text.urls import InvalidUrl, normalise_url
from factcheck.services.reads.search import count_at_most

PER_PAGE = 50
MAX_PER_PAGE = 200
# The library counts its sources up to here (LIBRARY_COUNTED_AT_MOST): a count of 250,000 took longer than the
# rest of the page.
COUNTED_AT_MOST = 10_000
MAX_NOTE = 5000
# Link statuses that still reach the page; anything else is shown as broken.
WORKING_LINK_STATUSES = ("ok", "redirected")
# Fields a merge copies to the surviving source when the survivor has none.
FILLED_BY_MERGE = ("title", "publisher", "author", "published_at", "archive_url")


# -- the library listing --------------------------------------------------------------------

@dataclass(frozen=True)
class SourceFilters:
    """What the library list is narrowed to; empty values do not filter."""

    q: str = ""
    publisher: str = ""
    kind: str = ""
    domain: str = ""
    broken: bool = False

    @property
    def active(self) -> bool:
        return bool(self.q or self.publisher or self.kind or self.domain or self.broken)


@dataclass(frozen=True)
class LibraryRow:
    """One source in the library with how many claims cite it, per stance, and its publisher's note."""

    source: Source
    claims: int = 0
    stances: dict[str, int] = field(default_factory=dict)
    publisher_note: PublisherNote | None = None


@dataclass(frozen=True)
class LibraryPage:
    rows: list[LibraryRow]
    total: int  # how many match, counted no further than `most` + 1
    page: int
    per_page: int
    has_older: bool = False  # a page after this one
    most: int = COUNTED_AT_MOST

    @property
    def counted(self) -> bool:
        """Whether `total` is every match (else there are more than `most`)."""
        return self.total <= self.most

    @property
    def pages(self) -> int | None:
        return max(1, ceil(self.total / self.per_page)) if self.counted else None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def domain_of(value: str) -> str:
    """The host a domain filter means: 'www.Example.org', 'https://example.org/x' → that host, lower-case."""
    value = (value or "").strip().lower()
    if "://" in value:
        try:
            value = normalise_url(value).split("/")[2]
        except InvalidUrl:
            return ""
    return value.split("/")[0].split(":")[0].strip(".")


def _domain_condition(domain: str):
    """URLs on `domain` or its subdomains (URLs are normalised: scheme://host[:port]/path)."""
    host = _escape_like(domain)
    patterns = [f"{scheme}://{prefix}{host}{end}" for scheme in ("http", "https")
                for prefix in ("", "%.") for end in ("/%", ":%")]
    return or_(*(Source.url.like(pattern, escape="\\") for pattern in patterns))


def _filtered(query: Select, filters: SourceFilters) -> Select:
    query = query.where(Source.merged_into_id.is_(None))
    if filters.q:
        needle = filters.q.lower()
        query = query.where(or_(
            func.lower(Source.title).contains(needle, autoescape=True),
            func.lower(Source.url).contains(needle, autoescape=True),
            func.lower(Source.publisher).contains(needle, autoescape=True),
        ))
    if filters.publisher:
        query = query.where(func.lower(Source.publisher) == filters.publisher.lower())
    if filters.kind:
        query = query.where(Source.kind == filters.kind)
    if filters.domain and domain_of(filters.domain):
        query = query.where(_domain_condition(domain_of(filters.domain)))
    if filters.broken:
        query = query.where(Source.link_status.is_not(None), Source.link_status.not_in(WORKING_LINK_STATUSES))
    return query


def citation_counts(source_ids) -> dict[int, tuple[int, dict[str, int]]]:
    """Per source: how many claims cite it, and how many with each stance (two GROUP BY queries)."""
    if not source_ids:
        return {}
    live = (Evidence.source_id.in_(source_ids), Evidence.removed_at.is_(None))
    per_stance: dict[int, dict[str, int]] = defaultdict(dict)
    for source_id, stance, count in db.session.execute(
            select(Evidence.source_id, Evidence.stance, func.count(distinct(Evidence.claim_id)))
            .where(*live).group_by(Evidence.source_id, Evidence.stance)):
        per_stance[source_id][stance] = count
    totals = dict(db.session.execute(
        select(Evidence.source_id, func.count(distinct(Evidence.claim_id))).where(*live).group_by(Evidence.source_id)
    ).all())
    return {source_id: (totals[source_id], dict(per_stance[source_id])) for source_id in totals}


def list_sources(filters: SourceFilters = SourceFilters(), page: int = 1, per_page: int = PER_PAGE) -> LibraryPage:
    """One page of the library, newest first, in four queries whatever the page size or the library's size."""
    if filters.kind and filters.kind not in SOURCE_KINDS:
        raise ValidationError(_l('Unknown kind %(filters_kind)r.', filters_kind=filters.kind), {"kind": _l('Choose one of the listed kinds.')})
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    most = current_app.config.get("LIBRARY_COUNTED_AT_MOST", COUNTED_AT_MOST)
    total = count_at_most(_filtered(select(Source.id), filters), most)
    page = max(1, page)
    if total <= most:
        page = min(page, max(1, ceil(total / per_page)))
    found = list(db.session.scalars(
        _filtered(select(Source), filters).order_by(Source.created_at.desc(), Source.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)))
    sources = found[:per_page]
    counts = citation_counts([s.id for s in sources])
    notes = publisher_notes({s.publisher for s in sources if s.publisher})
    rows = [LibraryRow(s, *counts.get(s.id, (0, {})), notes.get((s.publisher or "").lower())) for s in sources]
    return LibraryPage(rows, total, page, per_page, has_older=len(found) > per_page, most=most)


def publishers(limit: int = 1000) -> list[str]:
    """Every publisher named in the library, for the filter's suggestions.

    A few dozen publishers name 250,000 sources at a million claims: rather than reading every source to find
    them (DISTINCT: ~60 ms), each next name is one step along the publisher index (a recursive query).
    """
    live = Source.merged_into_id.is_(None)
    first = select(func.min(Source.publisher).label("publisher")).where(Source.publisher.is_not(None), live)
    names = first.cte("names", recursive=True)
    following = (select(func.min(Source.publisher)).where(Source.publisher > names.c.publisher, live)
                 .scalar_subquery())
    names = names.union_all(select(following).where(names.c.publisher.is_not(None)))
    return list(db.session.scalars(select(names.c.publisher).where(names.c.publisher.is_not(None)).limit(limit)))


# -- one source: its snapshots, and its citations a page at a time ---------------------------

SNAPSHOTS_SHOWN = 10
CITATIONS_PER_PAGE = 50


@dataclass(frozen=True)
class Newest:
    """The newest rows of one of a source's lists (snapshots, captures), newest first, and how many it has."""

    shown: list
    total: int

    @property
    def latest(self):
        return self.shown[0] if self.shown else None


def newest_of(statement, limit: int) -> Newest:
    """The first `limit` rows of `statement` (one entity, newest first) and its number of rows, in one statement."""
    rows = db.session.execute(statement.add_columns(func.count().over()).limit(limit)).all()
    return Newest([row[0] for row in rows], rows[0][1] if rows else 0)


def snapshots_of(source: Source, limit: int = SNAPSHOTS_SHOWN) -> Newest:
    """The source's `limit` newest snapshots and their number."""
    return newest_of(select(SourceSnapshot).where(SourceSnapshot.source_id == source.id)
                     .order_by(SourceSnapshot.fetched_at.desc(), SourceSnapshot.id.desc()), limit)


def sha256_when_cited():
    """The SHA-256 of the snapshot that was the latest when the evidence row was added, as a column of a query
    of Evidence (NULL: no snapshot existed then)."""
    return (select(SourceSnapshot.sha256)
            .where(SourceSnapshot.source_id == Evidence.source_id, SourceSnapshot.fetched_at <= Evidence.created_at)
            .order_by(SourceSnapshot.fetched_at.desc(), SourceSnapshot.id.desc()).limit(1)
            .correlate(Evidence).scalar_subquery())


def changed_since_cited(sha256_then: str | None, latest: SourceSnapshot | None) -> bool | None:
    """True when the latest snapshot differs from the one current at citation; None when unknown."""
    if sha256_then is None or latest is None:
        return None
    return latest.sha256 != sha256_then


@dataclass(frozen=True)
class CitingClaim:
    """What a citation on the source page shows of the claim."""

    id: int
    text: str
    status: str


@dataclass(frozen=True)
class Citation:
    """A live evidence row citing the source, its claim, and whether the source changed since (None: unknown)."""

    evidence: Evidence
    claim: CitingClaim
    changed: bool | None


@dataclass(frozen=True)
class CitationsPage:
    """One page of a source's live citations, newest first, and where it sits among all of them.

    Pages are cut by evidence id (a keyset), not by offset: every page, the oldest too, reads only its own
    rows, and a citation added meanwhile does not shift the page being read.
    """

    rows: list[Citation]
    total: int
    newer: int  # the live citations newer than this page's first row

    @property
    def first(self) -> int:
        return self.newer + 1

    @property
    def last(self) -> int:
        return self.newer + len(self.rows)

    @property
    def has_newer(self) -> bool:
        return self.newer > 0

    @property
    def has_older(self) -> bool:
        return self.last < self.total

    @property
    def newest_id(self) -> int | None:
        return self.rows[0].evidence.id if self.rows else None

    @property
    def oldest_id(self) -> int | None:
        return self.rows[-1].evidence.id if self.rows else None


def _live_citations(source: Source) -> tuple:
    return Evidence.source_id == source.id, Evidence.removed_at.is_(None)


def _citation_rows(source: Source, latest: SourceSnapshot | None, per_page: int,
                   older: int | None = None, newer: int | None = None) -> list[Citation]:
    # Each row's source is the page's own (found in the session's identity map, not joined in again).
    query = (select(Evidence, Claim.text, Claim.status, sha256_when_cited())
             .join(Claim, Claim.id == Evidence.claim_id).where(*_live_citations(source))
             .options(lazyload(Evidence.source)))
    if newer is not None:  # the page just newer than evidence `newer`: read upwards, shown newest first
        query = query.where(Evidence.id > newer).order_by(Evidence.id)
    else:
        if older is not None:
            query = query.where(Evidence.id < older)
        query = query.order_by(Evidence.id.desc())
    rows = [Citation(evidence, CitingClaim(evidence.claim_id, text, status), changed_since_cited(then, latest))
            for evidence, text, status, then in db.session.execute(query.limit(per_page))]
    return rows[::-1] if newer is not None else rows


def citations_page(source: Source, latest: SourceSnapshot | None = None, *, older: int | None = None,
                   newer: int | None = None, per_page: int = CITATIONS_PER_PAGE) -> CitationsPage:
    """The page of the source's live citations older than evidence `older`, or newer than evidence `newer`
    (newer=0: the oldest page), or else the newest; in two statements, whatever the number of citations.

    A cursor past either end (its rows removed meanwhile) gives the page at that end, in one more.
    """
    rows = _citation_rows(source, latest, per_page, older, newer)
    if not rows and newer:
        rows = _citation_rows(source, latest, per_page)
    elif not rows and older is not None:
        rows = _citation_rows(source, latest, per_page, newer=0)
    top = rows[0].evidence.id if rows else 0
    total, above = db.session.execute(
        select(func.count(), func.count().filter(Evidence.id > top)).where(*_live_citations(source))).one()
    return CitationsPage(rows, total, above)


# -- merging duplicates ---------------------------------------------------------------------

def surviving_source(source: Source) -> Source:
    """The source that `source` was merged into, or `source` itself."""
    if source.merged_into_id is None:
        return source
    return db.session.get(Source, source.merged_into_id) or source


def find_source_for_merge(reference: str) -> Source:
    """The source a person means by an id or a URL in the "Merge into…" field."""
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_l('Say which source this one is the same as.'), {"into": _l('Enter a source id or its URL.')})
    if reference.isdigit():
        found = db.session.get(Source, int(reference))
    else:
        try:
            url = normalise_url(reference)
        except InvalidUrl as error:
            raise ValidationError(str(error), {"into": str(error)}) from error
        found = db.session.scalar(select(Source).where(Source.url == url))
    if found is None:
        raise ValidationError(_l('There is no such source in the library.'), {"into": _l('No source has this id or URL.')})
    return surviving_source(found)


@transactional
def merge_sources(actor: User, merged: Source, survivor: Source) -> Source:
    """Move every evidence row of `merged` to `survivor`; `merged` stays, pointing at its survivor."""
    if not actor.has_role("editor"):
        raise Forbidden(_l('Only an editor can merge sources.'))
    if merged.merged_into_id is not None:
        raise Conflict(_l('This source has already been merged into another.'), code="already_merged")
    if survivor.merged_into_id is not None:
        survivor = surviving_source(survivor)
    if survivor.id == merged.id:
        raise ValidationError(_l('A source cannot be merged into itself.'), {"into": _l('Choose another source.')})
    evidence_ids = list(db.session.scalars(select(Evidence.id).where(Evidence.source_id == merged.id)))
    before = {"merged": source_state(merged), "survivor": source_state(survivor), "evidence_ids": evidence_ids}
    filled = _fill_blanks(survivor, merged)
    db.session.execute(update(Evidence).where(Evidence.source_id == merged.id)
                       .values(source_id=survivor.id).execution_options(synchronize_session="fetch"))
    # Sources merged into this one earlier now point straight at the survivor: one hop, always.
    db.session.execute(update(Source).where(Source.merged_into_id == merged.id)
                       .values(merged_into_id=survivor.id).execution_options(synchronize_session="fetch"))
    merged.merged_into_id = survivor.id
    record(actor, "source.merge", merged, before=before,
           after={"merged_into_id": survivor.id, "evidence_ids": evidence_ids, "filled": filled})
    return survivor


def _fill_blanks(survivor: Source, merged: Source) -> list[str]:
    filled = []
    for name in FILLED_BY_MERGE:
        if getattr(survivor, name) is None and getattr(merged, name) is not None:
            setattr(survivor, name, getattr(merged, name))
            filled.append(name)
    return filled


# -- publisher notes ------------------------------------------------------------------------

def publisher_notes(names) -> dict[str, PublisherNote]:
    """The notes on these publishers, keyed by lower-case name (one query)."""
    lowered = {name.lower() for name in names if name}
    if not lowered:
        return {}
    query = select(PublisherNote).where(func.lower(PublisherNote.publisher).in_(lowered))
    return {note.publisher.lower(): note for note in db.session.scalars(query)}


def publisher_note(name: str | None) -> PublisherNote | None:
    return publisher_notes({name}).get((name or "").lower()) if name else None


@transactional
def set_publisher_note(actor: User, publisher, note) -> PublisherNote | None:
    """Record, change or (with an empty note) remove what the desk knows about a publisher."""
    if not actor.has_role("editor"):
        raise Forbidden(_l('Only an editor can write publisher notes.'))
    publisher = clean_text(publisher, "publisher", required=True, max_length=200)
    note = clean_text(note, "note", max_length=MAX_NOTE)
    existing = publisher_note(publisher)
    before = {"publisher": existing.publisher, "note": existing.note} if existing else None
    if existing is None and not note:
        return None
    if not note:
        record(actor, "publisher_note.remove", existing, before=before)
        db.session.delete(existing)
        return None
    if existing is None:
        existing = PublisherNote(publisher=publisher, note=note)
        db.session.add(existing)
    existing.note, existing.updated_by_id, existing.updated_at = note, actor.id, utcnow()
    record(actor, "publisher_note.set", existing, before=before, after={"publisher": existing.publisher, "note": note})
    return existing


def get_live_source(source_id: int) -> Source:
    """A source by id, following a merge to its survivor."""
    source = db.session.get(Source, source_id)
    if source is None:
        raise NotFound(_l('There is no source %(source_id)s.', source_id=source_id))
    return surviving_source(source)

