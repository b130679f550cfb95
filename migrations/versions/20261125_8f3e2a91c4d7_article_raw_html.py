"""Keep the raw HTML an article was imported from: article.raw_html.

Revision ID: 8f3e2a91c4d7
Revises: 62773ebcfd22
Create Date: 2026-11-25 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f3e2a91c4d7'
down_revision = '62773ebcfd22'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raw_html', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('raw_html')
