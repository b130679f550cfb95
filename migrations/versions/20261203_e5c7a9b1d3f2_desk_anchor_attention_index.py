"""Desk: ix_claim_anchor_attention, a partial index of claims whose anchor is fuzzy or orphaned, in date order.

The desk's front page lists the newest of them (quotes lost, anchors to confirm, published quotes that changed):
at a million claims the list of published ones read ~4,000 rows through ix_claim_anchor_status to keep 20.

Revision ID: e5c7a9b1d3f2
Revises: d3a8f1c26b90
Create Date: 2026-12-03 16:50:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5c7a9b1d3f2'
down_revision = 'd3a8f1c26b90'
branch_labels = None
depends_on = None

WHERE = sa.text("anchor_status IN ('fuzzy', 'orphaned')")


def upgrade():
    op.create_index('ix_claim_anchor_attention', 'claim', ['updated_at', 'id'], postgresql_where=WHERE,
                    sqlite_where=WHERE)


def downgrade():
    op.drop_index('ix_claim_anchor_attention', table_name='claim')
