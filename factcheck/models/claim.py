"""Claims, the people or bodies who made them, and the links between claims."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, and_
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from factcheck.extensions import db
from factcheck.models.article import Article
from factcheck.models.source import Evidence
from factcheck.models.types import UTCDateTime, utcnow
from factcheck.models.user import User
from factcheck.models.verdict import Correction, Rating, Verdict


class ClaimStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class AnchorStatus(StrEnum):
    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


class LinkRelation(StrEnum):
    CONTRADICTS = "contradicts"
    SAME_AS = "same-as"
    SUPPORTS = "supports"
    UPDATES = "updates"

    @property
    def symmetric(self) -> bool:
        return self in (LinkRelation.CONTRADICTS, LinkRelation.SAME_AS)


class Claimant(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # schema.org type of the claimant in ClaimReview: "Person" or "Organization".
    kind: Mapped[str] = mapped_column(String(16), default="Person")


class Claim(db.Model):
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'in_review', 'published')", name="status"),
        CheckConstraint("anchor_start IS NULL OR anchor_end > anchor_start", name="anchor_span"),
        # The review queue, recent lists and the index page read claims of one status in date order;
        # verdict reports scan published claims by date and group by claimant or article (covering index).
        Index("ix_claim_status_updated_at", "status", "updated_at"),
        Index("ix_claim_status_published_at", "status", "published_at", "claimant_id", "article_id"),
        # Verdict reports group one status by rating, claimant or article: each index hands the groups over
        # in order, with what the count needs, so a report reads one index and never the table.
        Index("ix_claim_report_rating", "status", "rating_key", "published_at"),
        Index("ix_claim_report_claimant", "status", "claimant_id", "rating_key", "published_at"),
        Index("ix_claim_report_article", "status", "article_id", "rating_key", "published_at"),
        Index("ix_claim_anchor_status", "anchor_status"),
        Index("ix_claim_assignee_updated_at", "assignee_id", "updated_at"),  # my work, newest first
        # The desk's lists of quotes that need a person (lost, to confirm, changed after publication), newest first:
        # the few claims whose anchor is not placed, not every claim of one status or anchor status in date order.
        Index("ix_claim_anchor_attention", "updated_at", "id",
              postgresql_where=sql_text("anchor_status IN ('fuzzy', 'orphaned')"),
              sqlite_where=sql_text("anchor_status IN ('fuzzy', 'orphaned')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"), index=True)
    # W3C Web Annotation selectors: TextQuoteSelector and TextPositionSelector.
    anchor_exact: Mapped[str | None] = mapped_column(Text)
    anchor_prefix: Mapped[str | None] = mapped_column(Text)
    anchor_suffix: Mapped[str | None] = mapped_column(Text)
    anchor_start: Mapped[int | None]
    anchor_end: Mapped[int | None]
    anchor_status: Mapped[str | None] = mapped_column(String(16))
    # How the last re-anchoring went: similarity of a fuzzy match, and why it chose the place.
    anchor_similarity: Mapped[float | None]
    anchor_reason: Mapped[str | None] = mapped_column(Text)
    # Where a fuzzy re-anchoring proposes the quote now is, in the article's current text. A fuzzy anchor is a
    # proposal: the anchor itself keeps the words a person last placed (and, once published, checked) until a
    # fact-checker confirms the proposal, selects the span again, or marks the claim orphaned.
    anchor_proposed_start: Mapped[int | None]
    anchor_proposed_end: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)
    # The language of its words (ISO 639 code): the article's, else detected or given (services.languages).
    language: Mapped[str | None] = mapped_column(String(16))
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("claimant.id"), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default=ClaimStatus.DRAFT, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    # The rating of the claim's verdict (None without one), kept in step by services.verdicts, so that
    # reports and rating filters count claims without joining the verdicts.
    rating_key: Mapped[str | None] = mapped_column(ForeignKey("rating.key"))
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Loaded only when a query asks for it (services.public.public_claim): when the article's text was
    # first replaced after the claim was first published.
    article_edited_at: Mapped[datetime | None] = query_expression()

    # Every UPDATE of the row checks and bumps the version: a stale write fails.
    __mapper_args__ = {"version_id_col": version}

    article: Mapped[Article | None] = relationship()
    claimant: Mapped[Claimant | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    verdict: Mapped[Verdict | None] = relationship(viewonly=True)
    # The verdict's rating, kept on the claim (rating_key): a list shows it without reading the verdict.
    rating: Mapped[Rating | None] = relationship(viewonly=True)
    evidence: Mapped[list[Evidence]] = relationship(
        primaryjoin=lambda: and_(Claim.id == Evidence.claim_id, Evidence.removed_at.is_(None)),
        order_by=Evidence.id,
        viewonly=True,
    )
    corrections: Mapped[list[Correction]] = relationship(order_by=Correction.id, viewonly=True)

    @property
    def is_published(self) -> bool:
        return self.status == ClaimStatus.PUBLISHED


class ClaimLink(db.Model):
    """A typed relation between two claims.

    Symmetric relations are stored once, lower id first, so A-B and B-A are one row.
    """

    __table_args__ = (
        UniqueConstraint("from_claim_id", "to_claim_id", "relation", name="uq_claim_link_pair"),
        CheckConstraint("from_claim_id <> to_claim_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    to_claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    relation: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    from_claim: Mapped[Claim] = relationship(foreign_keys=[from_claim_id])
    to_claim: Mapped[Claim] = relationship(foreign_keys=[to_claim_id])
