"""The edition of the data: renewed in every transaction that writes, as its last statement.

Public pages kept rendered (web.caching), their ETags and documents stored as files (web.stored) are kept
under the edition they were made from, so a change anyone makes, through any table, makes new keys and
nothing older than the data is ever served. The edition is read before the data a page shows, so a page is
never older than its key; the renewal commits with the writes it follows, so no key names data not yet
committed.

The edition is the sum of SHARDS counters (and their latest time): a writer moves one, chosen at random, so
concurrent writers seldom wait for each other's row lock, and every commit still moves the sum. A write that
no page shows (database.UNSEEN: a token's last use, the end of a session) moves none.
"""

import random

from sqlalchemy import event, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from factcheck.database import WROTE
from factcheck.extensions import db
from factcheck.models import DataEdition
from factcheck.models.types import utcnow

SHARDS = 16  # rows 1..16, made by the migrations


def read_edition() -> str | None:
    """The edition as text (None on a database without its rows: nothing is then kept)."""
    number, renewed_at = db.session.execute(select(func.sum(DataEdition.number),
                                                   func.max(DataEdition.renewed_at))).one()
    return None if number is None else f"{number}@{renewed_at.isoformat()}"


def renew(connection: Connection | Session) -> None:
    """Move the edition on, in the caller's transaction (for writes made without the session)."""
    connection.execute(update(DataEdition).where(DataEdition.id == random.randint(1, SHARDS))
                       .values(number=DataEdition.number + 1, renewed_at=utcnow())
                       .execution_options(synchronize_session=False))


@event.listens_for(db.session, "before_commit")
def _renew_after_writes(session: Session) -> None:
    """Flush first, so that writers take the edition's row lock last and hold it only to COMMIT.

    A savepoint's release fires this too: it renews nothing, its writes renew with its transaction's COMMIT.
    Two renewals in one transaction would lock two random rows, in any order: concurrent writers deadlocked.
    """
    if not session.in_transaction() or session.in_nested_transaction():
        return
    session.flush()
    if session.connection().info.get(WROTE):
        renew(session)
