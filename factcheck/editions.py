"""The edition of the data: renewed in every transaction that writes, as its last statement.

Pages kept rendered (web.caching) and documents stored as files (web.stored) are kept under the edition
they were made from, so a change anyone makes, through any table, makes new keys and nothing older than
the data is ever served. The edition is read before the data a page shows, so a page is never older than
its key; the renewal commits with the writes it follows, so no key names data not yet committed.
"""

from sqlalchemy import event, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from factcheck.database import WROTE
from factcheck.extensions import db
from factcheck.models import DataEdition
from factcheck.models.types import utcnow

ROW = 1


def read_edition() -> str | None:
    """The edition as text (None on a database without its row: nothing is then kept)."""
    row = db.session.execute(select(DataEdition.number, DataEdition.renewed_at)
                             .where(DataEdition.id == ROW)).one_or_none()
    return None if row is None else f"{row.number}@{row.renewed_at.isoformat()}"


def renew(connection: Connection | Session) -> None:
    """Move the edition on, in the caller's transaction (for writes made without the session)."""
    connection.execute(update(DataEdition).where(DataEdition.id == ROW)
                       .values(number=DataEdition.number + 1, renewed_at=utcnow())
                       .execution_options(synchronize_session=False))


@event.listens_for(db.session, "before_commit")
def _renew_after_writes(session: Session) -> None:
    """Flush first, so that writers take the edition's row lock last and hold it only to COMMIT."""
    if not session.in_transaction():
        return
    session.flush()
    if session.connection().info.get(WROTE):
        renew(session)
