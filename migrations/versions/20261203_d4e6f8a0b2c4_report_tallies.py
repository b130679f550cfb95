"""Report tallies: running verdict counts per month, outlet and claimant, kept by triggers on PostgreSQL.

Also ix_article_id_title: the report by article reads its titles in id order from this index (a merge join
with the claims' covering index) instead of hashing every wide article row.

The verdict reports without a date range read these instead of counting 600,000 claims. Triggers on claim,
verdict and article keep them exact inside the writing transaction (any write path, any tool); the
generator switches them off for its bulk insert (setting factcheck.skip_tally) and refills the tables.
SQLite gets the empty tables only: its reports count the claims.

Revision ID: d4e6f8a0b2c4
Revises: d2f4a6c8e0b1
Create Date: 2026-12-03 13:10:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = 'd4e6f8a0b2c4'
down_revision = 'd2f4a6c8e0b1'
branch_labels = None
depends_on = None

BUMP = """
CREATE FUNCTION report_tally_bump_{name}(p_status text, p_rating text, p_group {type}, p_delta int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_group IS NULL THEN
    UPDATE report_tally_{name} SET n = n + p_delta WHERE id = (SELECT id FROM report_tally_{name}
      WHERE status = p_status AND rating_key = p_rating AND {column} IS NULL LIMIT 1);
  ELSE
    UPDATE report_tally_{name} SET n = n + p_delta WHERE id = (SELECT id FROM report_tally_{name}
      WHERE status = p_status AND rating_key = p_rating AND {column} = p_group LIMIT 1);
  END IF;
  IF NOT FOUND THEN
    INSERT INTO report_tally_{name} (status, rating_key, {column}, n) VALUES (p_status, p_rating, p_group, p_delta);
  END IF;
END $$;
"""

FUNCTIONS = [
    BUMP.format(name="month", type="text", column="month"),
    BUMP.format(name="outlet", type="text", column="outlet"),
    BUMP.format(name="claimant", type="int", column="claimant_id"),
    """
CREATE FUNCTION report_tally_add(p_status text, p_rating text, p_claimant int, p_article int, p_when timestamp,
                                 p_delta int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_rating IS NULL THEN RETURN; END IF;
  PERFORM report_tally_bump_month(p_status, p_rating, to_char(p_when, 'YYYY-MM'), p_delta);
  PERFORM report_tally_bump_outlet(p_status, p_rating, (SELECT outlet FROM article WHERE id = p_article), p_delta);
  PERFORM report_tally_bump_claimant(p_status, p_rating, p_claimant, p_delta);
END $$;
""",
    """
CREATE FUNCTION report_tally_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('factcheck.skip_tally', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.rating_key IS NOT DISTINCT FROM NEW.rating_key
     AND OLD.claimant_id IS NOT DISTINCT FROM NEW.claimant_id AND OLD.article_id IS NOT DISTINCT FROM NEW.article_id
     AND OLD.published_at IS NOT DISTINCT FROM NEW.published_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_tally_add(OLD.status, OLD.rating_key, OLD.claimant_id, OLD.article_id,
      coalesce(OLD.published_at, (SELECT updated_at FROM verdict WHERE claim_id = OLD.id)), -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_tally_add(NEW.status, NEW.rating_key, NEW.claimant_id, NEW.article_id,
      coalesce(NEW.published_at, (SELECT updated_at FROM verdict WHERE claim_id = NEW.id)), 1);
  END IF;
  RETURN NULL;
END $$;
""",
    """
CREATE FUNCTION report_tally_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
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
""",
    """
CREATE FUNCTION report_tally_article() RETURNS trigger LANGUAGE plpgsql AS $$
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
""",
    "CREATE TRIGGER report_tally_claim AFTER INSERT OR UPDATE OR DELETE ON claim "
    "FOR EACH ROW EXECUTE FUNCTION report_tally_claim()",
    "CREATE TRIGGER report_tally_verdict AFTER INSERT OR UPDATE OF updated_at, claim_id OR DELETE ON verdict "
    "FOR EACH ROW EXECUTE FUNCTION report_tally_verdict()",
    "CREATE TRIGGER report_tally_article AFTER UPDATE OF outlet ON article "
    "FOR EACH ROW EXECUTE FUNCTION report_tally_article()",
]

# A frozen copy of factcheck.services.reads.reports.REFILL_SQL at this revision.
REFILL = [
    "DELETE FROM report_tally_month",
    "DELETE FROM report_tally_outlet",
    "DELETE FROM report_tally_claimant",
    "INSERT INTO report_tally_month (status, rating_key, month, n) "
    "SELECT c.status, c.rating_key, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), count(*) "
    "FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_outlet (status, rating_key, outlet, n) "
    "SELECT c.status, c.rating_key, a.outlet, count(*) "
    "FROM claim c LEFT JOIN article a ON a.id = c.article_id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_claimant (status, rating_key, claimant_id, n) "
    "SELECT status, rating_key, claimant_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2, 3",
]


def _table(name: str, column: sa.Column) -> None:
    op.create_table(
        f"report_tally_{name}",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rating_key", sa.String(length=32), nullable=False),
        column,
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_report_tally_{name}")),
    )


def upgrade():
    _table("month", sa.Column("month", sa.String(length=7), nullable=True))
    _table("outlet", sa.Column("outlet", sa.String(length=200), nullable=True))
    _table("claimant", sa.Column("claimant_id", sa.Integer(), nullable=True))
    op.create_index("ix_report_tally_month_key", "report_tally_month", ["status", "rating_key", "month"])
    op.create_index("ix_report_tally_outlet_key", "report_tally_outlet", ["status", "rating_key", "outlet"])
    op.create_index("ix_report_tally_claimant_key", "report_tally_claimant", ["claimant_id", "status", "rating_key"])
    op.create_index("ix_article_id_title", "article", ["id", "title"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in FUNCTIONS:
        op.execute(statement)
    for statement in REFILL:
        op.execute(statement)
    op.execute("ANALYZE report_tally_month; ANALYZE report_tally_outlet; ANALYZE report_tally_claimant")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER report_tally_article ON article")
        op.execute("DROP TRIGGER report_tally_verdict ON verdict")
        op.execute("DROP TRIGGER report_tally_claim ON claim")
        for function in ("report_tally_article()", "report_tally_verdict()", "report_tally_claim()",
                         "report_tally_add(text, text, int, int, timestamp, int)",
                         "report_tally_bump_claimant(text, text, int, int)",
                         "report_tally_bump_outlet(text, text, text, int)",
                         "report_tally_bump_month(text, text, text, int)"):
            op.execute(f"DROP FUNCTION {function}")
    op.drop_index("ix_article_id_title", table_name="article")
    for name in ("claimant", "outlet", "month"):
        op.drop_table(f"report_tally_{name}")
