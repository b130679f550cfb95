"""Every verdict report grouping equals a count made claim by claim in Python, on SQLite and PostgreSQL alike.

On PostgreSQL the reports without a date range read the tallies (month, outlet, claimant, article) and the
others count the claims; either way the rows, their order and the total must be what counting each claim gives.
"""

import csv
import io
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from itertools import permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.cli.generator import generate
from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services.reads import reports
from factcheck.services.text.csv_export import csv_text, safe_cell

KEYS = ("rating", "claimant", "outlet", "article", "month")
GROUPINGS = [(key,) for key in KEYS] + list(permutations(KEYS, 2))
# No range; every day (whole months, as a tally can serve on PostgreSQL); whole months from a first day (and to a
# last day) within the generated three years; days that are not whole months.
RANGES = [(None, None), ("2000-01-01", "2999-12-31"), ("2025-01-01", None), ("2024-03-01", "2025-06-30"),
          ("2024-03-02", "2025-06-30")]


@pytest.fixture
def generated(app):
    with app.app_context():
        generate(120, seed=7)
        db.session.commit()
        yield app


def _dated(claim: Claim, statuses) -> datetime | None:
    """The instant the report dates a claim at (naive UTC, as both databases keep it)."""
    when = claim.published_at if statuses == ("published",) else (claim.published_at or claim.verdict.updated_at)
    return when.astimezone(UTC).replace(tzinfo=None) if when is not None and when.tzinfo else when


def _counted_by_hand(query: reports.ReportQuery) -> tuple[list[dict], int]:
    """The report made claim by claim: the reference every grouping is checked against."""
    claims = db.session.scalars(select(Claim).options(joinedload(Claim.claimant), joinedload(Claim.article),
                                                      joinedload(Claim.verdict))).unique()
    start = datetime.combine(query.date_from, time()) if query.date_from else None
    end = datetime.combine(query.date_to + timedelta(days=1), time()) if query.date_to else None
    counts: Counter = Counter()
    titles = {}
    for claim in claims:
        if claim.status not in query.statuses or claim.rating_key is None:
            continue
        when = _dated(claim, query.statuses)
        if (start and (when is None or when < start)) or (end and (when is None or when >= end)):
            continue
        values = {"rating": claim.rating_key, "claimant": claim.claimant.name if claim.claimant else None,
                  "outlet": claim.article.outlet if claim.article else None, "article": claim.article_id,
                  "month": when.strftime("%Y-%m") if when else None}
        titles[claim.article_id] = claim.article.title if claim.article else None
        counts[tuple(values[key] for key in query.group_by)] += 1
    rows = []
    for group, count in counts.items():
        row = {}
        for key, value in zip(query.group_by, group, strict=True):
            row[key] = value
            if key == "article":
                row["title"] = titles[value]
        row["count"] = count
        rows.append(row)
    return rows, sum(counts.values())


def _in_report_order(rows: list[dict]) -> bool:
    """Biggest first: no row has a larger count than the one before it."""
    return all(a["count"] >= b["count"] for a, b in zip(rows, rows[1:]))


def _as_multiset(rows: list[dict]) -> Counter:
    return Counter(tuple(row.items()) for row in rows)


@pytest.mark.parametrize("status", [None, "all"])
@pytest.mark.parametrize("date_range", RANGES)
def test_every_grouping_counts_what_each_claim_says(generated, status, date_range):
    with generated.app_context():
        for group_by in GROUPINGS:
            query = reports.report_query(",".join(group_by), *date_range, status)
            report = reports.verdict_report(query)
            expected, total = _counted_by_hand(query)
            assert report.total == total and total > 0, group_by
            assert _as_multiset(report.rows) == _as_multiset(expected), group_by
            assert [list(row) for row in report.rows[:1]] == [list(row) for row in expected[:1]], group_by
            assert _in_report_order(report.rows), group_by
            assert reports.verdict_csv(query) == reports.report_csv(report), group_by


def test_a_range_of_days_takes_the_first_and_the_last_day_whole(generated):
    """From 00:00 of `from` up to (not including) 00:00 of the day after `to`, whatever serves the counts."""
    with generated.app_context():
        days = sorted({when.date() for when in db.session.scalars(
            select(Claim.published_at).where(Claim.status == "published", Claim.rating_key.is_not(None)))})
        first, last = days[len(days) // 3], days[2 * len(days) // 3]
        for group_by in ("rating", "article", "claimant,rating", "month,outlet"):
            query = reports.report_query(group_by, first.isoformat(), last.isoformat())
            expected, total = _counted_by_hand(query)
            report = reports.verdict_report(query)
            assert (_as_multiset(report.rows), report.total) == (_as_multiset(expected), total), group_by
            inside = reports.verdict_report(reports.report_query(group_by, first.isoformat(), first.isoformat()))
            outside = reports.verdict_report(reports.report_query(
                group_by, (first - timedelta(days=1)).isoformat(), (first - timedelta(days=1)).isoformat()))
            assert inside.total == _counted_by_hand(reports.report_query(group_by, first.isoformat(),
                                                                         first.isoformat()))[1] > 0
            assert outside.total == _counted_by_hand(reports.report_query(
                group_by, (first - timedelta(days=1)).isoformat(), (first - timedelta(days=1)).isoformat()))[1]


@pytest.mark.parametrize("group_by", ["article", "claimant,rating", "article,month", "rating"])
def test_the_desks_table_is_one_statement_with_the_total_of_every_group(generated, count_queries, group_by):
    with generated.app_context():
        everything = reports.verdict_report(reports.report_query(group_by))
        with count_queries() as statements:
            top = reports.verdict_report(reports.report_query(group_by), limit=5)
        assert len([statement for statement in statements if "set_config('jit'" not in statement]) == 1
        assert top.total == everything.total
        assert top.rows == everything.rows[:5] and len(everything.rows) > 5


@pytest.mark.parametrize("group_by", ["article", "claimant,rating", "outlet,article"])
def test_a_whole_report_is_one_statement_after_the_settings_of_its_transaction(generated, count_queries, group_by):
    with generated.app_context():
        query = reports.report_query(group_by)
        with count_queries() as statements:
            reports.verdict_report(query)
            reports.verdict_report(query)
            db.session.commit()
            reports.verdict_report(query)
        postgresql = db.engine.dialect.name == "postgresql"
        settings = [statement for statement in statements if "set_config('jit'" in statement]
        assert len(settings) == (2 if postgresql else 0)  # once per transaction
        # On PostgreSQL a report by article reads its titles by id after the rows, in a second statement.
        per_report = 2 if postgresql and "article" in group_by else 1
        assert len(statements) - len(settings) == 3 * per_report


@pytest.mark.parametrize(("group_by", "date_range", "tally"), [
    ("claimant,month", ("2024-03-01", "2025-06-30"), "report_tally_claimant_month"),
    ("outlet", (None, "2025-06-30"), "report_tally_outlet_month"),
    ("rating", ("2024-03-01", None), "report_tally_month"),
    ("month,outlet", (None, None), "report_tally_outlet_month"),
    ("article,outlet", (None, None), "report_tally_article"),
    ("article", ("2024-03-01", "2025-06-30"), "report_tally_article_month"),
    ("claimant,outlet", (None, None), "report_tally_claimant_outlet"),
    ("claimant,month", ("2024-03-01", "2025-06-29"), None),  # not whole months: the claims are counted
    ("claimant,outlet", ("2024-03-01", "2025-06-30"), None),  # no tally keeps claimants and outlets by month
    ("article,rating", ("2024-03-01", None), None),  # nor articles and ratings
])
def test_a_range_of_whole_months_reads_a_tally_that_keeps_the_month(generated, count_queries, group_by, date_range,
                                                                     tally):
    with generated.app_context():
        query = reports.report_query(group_by, *date_range)
        with count_queries() as statements:
            report = reports.verdict_report(query)
        counted = [statement for statement in statements if "set_config('jit'" not in statement][0]
        if db.engine.dialect.name == "postgresql" and tally:
            assert f"FROM {tally}" in counted and "FROM claim" not in counted
        else:
            assert "FROM claim" in counted and "report_tally" not in counted
        assert (_as_multiset(report.rows), report.total) == (lambda rows, total: (_as_multiset(rows), total))(
            *_counted_by_hand(query))


def test_an_empty_limited_report_totals_nothing(app):
    with app.app_context():
        report = reports.verdict_report(reports.report_query("article"), limit=10)
        assert (report.rows, report.total) == ([], 0)


def _reference_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


CELLS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
                  st.sampled_from(["=1+1", "+SUM(1)", "-2", "@A1", "\tx", "\rx", "", "'quoted", "a,b", 'say "x"']),
                  st.dates())


@given(st.lists(st.lists(CELLS, min_size=1, max_size=4), max_size=6))
def test_the_csv_writes_every_cell_as_safe_cell_makes_it(rows):
    assert csv_text(rows) == _reference_csv(rows)


def test_the_report_csv_quotes_a_name_that_starts_like_a_formula(app):
    report = reports.Report(reports.ReportQuery(("claimant", "rating")),
                            [{"claimant": "=cmd", "rating": "false", "count": 3},
                             {"claimant": None, "rating": "-odd", "count": 1}], 4)
    assert reports.report_csv(report) == "claimant,rating,count\r\n'=cmd,false,3\r\n,'-odd,1\r\n"
