"""user.interface_language: the language a staff member reads the interface in (NULL: as their browser asks).

Revision ID: d3a8f1c26b90
Revises: 3811b59a1ad0
Create Date: 2026-12-03 12:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd3a8f1c26b90'
down_revision = '3811b59a1ad0'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, not a batch: on SQLite a batch copies and drops `user`, which the rows of other tables
# refer to (the downgrade and upgrade of tests/test_migrations.py run with data and foreign keys on).
def upgrade():
    op.add_column('user', sa.Column('interface_language', sa.String(length=16), nullable=True))


def downgrade():
    op.drop_column('user', 'interface_language')
