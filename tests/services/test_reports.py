"""Verdict reports: counts by rating, claimant, outlet, article and month, over a date range, as JSON and CSV."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from factcheck.errors import ValidationError
from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services.reads import reports
from factcheck.services.claims.workflow import transition
from tests.factories import make_article, make_claim, make_user, make_verdict

TEXT = "Alpha rose. Beta fell. Gamma held. Delta doubled."


def checked(editor, article, exact, claimant, rating, published_on=None, status="published"):
    claim = make_claim(editor, article, exact=exact, claimant=claimant)
    if rating:
        make_verdict(editor, claim, rating=rating)
    if status in ("in_review", "published"):
        transition(editor, claim, "in_review")
    if status == "published":
        transition(editor, claim, "published")
        when = datetime.fromisoformat(published_on).replace(tzinfo=UTC)
        db.session.execute(update(Claim).where(Claim.id == claim.id).values(published_at=when))
        db.session.commit()
    return claim


@pytest.fixture
def known(app):
    """Four published verdicts, one in review, one draft without a verdict, in two outlets."""
    with app.app_context():
        editor = make_user("editor")
        herald = make_article(editor, text=TEXT, title="Herald story", outlet="Herald")
        courier = make_article(editor, text=TEXT, title="Courier story", outlet="Courier")
        checked(editor, herald, "Alpha rose", "Tokayev", "false", "2024-01-10")
        checked(editor, herald, "Beta fell", "Tokayev", "false", "2024-02-05")
        checked(editor, herald, "Gamma held", "TASS", "true", "2024-02-20")
        checked(editor, courier, "Alpha rose", "Tokayev", "mostly-false", "2024-03-01")
        checked(editor, courier, "Beta fell", "TASS", "false", status="in_review")
        checked(editor, courier, "Gamma held", "TASS", None, status="draft")
        yield {"herald": herald.id, "courier": courier.id}


def rows(group_by, date_from=None, date_to=None, status=None):
    report = reports.verdict_report(reports.report_query(group_by, date_from, date_to, status))
    return report.rows, report.total


def test_counts_by_rating_cover_published_verdicts_only(known):
    found, total = rows("rating")
    assert found == [{"rating": "false", "count": 2}, {"rating": "true", "count": 1},
                     {"rating": "mostly-false", "count": 1}]
    assert total == 4


def test_counts_by_claimant_use_the_claimant_name(known):
    assert rows("claimant") == ([{"claimant": "Tokayev", "count": 3}, {"claimant": "TASS", "count": 1}], 4)


def test_counts_by_outlet_and_article(known):
    assert rows("outlet")[0] == [{"outlet": "Herald", "count": 3}, {"outlet": "Courier", "count": 1}]
    by_article = rows("article")[0]
    assert by_article == [{"article": known["herald"], "title": "Herald story", "count": 3},
                          {"article": known["courier"], "title": "Courier story", "count": 1}]


def test_a_combination_of_two_keys_counts_each_pair(known):
    found, total = rows("claimant,rating")
    assert sorted((r["claimant"], r["rating"], r["count"]) for r in found) == [
        ("TASS", "true", 1), ("Tokayev", "false", 2), ("Tokayev", "mostly-false", 1)]
    assert total == 4
    assert {(r["outlet"], r["rating"]): r["count"] for r in rows("outlet,rating")[0]} == {
        ("Herald", "false"): 2, ("Herald", "true"): 1, ("Courier", "mostly-false"): 1}


def test_counts_by_month_follow_the_publication_date(known):
    assert rows("month")[0] == [{"month": "2024-02", "count": 2}, {"month": "2024-01", "count": 1},
                                {"month": "2024-03", "count": 1}]


def test_the_date_range_includes_both_days(known):
    assert rows("rating", date_from="2024-02-05", date_to="2024-02-20") == (
        [{"rating": "true", "count": 1}, {"rating": "false", "count": 1}], 2)  # ties in scale order
    assert rows("rating", date_from="2024-03-02")[1] == 0


def test_staff_can_widen_the_report_to_unpublished_claims(known):
    found, total = rows("rating", status="all")
    assert total == 5  # the draft has no verdict
    assert {"rating": "false", "count": 3} in found
    assert rows("rating", status="in_review")[1] == 1


@pytest.mark.parametrize("group_by", ["colour", "rating,rating", "rating,claimant,outlet", ""])
def test_an_unknown_or_repeated_group_key_is_refused(app, group_by):
    with app.app_context(), pytest.raises(ValidationError) as raised:
        reports.report_query(group_by or ",")
    assert "group_by" in raised.value.fields


@pytest.mark.parametrize("arguments", [{"date_from": "yesterday"}, {"date_to": "2024-13-01"},
                                       {"date_from": "2024-02-01", "date_to": "2024-01-01"}])
def test_a_bad_date_is_refused(app, arguments):
    with app.app_context(), pytest.raises(ValidationError):
        reports.report_query("rating", arguments.get("date_from"), arguments.get("date_to"))


def test_csv_has_a_header_then_one_row_per_group(known):
    report = reports.verdict_report(reports.report_query("claimant,rating"))
    lines = list(csv.reader(io.StringIO(reports.report_csv(report))))
    assert lines[0] == ["claimant", "rating", "count"]
    assert ["Tokayev", "false", "2"] in lines[1:]
    assert len(lines) == 4


def test_the_distribution_gives_ratings_per_top_group(known):
    query = reports.report_query("rating")
    distribution = reports.rating_distribution(query, "claimant", top=1)
    assert distribution.groups == [("Tokayev", {"false": 2, "mostly-false": 1}, 3)]
    months = reports.rating_distribution(query, "month", top=None)
    assert [group for group, _, _ in months.groups] == ["2024-01", "2024-02", "2024-03"]
