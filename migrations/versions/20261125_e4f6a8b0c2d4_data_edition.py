"""data_edition: one row that every transaction that writes renews, the key of pages kept per edition.

Revision ID: e4f6a8b0c2d4
Revises: c3d5e7f9a1b2
Create Date: 2026-11-25 08:20:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4f6a8b0c2d4'
down_revision = 'c3d5e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    edition = op.create_table(
        'data_edition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.BigInteger(), nullable=False),
        sa.Column('renewed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_edition')),
    )
    op.bulk_insert(edition, [{'id': 1, 'number': 0, 'renewed_at': datetime.now(UTC).replace(tzinfo=None)}])


def downgrade():
    op.drop_table('data_edition')
