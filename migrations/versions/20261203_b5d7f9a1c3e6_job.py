"""job: background jobs (URL imports, re-imports, snapshots, link checks) and how each went.

Revision ID: b5d7f9a1c3e6
Revises: b7d1c3e5f9a2
Create Date: 2026-12-03 08:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b5d7f9a1c3e6'
down_revision = 'b7d1c3e5f9a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('arguments', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('max_attempts', sa.Integer(), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=200), nullable=False),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name=op.f('ck_job_status')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_job_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    op.create_index('ix_job_created_by_created_at', 'job', ['created_by_id', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_job_created_by_created_at', table_name='job')
    op.drop_table('job')
