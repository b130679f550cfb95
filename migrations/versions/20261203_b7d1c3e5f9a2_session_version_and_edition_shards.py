"""user.session_version (signing out ends sessions server-side), and data_edition rows 2..16 (the edition's
shards: concurrent writers renew different rows).

Revision ID: b7d1c3e5f9a2
Revises: b264ba3dc96e
Create Date: 2026-12-03 07:50:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d1c3e5f9a2'
down_revision = 'b264ba3dc96e'
branch_labels = None
depends_on = None

SHARDS = 16


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    edition = sa.table('data_edition', sa.column('id', sa.Integer()), sa.column('number', sa.BigInteger()),
                       sa.column('renewed_at', sa.DateTime()))
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(edition, [{'id': shard, 'number': 0, 'renewed_at': now} for shard in range(2, SHARDS + 1)])


def downgrade():
    op.execute("DELETE FROM data_edition WHERE id > 1")
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
