"""audit_event.revision_id: the verdict revision a verdict.set event recorded, so history pairs them by id.

Existing events are paired as the desk paired them until now: per claim, the n-th verdict.set event (by time,
then id) with the n-th revision (by id), and only where the claim has as many of one as of the other (the desk
showed no pairing otherwise, and such events stay unlinked).

Revision ID: 3811b59a1ad0
Revises: d4e6f8a0b2c4
Create Date: 2026-12-03 12:12:15.838742

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3811b59a1ad0'
down_revision = 'd4e6f8a0b2c4'
branch_labels = None
depends_on = None

# One statement for every claim (UPDATE … FROM: PostgreSQL, and SQLite since 3.33).
BACKFILL = """
UPDATE audit_event SET revision_id = paired.revision_id
FROM (
  SELECT events.id AS event_id, revisions.id AS revision_id
  FROM (SELECT id, claim_id, ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY at, id) AS n,
               COUNT(*) OVER (PARTITION BY claim_id) AS total
        FROM audit_event WHERE action = 'verdict.set' AND claim_id IS NOT NULL) AS events
  JOIN (SELECT id, claim_id, ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY id) AS n,
               COUNT(*) OVER (PARTITION BY claim_id) AS total
        FROM verdict_revision) AS revisions
    ON revisions.claim_id = events.claim_id AND revisions.n = events.n AND revisions.total = events.total
) AS paired
WHERE audit_event.id = paired.event_id
"""


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_revision_id_verdict_revision'), 'verdict_revision', ['revision_id'], ['id'])
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_event_revision_id_verdict_revision'), type_='foreignkey')
        batch_op.drop_column('revision_id')
