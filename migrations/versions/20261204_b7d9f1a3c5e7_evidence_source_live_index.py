"""ix_evidence_source_live: a source's live citations in id order, for the desk source page's pages of citations.

The page shows 50 citations at a time, newest first, cut by evidence id (a keyset). At a million claims the most
cited source has 61,108; without this index PostgreSQL read them through the primary key, filtering out ~57 rows of
other sources for each one kept, or sorted all of them. Partial (live rows only), so it also counts them.

Revision ID: b7d9f1a3c5e7
Revises: b7d9f1a3c5e6
Create Date: 2026-12-04 16:45:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d9f1a3c5e7'
down_revision = 'b7d9f1a3c5e6'
branch_labels = None
depends_on = None

WHERE = sa.text("removed_at IS NULL")


def upgrade():
    op.create_index('ix_evidence_source_live', 'evidence', ['source_id', 'id'], postgresql_where=WHERE,
                    sqlite_where=WHERE)


def downgrade():
    op.drop_index('ix_evidence_source_live', table_name='evidence')
