"""The append-only record of every change."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow
from factcheck.models.user import User


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int]
    # The claim a change belongs to, so a claim's history is one indexed query.
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    # The VerdictRevision a verdict.set event recorded: history pairs them by this id, never by position.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("verdict_revision.id"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()
    revision: Mapped["VerdictRevision | None"] = relationship()  # noqa: F821 (models.verdict)
