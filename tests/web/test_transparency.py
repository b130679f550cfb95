"""IFCN transparency: the four about pages (admin-written, sanitised, linked everywhere, named in ClaimReview),
the public list of corrections, and dates that move with each correction in every public document."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, TransparencyPage
from factcheck.services.claims import evidence as sources, workflow
from factcheck.cli.demo import load_demo
from factcheck.services.site.transparency import KINDS, MAX_BODY
from tests.factories import make_claim, make_user, make_verdict
from tests.fixtures.claim_review import expand_offline

PAGES = ["methodology", "corrections-policy", "ownership-funding", "contact"]
ATOM = "{http://www.w3.org/2005/Atom}"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def token_of(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def page_rows(app) -> list[tuple]:
    with app.app_context():
        rows = [tuple(row) for row in db.session.execute(
            select(TransparencyPage.slug, TransparencyPage.title, TransparencyPage.body))]
        db.session.remove()
        return rows


def published_claim(app, summary="Fighting went on.") -> tuple[int, str]:
    with app.app_context():
        editor = make_user("editor")
        claim = make_claim(editor)
        make_verdict(editor, claim, summary=summary)
        workflow.transition(editor, claim, "in_review")
        workflow.transition(editor, claim, "published")
        return claim.id, f"/claims/{claim.id}-{claim.slug}"


def correct(app, claim_id: int, note: str = "We added a source.") -> None:
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        editor = make_user("editor")
        workflow.transition(editor, claim, "in_review")
        sources.cite_source_by_url(editor, claim, url=f"https://added.example/{note.__hash__()}", stance="context")
        workflow.transition(editor, db.session.get(Claim, claim_id), "published", note=note)


# -- the about pages ----------------------------------------------------------------------------

@pytest.mark.parametrize("slug", PAGES)
def test_each_transparency_page_is_public_with_its_default_text_before_anyone_writes_it(client, slug):
    response = client.get(f"/about/{slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1 id=\"about-heading\">{KINDS[slug].title}</h1>" in html
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_an_unknown_about_page_is_not_found(client):
    assert client.get("/about/salaries").status_code == 404
    assert client.get("/about/").status_code == 404


def test_the_demo_writes_the_four_pages(app):
    with app.app_context():
        load_demo()
        load_demo()  # idempotent: written once
        assert sorted(db.session.scalars(select(TransparencyPage.slug))) == sorted(PAGES)
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "page.update")) == 4


def test_an_admin_edits_a_page_with_its_history_kept_in_the_audit_log(app, client, auth):
    auth.login_as("admin", name="Ada Admin")
    form = client.get("/desk/about/methodology").get_data(as_text=True)
    assert "Methodology and principles" in form and 'name="body"' in form
    for body in ("## How we check\n\nWe read **everything**.", "## How we check\n\nWe read it twice."):
        response = client.post("/desk/about/methodology", data={
            "title": "How we work", "body": body, "csrf_token": token_of(client, "/desk/about/methodology")})
        assert response.status_code == 302
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "page.update")
                                    .order_by(AuditEvent.id)).all()
        assert [(e.before["body"], e.after["body"]) for e in events][1] == (
            "## How we check\n\nWe read **everything**.", "## How we check\n\nWe read it twice.")
        assert events[0].before["title"] == "Methodology and principles"
    history = client.get("/desk/about/methodology").get_data(as_text=True)
    assert history.count("Ada Admin") >= 2
    auth.logout()
    public = client.get("/about/methodology").get_data(as_text=True)
    assert "<h1 id=\"about-heading\">How we work</h1>" in public
    assert "<h2>How we check</h2>" in public and "We read it twice." in public


def test_a_page_is_sanitised_when_rendered(app, client, auth):
    auth.login_as("admin")
    hostile = ('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) '
               '[fine](https://ok.example/)')
    client.post("/desk/about/contact", data={"title": "Contact", "body": hostile,
                                             "csrf_token": token_of(client, "/desk/about/contact")})
    auth.logout()
    html = client.get("/about/contact").get_data(as_text=True)
    body = html[html.index('<div class="prose">'):html.index("</article>")]
    assert "<script>" not in body and "<img" not in body and 'href="javascript:' not in body
    assert "&lt;script&gt;" in body
    assert '<a href="https://ok.example/" rel="nofollow noopener noreferrer">fine</a>' in body


@pytest.mark.parametrize("data, field", [
    ({"title": "", "body": "Text."}, "Give the page a title."),
    ({"title": "T", "body": "  "}, "Write the page."),
    ({"title": "T" * 201, "body": "Text."}, "Field cannot be longer than 200 characters."),
    ({"title": "T", "body": "x" * (MAX_BODY + 1)}, f"Field cannot be longer than {MAX_BODY} characters."),
])
def test_a_bad_page_is_refused_with_the_reason_and_nothing_changes(app, client, auth, data, field):
    auth.login_as("admin")
    before = page_rows(app)
    response = client.post("/desk/about/methodology",
                           data={**data, "csrf_token": token_of(client, "/desk/about/methodology")})
    assert response.status_code == 422
    assert field in response.get_data(as_text=True)
    assert page_rows(app) == before


def test_a_page_edit_without_csrf_token_or_by_an_editor_is_refused(app, client, auth):
    auth.login_as("admin")
    assert client.post("/desk/about/methodology", data={"title": "T", "body": "B"}).status_code == 400
    auth.logout()
    auth.login_as("editor")
    assert client.get("/desk/about/methodology").status_code == 403
    assert "/desk/about" not in client.get("/desk/").get_data(as_text=True)
    assert page_rows(app) == []


def test_an_edited_page_is_served_fresh_to_anonymous_readers(app, client, auth):
    first = client.get("/about/contact")
    assert "desk@factcheck.example" in first.get_data(as_text=True)
    auth.login_as("admin")
    client.post("/desk/about/contact", data={"title": "Contact", "body": "Write to new@example.org.",
                                             "csrf_token": token_of(client, "/desk/about/contact")})
    auth.logout()
    again = client.get("/about/contact", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "new@example.org" in again.get_data(as_text=True)


def test_every_public_page_links_the_transparency_pages(app, client):
    _, path = published_claim(app)
    for page in ("/", path, "/corrections", "/about/methodology"):
        html = client.get(page).get_data(as_text=True)
        footer = html[html.index('<footer'):]
        for slug in PAGES:
            assert f'href="/about/{slug}"' in footer, (page, slug)
        assert 'href="/corrections"' in footer
    claim_page = client.get(path).get_data(as_text=True)
    aside = claim_page[claim_page.index("How we work"):]
    assert all(f'href="/about/{slug}"' in aside for slug in PAGES)


def test_claimreview_names_the_organisations_policies_as_absolute_urls(app, client):
    _, path = published_claim(app)
    review = json.loads(LD_JSON.search(client.get(path).get_data(as_text=True)).group(1))
    assert review["author"] == {
        "@type": "Organization", "name": "factcheck desk", "url": "http://localhost/",
        "publishingPrinciples": "http://localhost/about/methodology",
        "verificationFactCheckingPolicy": "http://localhost/about/methodology",
        "correctionsPolicy": "http://localhost/about/corrections-policy",
        "ownershipFundingInfo": "http://localhost/about/ownership-funding",
    }
    expanded = expand_offline(review)[0]
    author = expanded["https://schema.org/author"][0]
    assert author["https://schema.org/correctionsPolicy"] == [{"@id": "http://localhost/about/corrections-policy"}]
    for url in review["author"].values():
        if url.startswith("http://localhost/about/"):
            assert client.get(url.removeprefix("http://localhost")).status_code == 200
    feed = json.loads(client.get("/claimreview.json").data)
    assert feed["dataFeedElement"][0]["author"] == review["author"]


# -- the public list of corrections ---------------------------------------------------------------

def test_the_corrections_page_lists_every_correction_newest_first_with_links(app, client):
    first_id, first_path = published_claim(app, "First claim's verdict.")
    second_id, second_path = published_claim(app, "Second claim's verdict.")
    assert "No corrections yet." in client.get("/corrections").get_data(as_text=True)
    correct(app, first_id, "OLDER correction note.")
    correct(app, second_id, "NEWER correction note.")
    correct(app, first_id, "NEWEST correction note.")
    html = client.get("/corrections").get_data(as_text=True)
    notes = re.findall(r"(\w+) correction note\.", html)
    assert notes == ["NEWEST", "NEWER", "OLDER"]
    assert html.count(f'href="{first_path}#corrections"') == 2 and f'href="{second_path}#corrections"' in html
    assert "Source added: “https://added.example/" in html
    # A correction of a claim reopened again is not public while the claim is not.
    with app.app_context():
        claim = db.session.get(Claim, second_id)
        workflow.transition(make_user("editor"), claim, "in_review")
    assert "NEWER" not in client.get("/corrections").get_data(as_text=True)


def test_the_corrections_page_issues_the_same_statements_for_one_correction_or_many(app, client, count_queries):
    def statements() -> int:
        client.application.extensions["rendered_pages"].clear()
        with count_queries() as sent:
            assert client.get("/corrections").status_code == 200
        return len(sent)

    claim_id, _ = published_claim(app)
    correct(app, claim_id, "One.")
    one = statements()
    for n in range(4):
        other, _ = published_claim(app)
        correct(app, other, f"Another {n}.")
    assert one == statements() == 2  # the edition, the corrections with their claims and verdicts


def test_the_corrections_page_shows_a_page_at_a_time_and_links_to_the_older_ones(app, client):
    from factcheck.services.claims import corrections
    claim_id, _ = published_claim(app)
    for n in range(corrections.LISTED + 2):  # two pages; several share a second, so ties go by id
        correct(app, claim_id, f"Correction number {n}.")

    def numbers(html):
        return [int(n) for n in re.findall(r"Correction number (\d+)\.", html)]

    first = client.get("/corrections").get_data(as_text=True)
    assert numbers(first) == list(range(corrections.LISTED + 1, 1, -1))
    older = re.search(r'href="(/corrections\?older=\d+)"', first).group(1)
    second = client.get(older).get_data(as_text=True)
    assert numbers(second) == [1, 0]
    assert "?older=" not in second and 'href="/corrections"' in second  # the end, and the way back


def test_an_about_page_issues_two_statements(app, client, count_queries):
    client.get("/about/methodology")
    client.application.extensions["rendered_pages"].clear()
    with count_queries() as sent:
        assert client.get("/about/methodology").status_code == 200
    assert len(sent) == 2  # the edition, the page


# -- dates that move with each correction ---------------------------------------------------------

def public_dates(client, path: str) -> dict:
    """dateModified / updated of the claim as each public document says it, asked for anonymously."""
    review = json.loads(LD_JSON.search(client.get(path).get_data(as_text=True)).group(1))
    atom = ET.fromstring(client.get("/feed.atom").data)
    feed = json.loads(client.get("/claimreview.json").data)
    return {
        "claimreview": review["dateModified"],
        "atom_feed": atom.find(f"{ATOM}updated").text,
        "atom_entry": atom.find(f"{ATOM}entry").find(f"{ATOM}updated").text,
        "datafeed": feed["dateModified"],
        "datafeed_element": feed["dataFeedElement"][0]["dateModified"],
    }


def test_date_modified_moves_with_each_correction_in_claimreview_atom_and_the_datafeed(app, client):
    claim_id, path = published_claim(app)
    dates = [public_dates(client, path)]  # kept rendered per edition from here on
    assert len(set(dates[0].values())) == 1
    for note in ("First correction.", "Second correction."):
        correct(app, claim_id, note)
        dates.append(public_dates(client, path))
    for before, after in zip(dates, dates[1:]):
        assert all(after[key] > before[key] for key in before), (before, after)
    with app.app_context():
        published_at = db.session.get(Claim, claim_id).published_at.isoformat()
    assert set(dates[-1].values()) == {published_at}
