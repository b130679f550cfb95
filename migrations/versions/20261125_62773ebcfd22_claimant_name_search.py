"""Full-text search over claimant names: claim_fts_claimant (SQLite FTS5 kept in sync by triggers; a GIN index on PostgreSQL).

Beside claim_fts (the claims' own words), so that a search for "Tokayev restored" finds a claim whose
text says "restored" made by Tokayev. factcheck.database.include_in_schema_diff leaves it out of autogenerate
(its name starts with claim_fts). On SQLite, a later migration that recreates the claimant table (batch mode)
drops these triggers and must run SQLITE_SEARCH again.

Revision ID: 62773ebcfd22
Revises: 5c1a7e9d2f40
Create Date: 2026-11-25 00:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '62773ebcfd22'
down_revision = '5c1a7e9d2f40'
branch_labels = None
depends_on = None

SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE claim_fts_claimant USING fts5(name, content='claimant', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claim_fts_claimant_insert AFTER INSERT ON claimant BEGIN "
    "INSERT INTO claim_fts_claimant(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER claim_fts_claimant_delete AFTER DELETE ON claimant BEGIN "
    "INSERT INTO claim_fts_claimant(claim_fts_claimant, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER claim_fts_claimant_update AFTER UPDATE OF name ON claimant BEGIN "
    "INSERT INTO claim_fts_claimant(claim_fts_claimant, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO claim_fts_claimant(rowid, name) VALUES (new.id, new.name); END",
    "INSERT INTO claim_fts_claimant(claim_fts_claimant) VALUES ('rebuild')",
]
# Must match factcheck.services.reads.search.POSTGRES_CLAIMANT_DOCUMENT.
POSTGRES_SEARCH = "CREATE INDEX claim_fts_claimant ON claimant USING gin (to_tsvector('english', name))"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)
    else:
        op.execute(POSTGRES_SEARCH)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("claim_fts_claimant_insert", "claim_fts_claimant_delete", "claim_fts_claimant_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claim_fts_claimant")
    else:
        op.execute("DROP INDEX IF EXISTS claim_fts_claimant")
