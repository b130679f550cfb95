"""correction.changes (what a republication changed, listed publicly), and the transparency pages.

Revision ID: b264ba3dc96e
Revises: e4f6a8b0c2d4
Create Date: 2026-12-03 07:41:08.028680

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b264ba3dc96e'
down_revision = 'e4f6a8b0c2d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('transparency_page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_transparency_page_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transparency_page')),
    sa.UniqueConstraint('slug', name=op.f('uq_transparency_page_slug'))
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_correction_created_at'), ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_created_at'))
        batch_op.drop_column('changes')

    op.drop_table('transparency_page')
