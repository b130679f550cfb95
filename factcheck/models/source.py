"""Sources of evidence and their attachment to claims."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
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
    snapshot_text: Mapped[str | None] = mapped_column(Text)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Evidence(db.Model):
    """A source attached to a claim with a stance and the excerpt that matters."""

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    stance: Mapped[str] = mapped_column(String(16))
    quote: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Removal is soft so that history can show and undo it.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    source: Mapped[Source] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
