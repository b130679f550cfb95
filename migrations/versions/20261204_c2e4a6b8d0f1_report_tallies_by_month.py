"""Report tallies per outlet and month, claimant and month, article and month, claimant and outlet.

The reports of a date range counted the claims (600,000 at a million claims, 0.1-1.5 s); a range of whole months
can read the tallies that keep a month instead: the month tally (rating, month) and report_tally_outlet_month,
report_tally_claimant_month (with the rating), report_tally_article_month (without), which also hold the pairs of
the month with outlet, claimant or article without a range. report_tally_claimant_outlet holds the pair claimant
and outlet (120,000 groups, counted from the claims in 1.4 s). One row per group (a unique key, NULLS NOT
DISTINCT, bumped by INSERT ... ON CONFLICT), as the article tallies. report_tally_add bumps them; a verdict that
moves an unpublished claim to another month moves it in every tally that keeps a month (report_tally_add_dated);
an article's new outlet moves its claims in the outlet tallies. SQLite gets the empty tables only.

Revision ID: c2e4a6b8d0f1
Revises: a1c3e5f7b9d2
Create Date: 2026-12-04 16:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = 'c2e4a6b8d0f1'
down_revision = 'a1c3e5f7b9d2'
branch_labels = None
depends_on = None

BUMP = """
CREATE FUNCTION report_tally_bump_{name}_month(p_status text, p_rating text, p_group {type}, p_month text,
                                               p_delta int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_tally_{name}_month AS t (status, rating_key, {column}, month, n)
  VALUES (p_status, p_rating, p_group, p_month, p_delta)
  ON CONFLICT (status, month, rating_key, {column}) DO UPDATE SET n = t.n + excluded.n;
$$;
"""

BUMP_ARTICLE_MONTH = """
CREATE FUNCTION report_tally_bump_article_month(p_status text, p_article int, p_month text, p_delta int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_tally_article_month AS t (status, article_id, month, n) VALUES (p_status, p_article, p_month, p_delta)
  ON CONFLICT (status, month, article_id) DO UPDATE SET n = t.n + excluded.n;
$$;
"""

BUMP_CLAIMANT_OUTLET = """
CREATE FUNCTION report_tally_bump_claimant_outlet(p_status text, p_claimant int, p_outlet text, p_delta int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_tally_claimant_outlet AS t (status, claimant_id, outlet, n)
  VALUES (p_status, p_claimant, p_outlet, p_delta)
  ON CONFLICT (status, claimant_id, outlet) DO UPDATE SET n = t.n + excluded.n;
$$;
"""

DATED = """
CREATE FUNCTION report_tally_add_dated(p_status text, p_rating text, p_claimant int, p_article int, p_outlet text,
                                       p_month text, p_delta int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_tally_bump_month(p_status, p_rating, p_month, p_delta);
  PERFORM report_tally_bump_outlet_month(p_status, p_rating, p_outlet, p_month, p_delta);
  PERFORM report_tally_bump_claimant_month(p_status, p_rating, p_claimant, p_month, p_delta);
  PERFORM report_tally_bump_article_month(p_status, p_article, p_month, p_delta);
END $$;
"""

ADD = """
CREATE OR REPLACE FUNCTION report_tally_add(p_status text, p_rating text, p_claimant int, p_article int,
                                            p_when timestamp, p_delta int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_outlet text;
BEGIN
  IF p_rating IS NULL THEN RETURN; END IF;
  v_outlet := (SELECT outlet FROM article WHERE id = p_article);
  PERFORM report_tally_add_dated(p_status, p_rating, p_claimant, p_article, v_outlet, to_char(p_when, 'YYYY-MM'),
                                 p_delta);
  PERFORM report_tally_bump_outlet(p_status, p_rating, v_outlet, p_delta);
  PERFORM report_tally_bump_claimant_outlet(p_status, p_claimant, v_outlet, p_delta);
  PERFORM report_tally_bump_claimant(p_status, p_rating, p_claimant, p_delta);
  PERFORM report_tally_bump_article(p_status, p_article, p_delta);
  PERFORM report_tally_bump_article_rating(p_status, p_rating, p_article, p_delta);
END $$;
"""

VERDICT = """
CREATE OR REPLACE FUNCTION report_tally_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c claim%ROWTYPE;
  v_old timestamp;
  v_new timestamp;
  v_outlet text;
BEGIN
  IF current_setting('factcheck.skip_tally', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN v_old := OLD.updated_at; END IF;
  IF TG_OP <> 'DELETE' THEN v_new := NEW.updated_at; END IF;
  SELECT * INTO c FROM claim WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.claim_id ELSE NEW.claim_id END;
  -- Only a claim without a publication date is dated by its verdict.
  IF NOT FOUND OR c.published_at IS NOT NULL OR c.rating_key IS NULL
     OR to_char(v_old, 'YYYY-MM') IS NOT DISTINCT FROM to_char(v_new, 'YYYY-MM') THEN
    RETURN NULL;
  END IF;
  v_outlet := (SELECT outlet FROM article WHERE id = c.article_id);
  PERFORM report_tally_add_dated(c.status, c.rating_key, c.claimant_id, c.article_id, v_outlet,
                                 to_char(v_old, 'YYYY-MM'), -1);
  PERFORM report_tally_add_dated(c.status, c.rating_key, c.claimant_id, c.article_id, v_outlet,
                                 to_char(v_new, 'YYYY-MM'), 1);
  RETURN NULL;
END $$;
"""

ARTICLE = """
CREATE OR REPLACE FUNCTION report_tally_article() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g record;
BEGIN
  IF current_setting('factcheck.skip_tally', true) = 'on' OR OLD.outlet IS NOT DISTINCT FROM NEW.outlet THEN
    RETURN NULL;
  END IF;
  FOR g IN SELECT c.status, c.rating_key, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM') AS month,
                  count(*)::int AS n
           FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id
           WHERE c.article_id = NEW.id AND c.rating_key IS NOT NULL GROUP BY 1, 2, 3 LOOP
    PERFORM report_tally_bump_outlet(g.status, g.rating_key, OLD.outlet, -g.n);
    PERFORM report_tally_bump_outlet(g.status, g.rating_key, NEW.outlet, g.n);
    PERFORM report_tally_bump_outlet_month(g.status, g.rating_key, OLD.outlet, g.month, -g.n);
    PERFORM report_tally_bump_outlet_month(g.status, g.rating_key, NEW.outlet, g.month, g.n);
  END LOOP;
  FOR g IN SELECT status, claimant_id, count(*)::int AS n FROM claim
           WHERE article_id = NEW.id AND rating_key IS NOT NULL GROUP BY 1, 2 LOOP
    PERFORM report_tally_bump_claimant_outlet(g.status, g.claimant_id, OLD.outlet, -g.n);
    PERFORM report_tally_bump_claimant_outlet(g.status, g.claimant_id, NEW.outlet, g.n);
  END LOOP;
  RETURN NULL;
END $$;
"""

# The functions as a1c3e5f7b9d2 left them, for the downgrade.
OLD_ADD = """
CREATE OR REPLACE FUNCTION report_tally_add(p_status text, p_rating text, p_claimant int, p_article int,
                                            p_when timestamp, p_delta int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_rating IS NULL THEN RETURN; END IF;
  PERFORM report_tally_bump_month(p_status, p_rating, to_char(p_when, 'YYYY-MM'), p_delta);
  PERFORM report_tally_bump_outlet(p_status, p_rating, (SELECT outlet FROM article WHERE id = p_article), p_delta);
  PERFORM report_tally_bump_claimant(p_status, p_rating, p_claimant, p_delta);
  PERFORM report_tally_bump_article(p_status, p_article, p_delta);
  PERFORM report_tally_bump_article_rating(p_status, p_rating, p_article, p_delta);
END $$;
"""

OLD_VERDICT = """
CREATE OR REPLACE FUNCTION report_tally_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c claim%ROWTYPE;
  v_old timestamp;
  v_new timestamp;
BEGIN
  IF current_setting('factcheck.skip_tally', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN v_old := OLD.updated_at; END IF;
  IF TG_OP <> 'DELETE' THEN v_new := NEW.updated_at; END IF;
  SELECT * INTO c FROM claim WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.claim_id ELSE NEW.claim_id END;
  -- Only a claim without a publication date is dated by its verdict.
  IF NOT FOUND OR c.published_at IS NOT NULL OR c.rating_key IS NULL
     OR to_char(v_old, 'YYYY-MM') IS NOT DISTINCT FROM to_char(v_new, 'YYYY-MM') THEN
    RETURN NULL;
  END IF;
  PERFORM report_tally_bump_month(c.status, c.rating_key, to_char(v_old, 'YYYY-MM'), -1);
  PERFORM report_tally_bump_month(c.status, c.rating_key, to_char(v_new, 'YYYY-MM'), 1);
  RETURN NULL;
END $$;
"""

OLD_ARTICLE = """
CREATE OR REPLACE FUNCTION report_tally_article() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g record;
BEGIN
  IF current_setting('factcheck.skip_tally', true) = 'on' OR OLD.outlet IS NOT DISTINCT FROM NEW.outlet THEN
    RETURN NULL;
  END IF;
  FOR g IN SELECT status, rating_key, count(*)::int AS n FROM claim
           WHERE article_id = NEW.id AND rating_key IS NOT NULL GROUP BY status, rating_key LOOP
    PERFORM report_tally_bump_outlet(g.status, g.rating_key, OLD.outlet, -g.n);
    PERFORM report_tally_bump_outlet(g.status, g.rating_key, NEW.outlet, g.n);
  END LOOP;
  RETURN NULL;
END $$;
"""

# A frozen copy of the new lines of factcheck.services.reads.reports.REFILL_SQL at this revision.
REFILL = (
    "INSERT INTO report_tally_outlet_month (status, rating_key, outlet, month, n) "
    "SELECT c.status, c.rating_key, a.outlet, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), count(*) "
    "FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id LEFT JOIN article a ON a.id = c.article_id "
    "WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3, 4",
    "INSERT INTO report_tally_claimant_month (status, rating_key, claimant_id, month, n) "
    "SELECT c.status, c.rating_key, c.claimant_id, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), "
    "count(*) FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3, 4",
    "INSERT INTO report_tally_article_month (status, article_id, month, n) "
    "SELECT c.status, c.article_id, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), count(*) "
    "FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_claimant_outlet (status, claimant_id, outlet, n) "
    "SELECT c.status, c.claimant_id, a.outlet, count(*) "
    "FROM claim c LEFT JOIN article a ON a.id = c.article_id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
)


TABLES = ("report_tally_outlet_month", "report_tally_claimant_month", "report_tally_article_month",
          "report_tally_claimant_outlet")


def _table(name: str, *columns: sa.Column) -> None:
    """A tally with one row per group: its columns, then a unique key over its status and `columns`."""
    op.create_table(
        name,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *columns,
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(f"ix_{name}_key", name, ["status", *(column.name for column in columns)], unique=True,
                    postgresql_nulls_not_distinct=True)


def _month() -> sa.Column:
    return sa.Column("month", sa.String(length=7), nullable=True)


def _rating() -> sa.Column:
    return sa.Column("rating_key", sa.String(length=32), nullable=False)


def upgrade():
    _table("report_tally_outlet_month", _month(), _rating(), sa.Column("outlet", sa.String(length=200), nullable=True))
    _table("report_tally_claimant_month", _month(), _rating(), sa.Column("claimant_id", sa.Integer(), nullable=True))
    _table("report_tally_article_month", _month(), sa.Column("article_id", sa.Integer(), nullable=True))
    _table("report_tally_claimant_outlet", sa.Column("claimant_id", sa.Integer(), nullable=True),
           sa.Column("outlet", sa.String(length=200), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(BUMP.format(name="outlet", type="text", column="outlet"))
    op.execute(BUMP.format(name="claimant", type="int", column="claimant_id"))
    for statement in (BUMP_ARTICLE_MONTH, BUMP_CLAIMANT_OUTLET, DATED, ADD, VERDICT, ARTICLE, *REFILL):
        op.execute(statement)
    op.execute("; ".join(f"ANALYZE {table}" for table in TABLES))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in (OLD_ARTICLE, OLD_VERDICT, OLD_ADD):
            op.execute(statement)
        for function in ("report_tally_add_dated(text, text, int, int, text, text, int)",
                         "report_tally_bump_claimant_outlet(text, int, text, int)",
                         "report_tally_bump_article_month(text, int, text, int)",
                         "report_tally_bump_claimant_month(text, text, int, text, int)",
                         "report_tally_bump_outlet_month(text, text, text, text, int)"):
            op.execute(f"DROP FUNCTION {function}")
    for name in reversed(TABLES):
        op.drop_index(f"ix_{name}_key", table_name=name)
        op.drop_table(name)
