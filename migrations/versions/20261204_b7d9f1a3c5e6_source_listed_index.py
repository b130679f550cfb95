"""Library: ix_source_listed, the live sources in the order the library lists them (newest first).

At a million claims (250,000 sources) a page of the library sorted every source (~60 ms); from this index it
reads the page's fifty entries, and counts from it without touching the table.

Revision ID: b7d9f1a3c5e6
Revises: c2e4a6b8d0f1
Create Date: 2026-12-04 17:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d9f1a3c5e6'
down_revision = 'c2e4a6b8d0f1'
branch_labels = None
depends_on = None

WHERE = sa.text("merged_into_id IS NULL")


def upgrade():
    op.create_index('ix_source_listed', 'source', ['created_at', 'id'], postgresql_where=WHERE, sqlite_where=WHERE)


def downgrade():
    op.drop_index('ix_source_listed', table_name='source')
