"""The edition of the data: one row, renewed by every transaction that writes (factcheck.editions)."""

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow


class DataEdition(db.Model):
    """A page kept for an edition is as new as the data: every write moves `number` and `renewed_at`.

    The time keeps editions apart after a database is restored from a backup and numbers repeat.
    """

    __tablename__ = "data_edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, default=0)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
