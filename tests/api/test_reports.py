"""GET /api/v1/reports/verdicts: the report as JSON or CSV, for editors' tokens."""

import csv
import io

import pytest

from tests.api.conftest import RESTORED, SHOTS


@pytest.fixture
def published(desk):
    article = desk.article(outlet="News Example")
    first = desk.published_claim(article["id"], RESTORED)
    desk.verdict(desk.claim(article["id"], SHOTS, claimant="TASS"), rating="true")  # a draft: not counted
    return {"article": article, "claim": first}


def test_the_report_counts_published_verdicts_by_rating(desk, published):
    response = desk.call("GET", "/reports/verdicts?group_by=rating", role="editor")
    assert response.status_code == 200
    assert response.json == {"rows": [{"rating": "false", "count": 1}], "total": 1}


def test_a_report_of_two_keys_names_claimant_and_outlet(desk, published):
    response = desk.call("GET", "/reports/verdicts?group_by=outlet,rating&status=all", role="editor")
    assert response.json["total"] == 2
    assert {"outlet": "News Example", "rating": "true", "count": 1} in response.json["rows"]
    by_article = desk.call("GET", "/reports/verdicts?group_by=article", role="editor").json
    assert by_article["rows"] == [{"article": published["article"]["id"], "title": published["article"]["title"],
                                   "count": 1}]


def test_the_report_as_csv_has_a_header_row(desk, published):
    response = desk.call("GET", "/reports/verdicts?group_by=claimant,rating&format=csv", role="editor")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "claimant,rating,count"
    assert len(lines) == 2 and lines[1].endswith(",false,1")


def test_a_date_range_outside_every_verdict_counts_nothing(desk, published):
    response = desk.call("GET", "/reports/verdicts?group_by=rating&from=2001-01-01&to=2001-12-31", role="editor")
    assert response.json == {"rows": [], "total": 0}


@pytest.mark.parametrize("query", ["group_by=colour", "group_by=rating,rating", "from=2024-02-30",
                                   "to=tomorrow", "format=xml", "status=secret"])
def test_bad_report_arguments_are_refused_with_422(desk, query):
    response = desk.call("GET", f"/reports/verdicts?{query}", role="editor")
    assert response.status_code == 422
    assert response.json["error"]["fields"]


def test_the_report_needs_a_token(desk):
    response = desk.call("GET", "/reports/verdicts", role=None)
    assert response.status_code == 401


def test_the_report_is_for_editors(desk, published):
    """Verdict reports are an editor's tool (DESIGN.md, who uses it); a fact-checker's token is refused."""
    response = desk.call("GET", "/reports/verdicts?group_by=rating")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert desk.call("GET", "/reports/verdicts?group_by=rating", role="admin").status_code == 200


HOSTILE_CLAIMANTS = ['=HYPERLINK("http://evil","x")', "+SUM(1,1)", "-2+3", "@SUM(A1)"]


def test_hostile_cells_in_the_csv_are_written_as_text(desk):
    article = desk.article(outlet="=1+1", title='@SUM(A1) headline')
    for claimant, quote in zip(HOSTILE_CLAIMANTS, (RESTORED, SHOTS, "26 protesters", "More than 3,000 protesters"),
                               strict=True):
        claim = desk.claim(article["id"], quote, claimant=claimant)
        desk.move(desk.move(desk.verdict(claim), "in_review", "factchecker"), "published", "editor")
    by_claimant = desk.call("GET", "/reports/verdicts?group_by=claimant&format=csv", role="editor")
    cells = [row[0] for row in csv.reader(io.StringIO(by_claimant.get_data(as_text=True), newline=""))][1:]
    assert sorted(cells) == sorted("'" + claimant for claimant in HOSTILE_CLAIMANTS)
    by_outlet = desk.call("GET", "/reports/verdicts?group_by=outlet,article&format=csv", role="editor")
    rows = list(csv.reader(io.StringIO(by_outlet.get_data(as_text=True), newline="")))
    assert rows[0] == ["outlet", "article", "count"]
    assert rows[1] == ["'=1+1", str(article["id"]), "4"]
    # JSON is data, not a spreadsheet: it keeps the names as they are.
    json_rows = desk.call("GET", "/reports/verdicts?group_by=claimant", role="editor").json["rows"]
    assert sorted(row["claimant"] for row in json_rows) == sorted(HOSTILE_CLAIMANTS)


def test_a_report_row_lists_its_group_keys_then_the_count(desk, published):
    """The contract's order, {<group keys>, count}: the rows are written as built, not with sorted keys."""
    response = desk.call("GET", "/reports/verdicts?group_by=rating,article", role="editor")
    assert response.mimetype == "application/json"
    assert [list(row) for row in response.json["rows"]] == [["rating", "article", "title", "count"]]
    assert response.json["total"] == 1
