"""PostgreSQL search: the claim's words as a stored tsvector, claim.search_document, under the claim_fts index.

Ranking a search with ts_rank over the index expression re-parsed every matching claim's text; the stored
column is read instead. The column is not a model attribute (the ORM never writes it: PostgreSQL computes
it), and factcheck.database.include_in_schema_diff keeps autogenerate from dropping it. SQLite keeps FTS5.

Revision ID: a7c4e2b9d1f3
Revises: 976d6ad8af15
Create Date: 2026-11-25 03:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7c4e2b9d1f3'
down_revision = '976d6ad8af15'
branch_labels = None
depends_on = None

DOCUMENT = "to_tsvector('english', coalesce(text, '') || ' ' || coalesce(anchor_exact, ''))"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    op.execute("DROP INDEX IF EXISTS claim_fts")
    op.execute("CREATE INDEX claim_fts ON claim USING gin (search_document)")
    op.execute("ANALYZE claim")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS claim_fts")
    op.execute("ALTER TABLE claim DROP COLUMN search_document")
    op.execute(f"CREATE INDEX claim_fts ON claim USING gin ({DOCUMENT})")
