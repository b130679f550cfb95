"""The desk's source library and source page: filters, counts, merging, snapshots, publisher notes."""

import re

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Evidence, PublisherNote, Source, SourceSnapshot
from factcheck.models.types import utcnow
from factcheck.services.library.sources import set_publisher_note
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from factcheck.services.accounts.users import find_user
from tests.factories import make_article, make_claim, make_user
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
