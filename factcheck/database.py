"""Database connection settings: SQLite in WAL mode with a busy timeout."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def include_in_schema_diff(name, type_, _parent_names=None) -> bool:
    """Alembic include_name: leave out the search index (claim_fts, and on PostgreSQL the stored
    claim.search_document it covers), which lives outside the models."""
    if type_ == "column":
        return name != "search_document"
    return not (type_ in ("table", "index") and name and name.startswith("claim_fts"))


def configure(app: Flask) -> None:
    """Import the models so that metadata (and Alembic) sees every table."""
    from factcheck import models  # noqa: F401
