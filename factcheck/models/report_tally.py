"""Running counts of verdicts behind the verdict reports on PostgreSQL (kept by triggers, see the migration).

Each row adds `n` verdicts of one claim status and rating to one group (month, outlet or claimant); a group may
have several rows (two writers creating it at once) and counts that fell to zero: readers SUM and drop zeros.
The article tallies and those per outlet or claimant and month have one row per group (a unique key, bumped by
INSERT ... ON CONFLICT), with zeros too.
The month is that of the claim's publication, or of its verdict's last change while it has none, as the
reports date a claim. SQLite has the tables but never fills or reads them.
"""

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.extensions import db


class _Tally:
    """What every tally row has: `n` verdicts of claims in one status."""

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    n: Mapped[int] = mapped_column(Integer, default=0)


class _RatedTally(_Tally):
    """A tally that also keeps the verdicts' rating."""

    rating_key: Mapped[str] = mapped_column(String(32))


class ReportTallyMonth(_RatedTally, db.Model):
    __tablename__ = "report_tally_month"
    __table_args__ = (Index("ix_report_tally_month_key", "status", "rating_key", "month"),)

    month: Mapped[str | None] = mapped_column(String(7))


class ReportTallyOutlet(_RatedTally, db.Model):
    __tablename__ = "report_tally_outlet"
    __table_args__ = (Index("ix_report_tally_outlet_key", "status", "rating_key", "outlet"),)

    outlet: Mapped[str | None] = mapped_column(String(200))


class ReportTallyClaimant(_RatedTally, db.Model):
    __tablename__ = "report_tally_claimant"
    __table_args__ = (Index("ix_report_tally_claimant_key", "claimant_id", "status", "rating_key"),)

    claimant_id: Mapped[int | None] = mapped_column(Integer)


class ReportTallyArticle(_Tally, db.Model):
    """Verdicts per article and status, whatever their rating: one row per group (unique), bumped by upsert."""

    __tablename__ = "report_tally_article"
    # On PostgreSQL its migration adds ix_report_tally_article_top on (status, n DESC, article_id).
    __table_args__ = (Index("ix_report_tally_article_key", "status", "article_id", unique=True,
                            postgresql_nulls_not_distinct=True),)

    article_id: Mapped[int | None] = mapped_column(Integer)


class ReportTallyArticleRating(_RatedTally, db.Model):
    """Verdicts per article, rating and status: one row per group (unique), so the largest are read in index order."""

    __tablename__ = "report_tally_article_rating"
    # On PostgreSQL its migration adds ix_report_tally_article_rating_top on (status, n DESC, article_id).
    __table_args__ = (Index("ix_report_tally_article_rating_key", "status", "rating_key", "article_id", unique=True,
                            postgresql_nulls_not_distinct=True),)

    article_id: Mapped[int | None] = mapped_column(Integer)


class ReportTallyOutletMonth(_RatedTally, db.Model):
    """Verdicts per outlet, month, rating and status: one row per group (unique), so a range of months can be summed."""

    __tablename__ = "report_tally_outlet_month"
    __table_args__ = (Index("ix_report_tally_outlet_month_key", "status", "month", "rating_key", "outlet", unique=True,
                            postgresql_nulls_not_distinct=True),)

    outlet: Mapped[str | None] = mapped_column(String(200))
    month: Mapped[str | None] = mapped_column(String(7))


class ReportTallyClaimantMonth(_RatedTally, db.Model):
    """Verdicts per claimant, month, rating and status: one row per group (unique), as the outlet's."""

    __tablename__ = "report_tally_claimant_month"
    __table_args__ = (Index("ix_report_tally_claimant_month_key", "status", "month", "rating_key", "claimant_id",
                            unique=True, postgresql_nulls_not_distinct=True),)

    claimant_id: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[str | None] = mapped_column(String(7))


class ReportTallyArticleMonth(_Tally, db.Model):
    """Verdicts per article, month and status, whatever their rating: one row per group (unique)."""

    __tablename__ = "report_tally_article_month"
    __table_args__ = (Index("ix_report_tally_article_month_key", "status", "month", "article_id", unique=True,
                            postgresql_nulls_not_distinct=True),)

    article_id: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[str | None] = mapped_column(String(7))


class ReportTallyClaimantOutlet(_Tally, db.Model):
    """Verdicts per claimant, outlet and status, whatever their rating: one row per group (unique)."""

    __tablename__ = "report_tally_claimant_outlet"
    __table_args__ = (Index("ix_report_tally_claimant_outlet_key", "status", "claimant_id", "outlet", unique=True,
                            postgresql_nulls_not_distinct=True),)

    claimant_id: Mapped[int | None] = mapped_column(Integer)
    outlet: Mapped[str | None] = mapped_column(String(200))
