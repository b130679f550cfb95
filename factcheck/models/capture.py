"""Captures of sources: a WARC record of the response in the capture store, its hash and its text."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow


class Capture(db.Model):
    """One fetch of a source kept as a WARC file (named by its own SHA-256) with the text read from it."""

    __table_args__ = (Index("ix_capture_source_captured_at", "source_id", "captured_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    url: Mapped[str] = mapped_column(String(2048))  # the final URL, after redirects
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)  # of the response body
    sha256: Mapped[str] = mapped_column(String(64))  # of the response body, as snapshots and link checks hash it
    warc_sha256: Mapped[str] = mapped_column(String(64))  # of the stored .warc.gz: its name in the store
    warc_size: Mapped[int] = mapped_column(Integer, default=0)
    # The readable text (trafilatura for HTML, pypdf for PDF); None with `text_note` saying why.
    text: Mapped[str | None] = mapped_column(Text, deferred=True)
    text_note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
