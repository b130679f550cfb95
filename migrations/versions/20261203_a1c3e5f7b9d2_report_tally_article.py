"""report_tally_article: running verdict counts per article (no rating), kept by the tally triggers on PostgreSQL.

The verdict report by article has a group per article (100,000 at a million claims): counting them from the
claims read 600,000 index entries on each request. This tally has one row per article and status; the
trigger function that every claim write runs (report_tally_add) now bumps it too. SQLite gets the empty table.

Revision ID: a1c3e5f7b9d2
Revises: d3a8f1c26b90
Create Date: 2026-12-03 16:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = 'a1c3e5f7b9d2'
down_revision = 'd3a8f1c26b90'
branch_labels = None
depends_on = None

BUMP_ARTICLE = """
CREATE FUNCTION report_tally_bump_article(p_status text, p_article int, p_delta int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_article IS NULL THEN
    UPDATE report_tally_article SET n = n + p_delta WHERE id = (SELECT id FROM report_tally_article
      WHERE status = p_status AND article_id IS NULL LIMIT 1);
  ELSE
    UPDATE report_tally_article SET n = n + p_delta WHERE id = (SELECT id FROM report_tally_article
      WHERE status = p_status AND article_id = p_article LIMIT 1);
  END IF;
  IF NOT FOUND THEN
    INSERT INTO report_tally_article (status, article_id, n) VALUES (p_status, p_article, p_delta);
  END IF;
END $$;
"""

ADD = """
CREATE OR REPLACE FUNCTION report_tally_add(p_status text, p_rating text, p_claimant int, p_article int,
                                            p_when timestamp, p_delta int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_rating IS NULL THEN RETURN; END IF;
  PERFORM report_tally_bump_month(p_status, p_rating, to_char(p_when, 'YYYY-MM'), p_delta);
  PERFORM report_tally_bump_outlet(p_status, p_rating, (SELECT outlet FROM article WHERE id = p_article), p_delta);
  PERFORM report_tally_bump_claimant(p_status, p_rating, p_claimant, p_delta);{article}
END $$;
"""

# A frozen copy of the article line of factcheck.services.reads.reports.REFILL_SQL at this revision.
REFILL = (
    "INSERT INTO report_tally_article (status, article_id, n) "
    "SELECT status, article_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2"
)


def upgrade():
    op.create_table(
        "report_tally_article",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_tally_article")),
    )
    op.create_index("ix_report_tally_article_key", "report_tally_article", ["status", "article_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(BUMP_ARTICLE)
    op.execute(ADD.format(article="\n  PERFORM report_tally_bump_article(p_status, p_article, p_delta);"))
    op.execute(REFILL)
    op.execute("ANALYZE report_tally_article")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ADD.format(article=""))
        op.execute("DROP FUNCTION report_tally_bump_article(text, int, int)")
    op.drop_index("ix_report_tally_article_key", table_name="report_tally_article")
    op.drop_table("report_tally_article")
