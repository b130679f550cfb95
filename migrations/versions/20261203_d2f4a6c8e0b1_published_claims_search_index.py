"""Search over published claims: on PostgreSQL a GIN index of claim.search_document for published claims only.

The public search asks for published claims that have the words. With the index of every claim, PostgreSQL
either filters the matches of every status row by row or walks the table; with this one it reads only the
published matches, and the capped count that decides whether a search is ranked (services.reads.search)
stays one index lookup and at most a thousand rows. SQLite's FTS5 table is unchanged.

Revision ID: d2f4a6c8e0b1
Revises: b5d18e2c7a41
Create Date: 2026-12-03 13:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd2f4a6c8e0b1'
down_revision = 'b5d18e2c7a41'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX claim_fts_published ON claim USING gin (search_document) WHERE status = 'published'")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX claim_fts_published")
