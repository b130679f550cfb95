"""Sources of evidence and their attachment to claims."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.capture import Capture
from factcheck.models.types import UTCDateTime, utcnow
from factcheck.models.user import User


class SourceKind(StrEnum):
    NEWS_REPORT = "news_report"
    OFFICIAL_STATEMENT = "official_statement"
    PRIMARY_DOCUMENT = "primary_document"
    DATASET = "dataset"
    INTERVIEW = "interview"
    SOCIAL_POST = "social_post"
    OTHER = "other"


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class Source(db.Model):
    __table_args__ = (
        # The library's pages, newest first, and its count: live sources only, from the index alone.
        Index("ix_source_listed", "created_at", "id", postgresql_where=sql_text("merged_into_id IS NULL"),
              sqlite_where=sql_text("merged_into_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Normalised (services.urls.normalise_url), so one source is never stored twice.
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archive_url: Mapped[str | None] = mapped_column(String(2048))
    kind: Mapped[str] = mapped_column(String(32), default=SourceKind.OTHER)
    # The latest snapshot's text, as long as the page it was read from: never loaded with the source.
    snapshot_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A source merged into another (the AMP page of a canonical one) keeps its row, so old links resolve.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    # What the last `flask check-links` found: ok, broken, redirected, or a fetch error code.
    link_status: Mapped[str | None] = mapped_column(String(32), index=True)
    link_http_status: Mapped[int | None] = mapped_column(Integer)
    link_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_sha256: Mapped[str | None] = mapped_column(String(64))

    @property
    def link_is_broken(self) -> bool:
        """The last link check could not read the page (redirects still count as working)."""
        return self.link_status not in (None, "ok", "redirected")

    @property
    def changed_since_snapshot(self) -> bool:
        """The last link check fetched different bytes from the last snapshot."""
        return bool(self.link_sha256 and self.snapshot_sha256 and self.link_sha256 != self.snapshot_sha256)


class SourceSnapshot(db.Model):
    """One capture of a source, so that a change since a claim cited it can be shown."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    # None when the kind of document has no text extractor here (a PDF, an image).
    text: Mapped[str | None] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(String(2048))
    fetched_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class PublisherNote(db.Model):
    """What the desk knows about a publisher's reliability (for example: a state news agency)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    publisher: Mapped[str] = mapped_column(String(200), unique=True)
    note: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    updated_by: Mapped[User | None] = relationship()


class Evidence(db.Model):
    """A source attached to a claim with a stance and the excerpt that matters."""

    __table_args__ = (
        # The claims that cite given sources (a source's page, the desk's broken links), from the index alone.
        Index("ix_evidence_source_citing", "source_id", "removed_at", "claim_id"),
        # A source's live citations newest first, a page at a time (the desk source page), and their number.
        Index("ix_evidence_source_live", "source_id", "id", postgresql_where=sql_text("removed_at IS NULL"),
              sqlite_where=sql_text("removed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    stance: Mapped[str] = mapped_column(String(16))
    quote: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Removal is soft so that history can show and undo it.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The capture the quote was checked in (the first after citing) and what the check found: the quote's
    # span in the capture's text, or None with the closest passage. Written by the capture job, not by staff.
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("capture.id"))
    quote_found: Mapped[bool | None] = mapped_column(Boolean)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    quote_closest: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship(lazy="joined")
    capture: Mapped[Capture | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
