"""The report tallies (PostgreSQL): after every kind of write, reports read from them equal counting the claims."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text, update

from factcheck.cli.generator import generate
from factcheck.extensions import db
from factcheck.models import (Claim, ReportTallyArticleMonth, ReportTallyClaimant, ReportTallyClaimantMonth,
                              ReportTallyClaimantOutlet, ReportTallyMonth, ReportTallyOutlet, ReportTallyOutletMonth,
                              Verdict)
from factcheck.services.articles.articles import update_article
from factcheck.services.claims.claims import update_claim
from factcheck.services.claims.workflow import transition
from factcheck.services.reads import reports
from tests.factories import make_article, make_claim, make_user, make_verdict
from tests.services.test_report_groupings import _as_multiset, _counted_by_hand

TEXT = "Alpha rose. Beta fell. Gamma held. Delta doubled."
TALLIED = ("rating", "claimant", "outlet", "month", "article", "claimant,rating", "rating,claimant", "outlet,rating",
           "month,rating", "rating,month", "article,rating", "rating,article", "outlet,article", "article,outlet",
           "month,outlet", "outlet,month", "claimant,month", "month,claimant", "article,month", "month,article",
           "claimant,outlet", "outlet,claimant")
# Groupings a tally keeps with the month, read from it for a range of whole months (and the ranges tried).
BY_MONTH = ("rating", "month", "outlet", "claimant", "article", "rating,month", "outlet,rating", "rating,claimant",
            "month,outlet", "claimant,month", "article,month", "outlet,article")
WHOLE_MONTHS = (("2024-01-01", "2024-01-31"), ("2024-02-01", None), (None, "2023-12-31"), ("2022-12-01", "2024-02-29"))
STATUSES = (None, "all", "draft", "in_review", "draft,in_review")
EVERYTHING = ("1900-01-01", "2999-12-31")  # a date range: the same claims, counted from the claims table


@pytest.fixture
def pg_app(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the tallies are kept on PostgreSQL only")
    return app


def assert_tallied() -> None:
    """Every tallied report (each status set) equals the same report counted from the claims."""
    db.session.commit()  # what the triggers wrote, as the next request sees it
    for group_by in TALLIED:
        for status in STATUSES:
            query = reports.report_query(group_by, status=status)
            assert reports._tally(query) is not None, group_by
            counted = reports.verdict_report(reports.report_query(group_by, *EVERYTHING, status))
            tallied = reports.verdict_report(query)
            assert (tallied.rows, tallied.total) == (counted.rows, counted.total), (group_by, status)
    for group_by in BY_MONTH:
        for status in STATUSES:
            for date_range in WHOLE_MONTHS:
                query = reports.report_query(group_by, *date_range, status)
                assert reports._tally(query) is not None, (group_by, date_range)
                tallied = reports.verdict_report(query)
                expected, total = _counted_by_hand(query)
                assert (_as_multiset(tallied.rows), tallied.total) == (_as_multiset(expected), total), (
                    group_by, status, date_range)
    for status in STATUSES:
        for by in ("claimant", "outlet", "month"):
            tallied = reports.rating_distribution(reports.report_query("rating", status=status), by)
            counted = reports.rating_distribution(reports.report_query("rating", *EVERYTHING, status), by)
            assert tallied == counted


def published(editor, article, exact, claimant, rating, day):
    claim = make_claim(editor, article, exact=exact, claimant=claimant)
    make_verdict(editor, claim, rating=rating)
    transition(editor, claim, "in_review")
    transition(editor, claim, "published")
    db.session.execute(update(Claim).where(Claim.id == claim.id)
                       .values(published_at=datetime.fromisoformat(day).replace(tzinfo=UTC)))
    db.session.commit()
    return claim


def test_reports_are_exact_right_after_each_write(pg_app):
    with pg_app.app_context():
        editor = make_user("editor")
        herald = make_article(editor, text=TEXT, title="Herald story", outlet="Herald")
        courier = make_article(editor, text=TEXT, title="Courier story", outlet="Courier")
        first = published(editor, herald, "Alpha rose", "Tokayev", "false", "2024-01-10")
        published(editor, herald, "Beta fell", "Tokayev", "false", "2024-02-05")
        published(editor, courier, "Gamma held", None, "true", "2024-02-20")
        draft = make_claim(editor, courier, exact="Delta doubled", claimant="TASS")
        assert_tallied()
        assert reports.verdict_report(reports.report_query("rating", status="draft")).total == 0

        make_verdict(editor, draft, rating="mostly-false")  # a verdict counts the draft
        assert_tallied()
        assert reports.verdict_report(reports.report_query("claimant", status="draft")).rows == [
            {"claimant": "TASS", "count": 1}]

        make_verdict(editor, draft, rating="true")  # another rating
        update_claim(editor, draft, draft.version, claimant="Ministry of Health")  # another claimant
        assert_tallied()

        # An unpublished claim is dated by its verdict: a verdict changed in another month moves it.
        db.session.execute(update(Verdict).where(Verdict.claim_id == draft.id)
                           .values(updated_at=datetime(2023, 7, 1, tzinfo=UTC)))
        assert_tallied()
        months = reports.verdict_report(reports.report_query("month", status="draft")).rows
        assert months == [{"month": "2023-07", "count": 1}]

        transition(editor, draft, "in_review")  # another status
        transition(editor, draft, "published")  # published: dated by its publication from now on
        assert_tallied()
        assert reports.verdict_report(reports.report_query("rating")).total == 4

        db.session.execute(update(Claim).where(Claim.id == first.id)  # another publication month
                           .values(published_at=datetime(2022, 12, 31, 23, 59, tzinfo=UTC)))
        assert_tallied()

        update_article(editor, herald, outlet="Herald Tribune")  # the outlet of every claim of the article
        assert_tallied()
        assert reports.verdict_report(reports.report_query("outlet")).rows == [
            {"outlet": "Courier", "count": 2}, {"outlet": "Herald Tribune", "count": 2}]

        transition(editor, first, "in_review")  # reopened: no longer in the public report
        assert_tallied()
        assert reports.verdict_report(reports.report_query("rating")).total == 3

        make_verdict(editor, first, rating="mostly-true")  # a correction: another rating, republished with a note
        transition(editor, first, "published", note="The figure was revised.")
        assert_tallied()
        assert {"article": herald.id, "title": "Herald story", "rating": "mostly-true", "count": 1} in (
            reports.verdict_report(reports.report_query("article,rating")).rows)

        assert reports.verdict_report(reports.report_query("article")).rows == [
            {"article": herald.id, "title": "Herald story", "count": 2},
            {"article": courier.id, "title": "Courier story", "count": 2}]

        doomed = make_claim(editor, courier, exact="Alpha rose", claimant="TASS")  # a rated draft, then deleted
        make_verdict(editor, doomed, rating="false")
        db.session.commit()
        assert_tallied()
        for table in ("audit_event", "verdict_revision", "verdict", "claim"):
            column = "id" if table == "claim" else "claim_id"
            db.session.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": doomed.id})
        assert_tallied()


def tally_rows() -> dict:
    kept = {table.__tablename__: sorted(db.session.execute(
        select(table.status, table.rating_key, group, func.sum(table.n)).group_by(table.status, table.rating_key, group)
        .having(func.sum(table.n) != 0)).all(), key=repr)
        for table, group in ((ReportTallyMonth, ReportTallyMonth.month), (ReportTallyOutlet, ReportTallyOutlet.outlet),
                             (ReportTallyClaimant, ReportTallyClaimant.claimant_id),
                             (ReportTallyOutletMonth,
                              func.concat(ReportTallyOutletMonth.outlet, "/", ReportTallyOutletMonth.month)),
                             (ReportTallyClaimantMonth,
                              func.concat(ReportTallyClaimantMonth.claimant_id, "/", ReportTallyClaimantMonth.month)))}
    kept.update({table.__tablename__: sorted(db.session.execute(
        select(table.status, *groups, table.n).where(table.n != 0)).all(), key=repr)
        for table, groups in ((ReportTallyArticleMonth, (ReportTallyArticleMonth.article_id, ReportTallyArticleMonth.month)),
                              (ReportTallyClaimantOutlet,
                               (ReportTallyClaimantOutlet.claimant_id, ReportTallyClaimantOutlet.outlet)))})
    return kept


def test_the_generator_fills_the_tallies_and_the_triggers_keep_what_a_recount_gives(pg_app):
    with pg_app.app_context():
        generate(80, seed=5)
        assert sum(db.session.scalars(select(ReportTallyMonth.n))) == db.session.scalar(
            select(func.count()).select_from(Claim).where(Claim.rating_key.is_not(None)))
        assert_tallied()
        editor = make_user("editor")
        claim = db.session.scalar(select(Claim).where(Claim.status == "draft", Claim.rating_key.is_(None)).limit(1))
        make_verdict(editor, claim, rating="false")
        transition(editor, claim, "in_review")
        kept = tally_rows()
        reports.refill_tallies()
        assert tally_rows() == kept
        db.session.commit()
        assert_tallied()
