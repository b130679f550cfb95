"""capture: WARC captures of sources, and each evidence row's quote checked in its capture.

Revision ID: c7e9a1b3d5f7
Revises: b5d7f9a1c3e6
Create Date: 2026-12-03 08:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7e9a1b3d5f7'
down_revision = 'b5d7f9a1c3e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'capture',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('captured_at', sa.DateTime(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=200), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('warc_sha256', sa.String(length=64), nullable=False),
        sa.Column('warc_size', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('text_note', sa.String(length=500), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_capture_created_by_id_user')),
        sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_capture_source_id_source')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_capture')),
    )
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.create_index('ix_capture_source_captured_at', ['source_id', 'captured_at'], unique=False)

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capture_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quote_found', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('quote_start', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quote_end', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quote_closest', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_evidence_capture_id_capture'), 'capture', ['capture_id'], ['id'])


def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_evidence_capture_id_capture'), type_='foreignkey')
        batch_op.drop_column('quote_closest')
        batch_op.drop_column('quote_end')
        batch_op.drop_column('quote_start')
        batch_op.drop_column('quote_found')
        batch_op.drop_column('capture_id')
    with op.batch_alter_table('capture', schema=None) as batch_op:
        batch_op.drop_index('ix_capture_source_captured_at')
    op.drop_table('capture')
