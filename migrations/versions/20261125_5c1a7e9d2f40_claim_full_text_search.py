"""Full-text search over claims: claim_fts (SQLite FTS5 kept in sync by triggers; a GIN index on PostgreSQL).

The index is not a model: factcheck.database.include_in_schema_diff keeps autogenerate from dropping it.
On SQLite, a later migration that recreates the claim table (batch mode) drops these triggers and
must call create_sqlite_search() again.

Revision ID: 5c1a7e9d2f40
Revises: d54e1add86a3
Create Date: 2026-11-25 00:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1a7e9d2f40'
down_revision = 'd54e1add86a3'
branch_labels = None
depends_on = None

SQLITE_SEARCH = [
    # External content: the words are indexed, the text stays in claim.
    "CREATE VIRTUAL TABLE claim_fts USING fts5(text, anchor_exact, content='claim', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_fts(rowid, text, anchor_exact) VALUES (new.id, new.text, new.anchor_exact); END",
    "CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text, anchor_exact) VALUES ('delete', old.id, old.text, old.anchor_exact); END",
    "CREATE TRIGGER claim_fts_update AFTER UPDATE OF text, anchor_exact ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text, anchor_exact) VALUES ('delete', old.id, old.text, old.anchor_exact); "
    "INSERT INTO claim_fts(rowid, text, anchor_exact) VALUES (new.id, new.text, new.anchor_exact); END",
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
]
# Must match factcheck.services.reads.suggestions.POSTGRES_DOCUMENT, or the planner will not use the index.
POSTGRES_SEARCH = ("CREATE INDEX claim_fts ON claim USING gin "
                   "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(anchor_exact, '')))")


def create_sqlite_search():
    for statement in SQLITE_SEARCH:
        op.execute(statement)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_search()
    else:
        op.execute(POSTGRES_SEARCH)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("claim_fts_insert", "claim_fts_delete", "claim_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    else:
        op.execute("DROP INDEX IF EXISTS claim_fts")
