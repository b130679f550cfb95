"""Background jobs: what was asked for, by whom, and how it went, whatever queue ran it."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow
from factcheck.models.user import User


class JobStatus(StrEnum):
    QUEUED = "queued"  # waiting for a worker, or for its next attempt
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(db.Model):
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
        Index("ix_job_created_by_created_at", "created_by_id", "created_at"),  # a user's recent jobs
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # a name in services.jobs.KINDS
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=1)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    step: Mapped[str] = mapped_column(String(200), default="")  # what it is doing now, for the desk
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # e.g. {"article_id": 7}
    error: Mapped[str | None] = mapped_column(Text)  # why it failed, in words for the desk
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: the schedule
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
