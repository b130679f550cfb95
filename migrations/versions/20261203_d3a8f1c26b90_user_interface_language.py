"""user.interface_language: the language a staff member reads the interface in (NULL: as their browser asks).

Revision ID: d3a8f1c26b90
Revises: b5d18e2c7a41
Create Date: 2026-12-03 12:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd3a8f1c26b90'
down_revision = 'b5d18e2c7a41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(sa.Column('interface_language', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('interface_language')
