"""The shared source library and evidence: sources attached to claims with a stance."""

from factcheck.i18n import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from factcheck.errors import NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus, Evidence, Source, SourceKind, Stance, User
from factcheck.models.types import utcnow
from factcheck.services.core.audit import record
from factcheck.services.claims.claims import ensure_editable, lock_claim, touch
from factcheck.services.text.fields import choice, clean_text, parse_instant
from factcheck.services.core.transaction import transactional
from factcheck.services.text.urls import InvalidUrl, normalise_url

MAX_QUOTE = 5000
SOURCE_KINDS = [k.value for k in SourceKind]
STANCES = [s.value for s in Stance]


def _url(value, field: str = "url", required: bool = True) -> str | None:
    value = clean_text(value, field, required=required, max_length=2048, label="URL")
    if not value:
        return None
    try:
        return normalise_url(value)
    except InvalidUrl as error:
        raise ValidationError(str(error), {field: str(error)}) from error


def source_state(source: Source) -> dict:
    return {"url": source.url, "title": source.title, "publisher": source.publisher, "kind": source.kind}


def find_source_by_url(url: str) -> Source | None:
    return db.session.scalar(select(Source).where(Source.url == _url(url)))


def _find_or_create_source(actor: User, *, url, title=None, publisher=None, author=None,
                           published_at=None, archive_url=None, kind=None) -> tuple[Source, bool]:
    normalised = _url(url)
    existing = db.session.scalar(select(Source).where(Source.url == normalised))
    if existing and existing.merged_into_id is not None:  # a merged duplicate cites its survivor
        existing = db.session.get(Source, existing.merged_into_id) or existing
    if existing:
        return existing, False
    source = Source(
        url=normalised,
        title=clean_text(title, "title", max_length=500) or None,
        publisher=clean_text(publisher, "publisher", max_length=200) or None,
        author=clean_text(author, "author", max_length=200) or None,
        published_at=parse_instant(published_at, "published_at"),
        archive_url=_url(archive_url, "archive_url", required=False),
        kind=choice(kind or SourceKind.OTHER.value, "kind", SOURCE_KINDS),
        accessed_at=utcnow(),
        created_by_id=actor.id,
    )
    if not _added_first(source):
        return db.session.scalar(select(Source).where(Source.url == normalised)), False
    record(actor, "source.create", source, after=source_state(source))
    return source, True


def _added_first(source: Source) -> bool:
    """Add the new source; False when someone citing the same new URL at this moment saved it first.

    On PostgreSQL the insert runs in a savepoint, so losing that race costs only the savepoint. SQLite
    has one writer at a time (and pysqlite's savepoints would end the outer transaction): it just adds.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.add(source)
        return True
    try:
        with db.session.begin_nested():
            db.session.add(source)
            db.session.flush()
    except IntegrityError:
        return False
    return True


@transactional
def find_or_create_source(actor: User, **fields) -> tuple[Source, bool]:
    """The source with this normalised URL, or a new one; the flag says whether it is new."""
    return _find_or_create_source(actor, **fields)


def get_source(source_id: int) -> Source:
    source = db.session.get(Source, source_id)
    if source is None:
        raise NotFound(_l('There is no source %(source_id)s.', source_id=source_id))
    return source


def citing_claims(source: Source, viewer: User | None) -> list[tuple]:
    """The claims citing `source` through live evidence, oldest citation first, as (id, text, status, stance,
    quote) tuples read in one statement; the public sees published claims only.

    Tuples, not ORM objects: the most cited source of a million claims has 61,108 citations.
    """
    query = (select(Claim.id, Claim.text, Claim.status, Evidence.stance, Evidence.quote)
             .join(Claim, Claim.id == Evidence.claim_id)
             .where(Evidence.source_id == source.id, Evidence.removed_at.is_(None))
             .order_by(Evidence.id))
    if viewer is None:
        query = query.where(Claim.status == ClaimStatus.PUBLISHED)
    return db.session.execute(query).all()


def evidence_state(evidence: Evidence) -> dict:
    return {"source_id": evidence.source_id, "url": evidence.source.url if evidence.source else None,
            "stance": evidence.stance, "quote": evidence.quote, "note": evidence.note}


@transactional
def attach_evidence(actor: User, claim: Claim, *, source: Source, stance, quote="", note="",
                    capture: bool = False) -> Evidence:
    """Cite `source` on the claim with a stance and the excerpt that matters; `capture`: queue the capture of the
    cited page with this write, when the desk captures on attach (services.library.captures.queue_capture)."""
    lock_claim(claim)
    return _attach_evidence(actor, claim, source=source, stance=stance, quote=quote, note=note, capture=capture)


@transactional
def cite_source_by_url(actor: User, claim: Claim, *, stance, quote="", note="", capture: bool = False,
                       **source_fields) -> tuple[Evidence, bool]:
    """Find or create the source for a URL and cite it on the claim, in one transaction (`capture`: as
    attach_evidence).

    The flag says whether the source is new to the library.
    """
    stance = choice(stance, "stance", STANCES)  # checked before anything is written
    lock_claim(claim)
    ensure_editable(claim, "evidence")
    source, created = _find_or_create_source(actor, **source_fields)
    evidence = _attach_evidence(actor, claim, source=source, stance=stance, quote=quote, note=note, capture=capture)
    return evidence, created


def _attach_evidence(actor: User, claim: Claim, *, source: Source, stance, quote, note, capture: bool) -> Evidence:
    ensure_editable(claim, "evidence")
    evidence = Evidence(
        claim_id=claim.id,
        source_id=source.id,
        source=source,
        stance=choice(stance, "stance", STANCES),
        quote=clean_text(quote, "quote", max_length=MAX_QUOTE),
        note=clean_text(note, "note", max_length=MAX_QUOTE),
        created_by_id=actor.id,
    )
    db.session.add(evidence)
    touch(claim)
    record(actor, "evidence.add", evidence, claim_id=claim.id, after=evidence_state(evidence))
    if capture:
        from factcheck.services.library.captures import queue_capture  # captures cite evidence: imported late
        queue_capture(actor, evidence)
    return evidence


def get_evidence(claim: Claim, evidence_id: int) -> Evidence:
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.claim_id != claim.id or evidence.removed_at is not None:
        raise NotFound(_l('There is no evidence %(evidence_id)s on this claim.', evidence_id=evidence_id))
    return evidence


@transactional
def remove_evidence(actor: User, claim: Claim, evidence: Evidence) -> None:
    """Soft-delete: the row stays, so history can show and restore it. Removing it twice is no error."""
    lock_claim(claim)
    ensure_editable(claim, "evidence")
    db.session.refresh(evidence)
    if evidence.removed_at is not None:  # someone else removed it a moment ago
        return
    evidence.removed_at = utcnow()
    touch(claim)
    record(actor, "evidence.remove", evidence, claim_id=claim.id, before=evidence_state(evidence))


@transactional
def update_evidence(actor: User, claim: Claim, evidence: Evidence, *, stance, quote="", note="",
                    expected: dict | None = None) -> Evidence:
    """Change an evidence row's stance, quote or note (the source stays).

    With `expected` (the values the edit started from), only the fields this edit changed are
    written, and a field someone else changed meanwhile to another value is a Conflict.
    """
    from factcheck.services.claims.claims import three_way

    lock_claim(claim)
    db.session.refresh(evidence)  # the three-way merge compares with what is saved now
    ensure_editable(claim, "evidence")
    before = evidence_state(evidence)
    proposed = {"stance": choice(stance, "stance", STANCES),
                "quote": clean_text(quote, "quote", max_length=MAX_QUOTE),
                "note": clean_text(note, "note", max_length=MAX_QUOTE)}
    if expected is not None:
        current = {name: getattr(evidence, name) for name in proposed}
        proposed = three_way(current, expected, proposed, "evidence")
    for name, value in proposed.items():
        setattr(evidence, name, value)
    after = evidence_state(evidence)
    if after["quote"] != before["quote"]:
        from factcheck.services.library.captures import recheck_quote
        recheck_quote(evidence)  # the new quote is checked in the same capture as the old one
    if after != before:
        touch(claim)
        record(actor, "evidence.update", evidence, claim_id=claim.id, before=before, after=after)
    return evidence


def get_removed_evidence(claim: Claim, evidence_id: int) -> Evidence:
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.claim_id != claim.id or evidence.removed_at is None:
        raise NotFound(_l('There is no removed evidence %(evidence_id)s on this claim.', evidence_id=evidence_id))
    return evidence


@transactional
def restore_evidence(actor: User, claim: Claim, evidence: Evidence) -> Evidence:
    """Undo a removal: the same row comes back, and the undo is recorded too."""
    lock_claim(claim)
    ensure_editable(claim, "evidence")
    evidence.removed_at = None
    touch(claim)
    record(actor, "evidence.restore", evidence, claim_id=claim.id, after=evidence_state(evidence))
    return evidence


def search_sources(q: str, limit: int = 8) -> list[Source]:
    """Sources whose URL or title contains `q`, for the evidence form's search as you type."""
    q = (q or "").strip()
    if len(q) < 2:
        return []
    q = q.lower()
    return list(db.session.scalars(
        select(Source).where(or_(func.lower(Source.url).contains(q, autoescape=True),
                                 func.lower(Source.title).contains(q, autoescape=True)))
        .order_by(Source.title, Source.id).limit(limit)))
