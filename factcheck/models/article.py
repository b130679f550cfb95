"""Imported articles and the earlier texts they had."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow
from factcheck.models.user import User


class Article(db.Model):
    # The report by article names 100,000 groups: titles in id order from an index, not from the wide rows.
    __table_args__ = (Index("ix_article_id_title", "id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2048))
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(16))
    # The canonical string that every claim anchor points into (Unicode code points).
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    # The page an imported article came from, kept for reference; never rendered.
    raw_html: Mapped[str | None] = mapped_column(Text, deferred=True)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # recent articles

    imported_by: Mapped[User | None] = relationship()
    revisions: Mapped[list["ArticleRevision"]] = relationship(
        back_populates="article", order_by="ArticleRevision.id"
    )


class ArticleRevision(db.Model):
    """A text the article had before it was replaced."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="revisions")
    replaced_by: Mapped[User | None] = relationship()


class HintDismissal(db.Model):
    """An attribution hint a fact-checker said is no claim; it is not offered again on this article.

    Kept by the words of the statement (their SHA-256), so a dismissal outlives edits that move them.
    """

    __table_args__ = (UniqueConstraint("article_id", "quote_sha256", name="uq_hint_dismissal_quote"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    quote_sha256: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text)
    claimant: Mapped[str] = mapped_column(String(200))
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
