"""Database connection settings: SQLite in WAL mode with a busy timeout; every transaction notes whether
it wrote something a page may show (for factcheck.editions); on PostgreSQL, reads keep their prepared
statements."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from factcheck.extensions import db

WROTE = "factcheck.wrote"
# Execution option of a write that no page shows (a token's last use, a session's end): it renews no edition.
UNSEEN = {"factcheck.unseen": True}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


# Indexes that only the PostgreSQL reads use, made by their migrations outside the models.
POSTGRESQL_ONLY_INDEXES = ("ix_report_tally_article_top", "ix_report_tally_article_rating_top")


def include_in_schema_diff(name, type_, _parent_names=None) -> bool:
    """Alembic include_name: leave out the search index (claim_fts, and on PostgreSQL the stored
    claim.search_document it covers), which lives outside the models, and the PostgreSQL-only indexes."""
    if type_ == "column":
        return name != "search_document"
    if type_ == "index" and name in POSTGRESQL_ONLY_INDEXES:
        return False
    return not (type_ in ("table", "index") and name and name.startswith("claim_fts"))


def configure(app: Flask) -> None:
    """Import the models so that metadata (and Alembic) sees every table, and the edition's renewal;
    on PostgreSQL, end reads with a commit."""
    from factcheck import editions, models  # noqa: F401

    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        app.teardown_request(_commit_reads)


@event.listens_for(Engine, "begin")
def _nothing_written(connection: Connection) -> None:
    connection.info[WROTE] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection: Connection, _cursor, statement: str, _parameters, context, _executemany) -> None:
    """Any statement but a SELECT is a write (ORM, Core or plain SQL alike), unless marked UNSEEN."""
    if statement.lstrip()[:6].upper() != "SELECT" and not (context is not None
                                                         and context.execution_options.get("factcheck.unseen")):
        connection.info[WROTE] = True


def _commit_reads(error: BaseException | None) -> None:
    """End a request's transaction that wrote nothing with COMMIT instead of the session's ROLLBACK.

    psycopg forgets its prepared statements at every ROLLBACK, and the session ends every request
    with one, so PostgreSQL planned each statement again on every request: 2–3 ms of planning for the
    claim page's joins, ten times the time to run them. A transaction that sent only SELECTs and holds
    no unsaved change has nothing to commit, so for the data its COMMIT is its ROLLBACK. Anything else
    (an error, a write, a pending change) is rolled back as before.
    """
    session = db.session()
    if error is not None or not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    if not session.connection().info.get(WROTE, True):
        session.commit()
