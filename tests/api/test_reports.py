"""GET /api/v1/reports/verdicts: the report as JSON or CSV, for editors' tokens."""

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
