"""The desk's source library and source page: filters, counts, merging, snapshots, publisher notes."""

import re

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Claim, Evidence, PublisherNote, Source, SourceSnapshot
from factcheck.models.types import utcnow
from factcheck.services.library.sources import set_publisher_note
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source, remove_evidence
from factcheck.services.claims.workflow import transition
from factcheck.services.accounts.users import find_user
from tests.factories import make_article, make_capture, make_claim, make_user, make_verdict
from tests.source_site import source_site  # noqa: F401 (a fixture)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def library(app):
    """Three sources (one broken, one with a publisher note) and two claims citing the TASS report."""
    with app.app_context():
        editor = make_user("editor")
        tass = find_or_create_source(editor, url="https://tass.com/world/1", title="Shots fired in Almaty",
                                     publisher="TASS", kind="news_report")[0]
        akorda = find_or_create_source(editor, url="https://akorda.kz/statement", title="Address to the nation",
                                       publisher="Akorda", kind="official_statement")[0]
        amp = find_or_create_source(editor, url="https://tass.com/amp/world/1", title="Shots (AMP)",
                                    publisher="TASS", kind="news_report")[0]
        article = make_article(editor)
        first = make_claim(editor, article)
        second = make_claim(editor, article, exact="shots were fired late into the night", claimant="TASS")
        attach_evidence(editor, first, source=tass, stance="contradicts", quote="shots were fired")
        attach_evidence(editor, second, source=tass, stance="supports")
        attach_evidence(editor, second, source=amp, stance="supports")
        set_publisher_note(editor, "TASS", "Russian state news agency.")
        akorda.link_status, akorda.link_http_status, akorda.link_checked_at = "broken", 404, utcnow()
        db.session.commit()
        return {"tass": tass.id, "akorda": akorda.id, "amp": amp.id, "claim": first.id}


def token_of(client, path="/desk/sources"):
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def post(client, path, data, htmx=False):
    token = token_of(client)
    if htmx:
        return client.post(path, data=data, headers={**HTMX, "X-CSRFToken": token})
    return client.post(path, data={**data, "csrf_token": token})


def test_signed_out_visitors_are_sent_to_login(client):
    response = client.get("/desk/sources")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_library_lists_sources_with_claim_counts_per_stance(client, auth, library):
    auth.login_as("factchecker")
    html = client.get("/desk/sources").get_data(as_text=True)
    assert "3 sources" in html
    row = html[html.index("Shots fired in Almaty"):]
    row = row[:row.index("</tr>")]
    assert ">2</span>" in row and "1 supports" in row and "1 contradicts" in row
    assert "Russian state news agency." in row
    assert "Link broken (404)" in html


def test_the_library_filters_and_answers_htmx_with_the_results_only(client, auth, library):
    auth.login_as("factchecker")
    fragment = client.get("/desk/sources?q=almaty", headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html and 'id="source-results"' in html
    assert "Shots fired in Almaty" in html and "Address to the nation" not in html
    broken = client.get("/desk/sources?broken=1").get_data(as_text=True)
    assert "Address to the nation" in broken and "Shots fired in Almaty" not in broken
    assert "1 source match" in client.get("/desk/sources?kind=official_statement").get_data(as_text=True)
    assert "2 sources match" in client.get("/desk/sources?domain=tass.com").get_data(as_text=True)
    assert "2 sources match" in client.get("/desk/sources?publisher=tass").get_data(as_text=True)


def test_the_library_pages_keep_the_filters(client, auth, app):
    auth.login_as("factchecker")
    with app.app_context():
        actor = make_user("factchecker")
        for number in range(55):
            find_or_create_source(actor, url=f"https://example.org/{number}", publisher="Example")
    html = client.get("/desk/sources?publisher=Example").get_data(as_text=True)
    assert "Page 1 of 2" in html and "/desk/sources?page=2&amp;publisher=Example" in html
    assert "Page 2 of 2" in client.get("/desk/sources?page=2&publisher=Example").get_data(as_text=True)


def test_the_library_issues_a_fixed_number_of_statements(client, auth, app, count_queries):
    auth.login_as("factchecker")

    def statements_for(sources: int) -> int:
        with app.app_context():
            actor = make_user("factchecker")
            claim = make_claim(actor)
            for number in range(sources):
                source = find_or_create_source(actor, url=f"https://example.org/{sources}/{number}",
                                               publisher=f"Publisher {number}")[0]
                attach_evidence(actor, claim, source=source, stance="supports")
        with count_queries() as statements:
            assert client.get("/desk/sources").status_code == 200
        return len(statements)

    few, many = statements_for(2), statements_for(30)
    # the user, the count, the page, stances, claims, publisher notes, the publisher list
    assert few == many == 7


def test_the_source_page_shows_link_status_snapshot_and_publisher_note(client, auth, library):
    auth.login_as("factchecker")
    html = client.get(f"/desk/sources/{library['tass']}").get_data(as_text=True)
    assert "Russian state news agency." in html and "No snapshot yet" in html and "Not checked yet" in html
    assert "Merge into another source" not in html  # editors only
    broken = client.get(f"/desk/sources/{library['akorda']}").get_data(as_text=True)
    assert "Link broken (404)" in broken


def test_an_editor_merges_a_duplicate_and_its_old_page_redirects(client, auth, app, library):
    auth.login_as("editor")
    response = post(client, f"/desk/sources/{library['amp']}/merge", {"into": "https://tass.com/world/1/?utm_source=x"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/desk/sources/{library['tass']}")
    old = client.get(f"/desk/sources/{library['amp']}")
    assert old.status_code == 302 and old.headers["Location"].endswith(f"/desk/sources/{library['tass']}")
    with app.app_context():
        assert db.session.scalar(select(func.count(Evidence.id)).where(Evidence.source_id == library["amp"])) == 0
    assert "https://tass.com/amp/world/1" in client.get(f"/desk/sources/{library['tass']}").get_data(as_text=True)


def test_a_merge_into_an_unknown_source_answers_with_the_form_and_moves_nothing(client, auth, app, library):
    auth.login_as("editor")
    response = post(client, f"/desk/sources/{library['amp']}/merge", {"into": "https://example.org/nowhere"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "No source has this id or URL." in html and 'value="https://example.org/nowhere"' in html
    with app.app_context():
        assert db.session.get(Source, library["amp"]).merged_into_id is None


def test_a_fact_checker_cannot_merge(client, auth, library):
    auth.login_as("factchecker")
    assert post(client, f"/desk/sources/{library['amp']}/merge", {"into": str(library["tass"])}).status_code == 403


def test_an_editor_saves_a_publisher_note_inline(client, auth, app, library):
    auth.login_as("editor")
    response = post(client, f"/desk/sources/{library['akorda']}/publisher-note",
                    {"note": "The president's office."}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="publisher-note"' in html
    assert "The president&#39;s office." in html
    with app.app_context():
        assert db.session.scalar(select(PublisherNote.note).where(PublisherNote.publisher == "Akorda"))


def test_a_fact_checker_cannot_write_a_publisher_note(client, auth, library):
    auth.login_as("factchecker")
    assert post(client, f"/desk/sources/{library['akorda']}/publisher-note", {"note": "x"}).status_code == 403


def test_a_snapshot_from_the_source_page(client, auth, app, source_site):
    user = auth.login_as("factchecker")
    with app.app_context():
        source_id = find_or_create_source(find_user(user.email), url=source_site.url("/article"))[0].id
    response = post(client, f"/desk/sources/{source_id}/snapshot", {}, htmx=True)
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/desk/jobs/")
    wait_for_jobs(app)
    html = client.get(f"/desk/sources/{source_id}").get_data(as_text=True)
    assert "text/html" in html and "Captured text" in html
    plain = post(client, f"/desk/sources/{source_id}/snapshot", {})
    assert plain.status_code == 303 and plain.headers["Location"].startswith("/desk/jobs/")
    wait_for_jobs(app)
    assert "See the snapshot" in client.get(plain.headers["Location"]).get_data(as_text=True)
    assert "Earlier snapshots" in client.get(f"/desk/sources/{source_id}").get_data(as_text=True)


def test_a_failed_snapshot_says_why_and_stores_nothing(client, auth, app, source_site):
    user = auth.login_as("factchecker")
    with app.app_context():
        source_id = find_or_create_source(find_user(user.email), url=source_site.url("/gone"))[0].id
    response = post(client, f"/desk/sources/{source_id}/snapshot", {})
    wait_for_jobs(app)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Could not take a snapshot: " in page and "answered 404; nothing was stored." in page
    with app.app_context():
        assert db.session.scalar(select(func.count(SourceSnapshot.id))) == 0


def test_an_archive_link_is_saved_and_a_bad_one_is_explained(client, auth, app, library):
    auth.login_as("factchecker")
    path = f"/desk/sources/{library['tass']}/archive"
    bad = post(client, path, {"archive_url": "not a url"}, htmx=True)
    assert bad.status_code == 422 and 'value="not a url"' in bad.get_data(as_text=True)
    good = post(client, path, {"archive_url": "https://web.archive.org/web/2022/https://tass.com/world/1"})
    assert good.status_code == 303
    with app.app_context():
        assert db.session.get(Source, library["tass"]).archive_url.startswith("https://web.archive.org/")


def test_the_claim_workspace_flags_evidence_whose_link_is_broken(client, auth, app, library):
    auth.login_as("factchecker")
    with app.app_context():
        db.session.get(Source, library["tass"]).link_status = "broken"
        db.session.commit()
    html = client.get(f"/desk/claims/{library['claim']}").get_data(as_text=True)
    assert "Link broken" in html


def test_the_desk_lists_claims_citing_a_broken_link_newest_first_and_no_others(app, client, auth, library):
    from factcheck.services.claims.claims import update_claim
    from factcheck.services.reads.desk import claim_lists, claims_citing_broken_links
    from factcheck.services.claims.evidence import remove_evidence

    def citing_broken_links(**limit):
        return claim_lists({"broken": claims_citing_broken_links(**limit)})[0]["broken"]

    with app.app_context():
        editor = make_user("editor")
        akorda = db.session.get(Source, library["akorda"])
        article = make_article(editor, title="Another day in Almaty")
        citing = [make_claim(editor, article, exact=exact) for exact in
                  ("order had been restored in Kazakhstan", "shots were fired late into the night",
                   "More than 3,000 protesters have been arrested")]
        for claim in citing:
            attach_evidence(editor, claim, source=akorda, stance="context")
        update_claim(editor, citing[0], text="Order has been restored, the president said.")  # now the newest
        removed = db.session.scalar(select(Evidence).where(Evidence.claim_id == citing[2].id))
        remove_evidence(editor, citing[2], removed)  # it no longer cites the broken source

        assert [c.id for c in citing_broken_links()] == [citing[0].id, citing[1].id]
        assert [c.id for c in citing_broken_links(limit=1)] == [citing[0].id]
        loaded = citing_broken_links()[0]
        assert loaded.article.title == "Another day in Almaty" and loaded.text.startswith("Order has been restored")

    auth.login_as("editor")
    home = client.get("/desk/").get_data(as_text=True)
    listed = home.split('id="broken-links"')[1].split("</ul>")[0]
    assert "Order has been restored, the president said." in listed and "3,000 protesters" not in listed


# -- the source page's citations, a page at a time ---------------------------------------------

def cite_many(app, count: int, url: str = "https://example.org/cited-often") -> dict:
    """A source cited `count` times (quotes "quote 1" … oldest first) by three claims: a draft, one in review and
    one published; {"source": id, "evidence": {number: evidence id}}."""
    with app.app_context():
        editor = make_user("editor")
        article = make_article(editor)
        claims = [make_claim(editor, article),
                  make_claim(editor, article, exact="shots were fired late into the night", claimant="TASS"),
                  make_claim(editor, article, exact="More than 3,000 protesters have been arrested", claimant="TASS")]
        source = find_or_create_source(editor, url=url, title="Cited often")[0]
        evidence = {number: attach_evidence(editor, claims[number % 3], source=source, stance="supports",
                                            quote=f"quote {number}").id
                    for number in range(1, count + 1)}
        make_verdict(editor, claims[1])
        transition(editor, claims[1], "in_review")
        make_verdict(editor, claims[2])
        transition(editor, claims[2], "in_review")
        transition(editor, claims[2], "published")
        return {"source": source.id, "evidence": evidence}


def quotes_on(html: str) -> list[int]:
    """The numbers of the quotes the page shows, in page order."""
    quotes = re.findall(r'<blockquote class="evidence-row__quote">quote (\d+)</blockquote>', html)
    return [int(number) for number in quotes]


def link(html: str, rel_or_label: str) -> str | None:
    """The href of the paging link with this rel ("prev", "next") or label ("« Newest", "Oldest »")."""
    for anchor in re.findall(r"<a [^>]*>[^<]*</a>", html[html.find('class="pagination citations__pages"'):]):
        if f'rel="{rel_or_label}"' in anchor or f">{rel_or_label}<" in anchor:
            return re.search(r'href="([^"]+)"', anchor).group(1).replace("&amp;", "&")
    return None


def test_the_source_page_shows_its_citations_newest_first_fifty_at_a_time(client, auth, app):
    cited = cite_many(app, 110)
    auth.login_as("factchecker")
    newest = client.get(f"/desk/sources/{cited['source']}").get_data(as_text=True)
    assert quotes_on(newest) == list(range(110, 60, -1))
    assert "Citations 1–50 of 110, newest first." in newest and '<span class="count">110</span>' in newest
    assert link(newest, "prev") is None and link(newest, "« Newest") is None
    assert link(newest, "next") == f"/desk/sources/{cited['source']}?older={cited['evidence'][61]}"

    middle = client.get(link(newest, "next")).get_data(as_text=True)
    assert quotes_on(middle) == list(range(60, 10, -1)) and "Citations 51–100 of 110" in middle
    last = client.get(link(middle, "next")).get_data(as_text=True)
    assert quotes_on(last) == list(range(10, 0, -1)) and "Citations 101–110 of 110" in last
    assert link(last, "next") is None and link(last, "Oldest »") is None

    back = client.get(link(last, "prev")).get_data(as_text=True)
    assert quotes_on(back) == quotes_on(middle)
    assert client.get(link(back, "« Newest")).get_data(as_text=True).count("evidence-row__quote") == 50

    oldest = client.get(link(newest, "Oldest »")).get_data(as_text=True)
    assert link(newest, "Oldest »") == f"/desk/sources/{cited['source']}?newer=0"
    assert quotes_on(oldest) == list(range(50, 0, -1)) and "Citations 61–110 of 110" in oldest
    assert quotes_on(client.get(link(oldest, "prev")).get_data(as_text=True)) == list(range(100, 50, -1))


def test_the_source_page_shows_each_citing_claims_status_and_no_removed_citation(client, auth, app):
    cited = cite_many(app, 6)
    with app.app_context():
        evidence = db.session.get(Evidence, cited["evidence"][4])  # quote n is on claims[n % 3]: here in review
        claim = db.session.get(Claim, evidence.claim_id)
        remove_evidence(find_user(claim.created_by.email), claim, evidence)
    auth.login_as("factchecker")
    html = client.get(f"/desk/sources/{cited['source']}").get_data(as_text=True)
    assert quotes_on(html) == [6, 5, 3, 2, 1] and '<span class="count">5</span>' in html
    assert "Citations" not in html and 'class="pagination' not in html  # one page: no position, no links
    rows = html.split('<li class="evidence-row')[1:]
    statuses = [re.search(r'status-badge status-([a-z-]+)">([^<]+)<', row).groups() for row in rows]
    assert statuses == [("draft", "Draft"), ("published", "Published"), ("draft", "Draft"), ("published", "Published"),
                        ("in-review", "In review")]


def test_a_cursor_past_either_end_or_not_a_number_shows_the_page_at_that_end(client, auth, app):
    cited = cite_many(app, 55)
    auth.login_as("factchecker")
    page = f"/desk/sources/{cited['source']}"
    past_the_oldest = client.get(f"{page}?older={cited['evidence'][1]}").get_data(as_text=True)
    assert quotes_on(past_the_oldest) == list(range(50, 0, -1))
    past_the_newest = client.get(f"{page}?newer={cited['evidence'][55]}").get_data(as_text=True)
    assert quotes_on(past_the_newest) == list(range(55, 5, -1))
    for junk in ("older=abc", "newer=-3", "older=99999999999999999999"):
        assert quotes_on(client.get(f"{page}?{junk}").get_data(as_text=True)) == list(range(55, 5, -1))


def test_paging_answers_htmx_with_the_citations_only(client, auth, app):
    cited = cite_many(app, 55)
    auth.login_as("factchecker")
    response = client.get(f"/desk/sources/{cited['source']}?older={cited['evidence'][6]}", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and html.lstrip().startswith("<section")
    assert 'id="citations"' in html and quotes_on(html) == [5, 4, 3, 2, 1]
    assert 'data-hx-target="#citations"' in html and 'id="captures"' not in html


def test_the_source_page_issues_a_fixed_number_of_statements(client, auth, app, count_queries):
    """Whatever the number of citations, snapshots and captures: each page reads one page of each."""

    def statements_for(count: int) -> dict[str, int]:
        cited = cite_many(app, count, url=f"https://example.org/cited/{count}")
        with app.app_context():
            source = db.session.get(Source, cited["source"])
            source.publisher = "TASS"
            for minutes in range(12):
                db.session.add(SourceSnapshot(source_id=source.id, fetched_at=utcnow(), status=200, sha256=f"{minutes}",
                                              final_url=source.url))
            db.session.commit()
            page = ["Witnesses spoke of gunfire through the night in the centre of Almaty.",
                    "The city administration building was on fire by the morning, residents said."]
            make_capture(source, page)  # checks every quote: the capture each was checked in
            make_capture(source, [page[0].replace("gunfire", "sirens"), page[1]])  # the text changed since
        counts = {}
        for name, query in {"newest": "", "older": f"?older={cited['evidence'][count]}", "oldest": "?newer=0"}.items():
            with count_queries() as statements:
                html = client.get(f"/desk/sources/{cited['source']}{query}").get_data(as_text=True)
            assert "Text changed since cited" in html
            counts[name] = len(statements)
        return counts

    auth.login_as("factchecker")
    few, many = statements_for(3), statements_for(70)
    # the user, the source, its snapshots, the page of citations, their count, the captures, the captures'
    # texts, the publisher's note, the sources merged into it
    assert few == many == {"newest": 9, "older": 9, "oldest": 9}
