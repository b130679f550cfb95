"""Evidence: one index on (source_id, removed_at, claim_id) in place of the one on source_id.

The claims that cite given sources (the desk's "claims citing broken links", a source's page) are read
from the index alone; lookups by source_id use its first column as before.

Revision ID: c3d5e7f9a1b2
Revises: a7c4e2b9d1f3
Create Date: 2026-11-25 06:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3d5e7f9a1b2'
down_revision = 'a7c4e2b9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_evidence_source_citing', 'evidence', ['source_id', 'removed_at', 'claim_id'], unique=False)
    op.drop_index('ix_evidence_source_id', table_name='evidence')
    op.execute("ANALYZE evidence")


def downgrade():
    op.create_index('ix_evidence_source_id', 'evidence', ['source_id'], unique=False)
    op.drop_index('ix_evidence_source_citing', table_name='evidence')
