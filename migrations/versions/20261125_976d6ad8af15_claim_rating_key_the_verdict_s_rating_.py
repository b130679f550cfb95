"""claim.rating_key: the verdict's rating on the claim, and covering indexes for verdict reports.

On SQLite the column and its foreign key are added in place: a batch copy of the claim table would
drop the claim_fts triggers. Downgrading does copy the table, so it puts the triggers back.

Revision ID: 976d6ad8af15
Revises: 24de3476e16f
Create Date: 2026-11-25 02:34:56.804218

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '976d6ad8af15'
down_revision = '24de3476e16f'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_claim_report_rating': ['status', 'rating_key', 'published_at'],
    'ix_claim_report_claimant': ['status', 'claimant_id', 'rating_key', 'published_at'],
    'ix_claim_report_article': ['status', 'article_id', 'rating_key', 'published_at'],
}


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE claim ADD COLUMN rating_key VARCHAR(32) "
                   "CONSTRAINT fk_claim_rating_key_rating REFERENCES rating (\"key\")")
    else:
        op.add_column('claim', sa.Column('rating_key', sa.String(length=32), nullable=True))
        op.create_foreign_key('fk_claim_rating_key_rating', 'claim', 'rating', ['rating_key'], ['key'])
    op.execute("UPDATE claim SET rating_key = (SELECT verdict.rating_key FROM verdict WHERE verdict.claim_id = claim.id)")
    for name, columns in INDEXES.items():
        op.create_index(name, 'claim', columns, unique=False)
    # Without statistics for the new indexes, SQLite's planner guesses, and picks them for queries they slow.
    op.execute("ANALYZE claim")


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name='claim')
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint('fk_claim_rating_key_rating', 'claim', type_='foreignkey')
        op.drop_column('claim', 'rating_key')
        return
    triggers = [row[0] for row in op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claim'")]
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_column('rating_key')
    for trigger in triggers:
        op.execute(trigger)
