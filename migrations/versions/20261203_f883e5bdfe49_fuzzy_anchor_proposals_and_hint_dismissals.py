"""Fuzzy anchors as proposals (claim.anchor_proposed_start/end) and dismissed attribution hints (hint_dismissal).

Revision ID: f883e5bdfe49
Revises: c7e9a1b3d5f7
Create Date: 2026-12-03 07:45:31.475667

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f883e5bdfe49'
down_revision = 'c7e9a1b3d5f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hint_dismissal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('quote_sha256', sa.String(length=64), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('claimant', sa.String(length=200), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_hint_dismissal_article_id_article')),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['user.id'], name=op.f('fk_hint_dismissal_dismissed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hint_dismissal')),
    sa.UniqueConstraint('article_id', 'quote_sha256', name='uq_hint_dismissal_quote')
    )
    with op.batch_alter_table('hint_dismissal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hint_dismissal_article_id'), ['article_id'], unique=False)

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchor_proposed_start', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('anchor_proposed_end', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_column('anchor_proposed_end')
        batch_op.drop_column('anchor_proposed_start')

    with op.batch_alter_table('hint_dismissal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hint_dismissal_article_id'))

    op.drop_table('hint_dismissal')
