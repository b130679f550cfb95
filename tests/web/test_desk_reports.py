"""The desk's verdict reports: filters, the table, SVG charts with their numbers, CSV, and the per-article report."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from factcheck.extensions import db
from factcheck.models import Claim, User
from factcheck.services.claims.links import link_claims
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from factcheck.services.claims.workflow import transition
from tests.factories import make_article, make_claim, make_verdict

TEXT = "Alpha rose. Beta fell. Gamma held."


@pytest.fixture
def editor(auth):
    return auth.login_as("editor", name="Erlan")


@pytest.fixture
def article_id(app, editor):
    """An article with three claims: two published (one contradicting the other, one with a source), one draft."""
    with app.app_context():
        actor = db.session.get(User, editor.id)
        article = make_article(actor, text=TEXT, title="Market report", outlet="Herald")
        claims = []
        for exact, claimant, rating in (("Alpha rose", "Tokayev", "false"), ("Beta fell", "TASS", "true"),
                                        ("Gamma held", "TASS", None)):
            claim = make_claim(actor, article, exact=exact, claimant=claimant)
            if rating:
                make_verdict(actor, claim, rating=rating, summary=f"{exact}: rated {rating}.")
            claims.append(claim)
        source, _ = find_or_create_source(actor, url="https://stats.example.org/figures", title="Figures",
                                          publisher="Statistics Bureau")
        attach_evidence(actor, claims[0], source=source, stance="contradicts", quote="It fell.")
        link_claims(actor, claims[0], claims[1], "contradicts", "Opposite directions")
        for claim in claims[:2]:
            transition(actor, claim, "in_review")
            transition(actor, claim, "published")
        db.session.execute(update(Claim).where(Claim.id.in_([c.id for c in claims[:2]]))
                           .values(published_at=datetime(2025, 3, 4, tzinfo=UTC)))
        db.session.commit()
        return article.id


def test_signed_out_visitors_are_sent_to_login(client):
    response = client.get("/desk/reports")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_reports_page_shows_the_table_and_accessible_svg_charts(client, article_id):
    page = client.get("/desk/reports").get_data(as_text=True)
    assert "Verdicts by rating" in page and "2 in all" in page
    svgs = re.findall(r"<svg class=\"report-chart__svg[^>]*>.*?</svg>", page, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert 'fill="#cf222e"' in page  # False, in its Rating.colour
    assert "<th scope=\"row\">Tokayev</th>" in page  # the numbers beside the chart
    assert "2025-03" in page
    assert 'style="' not in page  # the CSP forbids style attributes


def test_the_table_counts_by_the_chosen_keys(client, article_id):
    page = client.get("/desk/reports?group_by=claimant,rating").get_data(as_text=True)
    assert "Verdicts by claimant and rating" in page
    assert re.search(r"<td>\s*Tokayev\s*</td>\s*<td>\s*False\s*</td>\s*<td class=\"num\">1</td>", page)


def test_staff_can_count_unpublished_verdicts_too(client, app, article_id):
    with app.app_context():
        claim = db.session.scalar(db.select(Claim).where(Claim.status == "draft"))
        make_verdict(db.session.get(User, claim.created_by_id), claim, rating="mixed")
    assert "2 in all" in client.get("/desk/reports").get_data(as_text=True)
    assert "3 in all" in client.get("/desk/reports?status=all").get_data(as_text=True)


def test_the_date_range_filters_and_a_bad_date_is_answered_beside_its_field(client, article_id):
    assert "0 in all" not in client.get("/desk/reports?from=2025-03-04&to=2025-03-04").get_data(as_text=True)
    assert "No verdicts in this range." in client.get("/desk/reports?from=2025-03-05").get_data(as_text=True)
    response = client.get("/desk/reports?from=someday")
    assert response.status_code == 422
    assert "Use a date like 2024-01-31." in response.get_data(as_text=True)


def test_the_report_downloads_as_csv(client, article_id):
    response = client.get("/desk/reports.csv?group_by=outlet,rating")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).splitlines() == ["outlet,rating,count", "Herald,true,1", "Herald,false,1"]


def test_the_desk_csv_writes_hostile_cells_as_text(app, client, editor):
    hostile = ['=HYPERLINK("http://evil","x")', "+SUM(1,1)", "@SUM(A1)"]
    with app.app_context():
        actor = db.session.get(User, editor.id)
        article = make_article(actor, text=TEXT, title="Market report", outlet="-2+3")
        for exact, claimant in zip(("Alpha rose", "Beta fell", "Gamma held"), hostile, strict=True):
            claim = make_claim(actor, article, exact=exact, claimant=claimant)
            make_verdict(actor, claim, rating="false")
            transition(actor, claim, "in_review")
            transition(actor, claim, "published")
    text = client.get("/desk/reports.csv?group_by=claimant,outlet").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["claimant", "outlet", "count"]
    assert sorted(rows[1:]) == sorted([f"'{name}", "'-2+3", "1"] for name in hostile)


def test_the_reports_are_for_editors(client, auth, article_id):
    """Verdict reports are an editor's tool (DESIGN.md, who uses it): a fact-checker is refused them and
    is not offered the link."""
    auth.logout()
    auth.login_as("factchecker")
    for path in ("/desk/reports", "/desk/reports.csv", f"/desk/reports/articles/{article_id}"):
        assert client.get(path).status_code == 403, path
    assert 'href="/desk/reports"' not in client.get("/desk/").get_data(as_text=True)
    auth.logout()
    auth.login_as("editor")
    assert 'href="/desk/reports"' in client.get("/desk/").get_data(as_text=True)


def test_the_article_report_lists_each_statement_in_order_with_verdict_sources_and_contradictions(client, article_id):
    response = client.get(f"/desk/reports/articles/{article_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.index("Alpha rose") < page.index("Beta fell") < page.index("Gamma held")
    assert "Alpha rose: rated false." in page and "No verdict yet" in page
    assert "Statistics Bureau: Figures" in page
    assert "Contradicts:" in page
    assert 'media="print"' in page or "@media print" in open("static/css/desk-reports.css").read()


def test_an_unknown_article_report_is_404(client, editor):
    assert client.get("/desk/reports/articles/999").status_code == 404
