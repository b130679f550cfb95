"""report_tally_article and report_tally_article_rating: verdict counts per article, kept by the tally triggers.

The verdict reports by article have a group per article (100,000 at a million claims), by article and rating
about four times as many: counting them from the claims read 600,000 index entries on each request. These
tallies hold one row per group (a unique key, NULLS NOT DISTINCT, bumped by INSERT ... ON CONFLICT), so the
desk's 200 largest groups by article (and rating) are read in order from an index on (status, n DESC, article_id).
The trigger function that every claim write runs (report_tally_add) now bumps them too. SQLite gets the empty
tables only.

Revision ID: a1c3e5f7b9d2
Revises: e5c7a9b1d3f2
Create Date: 2026-12-03 16:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = 'a1c3e5f7b9d2'
down_revision = 'e5c7a9b1d3f2'
branch_labels = None
depends_on = None

FUNCTIONS = (
    """
CREATE FUNCTION report_tally_bump_article(p_status text, p_article int, p_delta int) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO report_tally_article AS t (status, article_id, n) VALUES (p_status, p_article, p_delta)
  ON CONFLICT (status, article_id) DO UPDATE SET n = t.n + excluded.n;
$$;
""",
    """
CREATE FUNCTION report_tally_bump_article_rating(p_status text, p_rating text, p_article int, p_delta int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_tally_article_rating AS t (status, rating_key, article_id, n)
  VALUES (p_status, p_rating, p_article, p_delta)
  ON CONFLICT (status, rating_key, article_id) DO UPDATE SET n = t.n + excluded.n;
$$;
""",
)

ADD = """
CREATE OR REPLACE FUNCTION report_tally_add(p_status text, p_rating text, p_claimant int, p_article int,
                                            p_when timestamp, p_delta int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_rating IS NULL THEN RETURN; END IF;
  PERFORM report_tally_bump_month(p_status, p_rating, to_char(p_when, 'YYYY-MM'), p_delta);
  PERFORM report_tally_bump_outlet(p_status, p_rating, (SELECT outlet FROM article WHERE id = p_article), p_delta);
  PERFORM report_tally_bump_claimant(p_status, p_rating, p_claimant, p_delta);{articles}
END $$;
"""
ARTICLES = """
  PERFORM report_tally_bump_article(p_status, p_article, p_delta);
  PERFORM report_tally_bump_article_rating(p_status, p_rating, p_article, p_delta);"""

# A frozen copy of the article lines of factcheck.services.reads.reports.REFILL_SQL at this revision.
REFILL = (
    "INSERT INTO report_tally_article (status, article_id, n) "
    "SELECT status, article_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2",
    "INSERT INTO report_tally_article_rating (status, rating_key, article_id, n) "
    "SELECT status, rating_key, article_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2, 3",
)


def _table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *columns,
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )


def upgrade():
    _table("report_tally_article", sa.Column("article_id", sa.Integer(), nullable=True))
    _table("report_tally_article_rating", sa.Column("rating_key", sa.String(length=32), nullable=False),
           sa.Column("article_id", sa.Integer(), nullable=True))
    op.create_index("ix_report_tally_article_key", "report_tally_article", ["status", "article_id"], unique=True,
                    postgresql_nulls_not_distinct=True)
    op.create_index("ix_report_tally_article_rating_key", "report_tally_article_rating",
                    ["status", "rating_key", "article_id"], unique=True, postgresql_nulls_not_distinct=True)
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_report_tally_article_top ON report_tally_article (status, n DESC, article_id)")
    op.execute("CREATE INDEX ix_report_tally_article_rating_top ON report_tally_article_rating (status, n DESC, article_id)")
    for statement in FUNCTIONS:
        op.execute(statement)
    op.execute(ADD.format(articles=ARTICLES))
    for statement in REFILL:
        op.execute(statement)
    op.execute("ANALYZE report_tally_article; ANALYZE report_tally_article_rating")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ADD.format(articles=""))
        op.execute("DROP FUNCTION report_tally_bump_article_rating(text, text, int, int)")
        op.execute("DROP FUNCTION report_tally_bump_article(text, int, int)")
        op.execute("DROP INDEX ix_report_tally_article_rating_top")
        op.execute("DROP INDEX ix_report_tally_article_top")
    op.drop_index("ix_report_tally_article_rating_key", table_name="report_tally_article_rating")
    op.drop_index("ix_report_tally_article_key", table_name="report_tally_article")
    op.drop_table("report_tally_article_rating")
    op.drop_table("report_tally_article")
