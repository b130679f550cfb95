"""The rating scale, verdicts, their revisions and public corrections."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow
from factcheck.models.user import User


class Rating(db.Model):
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(64))
    colour: Mapped[str] = mapped_column(String(7))
    # ClaimReview ratingValue: 1 (worst) to 5 (best); None where the scale has no place.
    value: Mapped[int | None]
    position: Mapped[int]


class Verdict(db.Model):
    """The current verdict of a claim; its history is in VerdictRevision."""

    # Verdict reports read the rating of each counted claim without touching the row.
    __table_args__ = (Index("ix_verdict_claim_rating", "claim_id", "rating_key", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), unique=True)
    rating_key: Mapped[str] = mapped_column(ForeignKey("rating.key"), index=True)
    summary: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    rating: Mapped[Rating] = relationship(lazy="joined")
    updated_by: Mapped[User | None] = relationship()


class VerdictRevision(db.Model):
    """One saved state of a verdict, with who saved it and why. Never updated."""

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    rating_key: Mapped[str] = mapped_column(ForeignKey("rating.key"))
    summary: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rating: Mapped[Rating] = relationship()
    created_by: Mapped[User | None] = relationship()


class Correction(db.Model):
    """A public note on a change to a published claim, made when it is republished."""

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    verdict_revision_id: Mapped[int | None] = mapped_column(ForeignKey("verdict_revision.id"))
    note: Mapped[str] = mapped_column(Text)
    # What readers can see changed since the previous publication, one sentence each (services.corrections).
    changes: Mapped[list[str] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # /corrections

    claim: Mapped["Claim"] = relationship(viewonly=True)  # noqa: F821 (models.claim imports this module)
