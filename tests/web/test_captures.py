"""Captures on the desk and for readers: the workspace's quote badge, publishing with unverified quotes,
re-capturing with the text changes since a citation, the public capture page, and Save Page Now."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Capture, Claim, Evidence, Source
from factcheck.services.claims import verdicts, workflow
from factcheck.services.accounts.users import find_user
from tests.factories import make_article, make_claim
from tests.source_site import ARTICLE, source_site  # noqa: F401 (a fixture)
from tests.web.test_desk_claims import post

FOUND = "shots were fired late into the night in the center of Almaty"


@pytest.fixture(autouse=True)
def capture_on_attach(app):
    app.config["CAPTURE_ON_ATTACH"] = True


@pytest.fixture
def claim_id(app, auth):
    """A signed-in editor's draft claim with a verdict."""
    user = auth.login_as("editor")
    with app.app_context():
        actor = find_user(user.email)
        claim = make_claim(actor, make_article(actor))
        verdicts.set_verdict(actor, claim, rating="false", summary="Fighting went on.")
        return claim.id


def cite(app, client, claim_id, url, quote=FOUND) -> int:
    response = post(client, f"/desk/claims/{claim_id}/evidence", {
        "url": url, "title": "Shots fired in Almaty", "kind": "news_report", "stance": "contradicts", "quote": quote})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Capturing the source to check the quote in it" in response.get_data(as_text=True)
    wait_for_jobs(app)
    with app.app_context():
        return db.session.scalar(select(Evidence.id).where(Evidence.claim_id == claim_id).order_by(Evidence.id.desc()))


def publish(app, claim_id):
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        actor = find_user(db.session.get(Claim, claim_id).created_by.email)
        workflow.transition(actor, claim, "in_review")
        workflow.transition(actor, db.session.get(Claim, claim_id), "published", confirm_unverified=True)


def test_the_workspace_shows_the_quote_found_in_the_capture_and_an_edited_quote_checked_again(
        app, client, claim_id, source_site):
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    row = page[page.index(f'id="evidence-{evidence_id}"'):]
    assert re.search(r"Quote found</span> in the capture of\s+<time", row)

    response = post(client, f"/desk/claims/{claim_id}/evidence/{evidence_id}", {
        "stance": "contradicts", "quote": "shots were fired at dawn in the center of Almaty", "note": "",
        "original_stance": "contradicts", "original_quote": FOUND, "original_note": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Quote not found</span> in the capture of" in html
    assert "Closest passage: <q>" in html and "center of Almaty" in html


def test_publishing_on_the_desk_with_an_unverified_quote_asks_to_confirm(app, client, claim_id, source_site):
    cite(app, client, claim_id, source_site.url("/article"), "dozens of attackers have been eliminated")
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        workflow.transition(claim.created_by, claim, "in_review")
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "1 evidence quote is not found in a capture of the source." in page

    version = str(1 + int(re.search(r'name="version" value="(\d+)"', page[page.index('id="workflow-block"'):]).group(1)) - 1)
    refused = post(client, f"/desk/claims/{claim_id}/transitions", {"to": "published", "note": "", "version": version})
    assert refused.status_code == 409
    assert "confirm-unverified-error" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == "in_review"
    done = post(client, f"/desk/claims/{claim_id}/transitions",
                {"to": "published", "note": "", "version": version, "confirm_unverified": "y"})
    assert done.status_code == 200, done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == "published"


def test_readers_open_the_capture_with_the_quote_marked_and_are_sent_there_first_when_the_link_breaks(
        app, client, claim_id, source_site):
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    publish(app, claim_id)
    with app.app_context():
        evidence = db.session.get(Evidence, evidence_id)
        capture_id, sha256, slug_path = evidence.capture_id, evidence.capture.sha256, f"/claims/{claim_id}"
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf-token" content="([^"]+)"',
                                                            client.get("/desk/").get_data(as_text=True)).group(1)})
    claim_page = client.get(slug_path, follow_redirects=True).get_data(as_text=True)
    assert f'href="/captures/{capture_id}"' in claim_page and "Quote found in" in claim_page
    assert "The original page no longer answers" not in claim_page

    capture_page = client.get(f"/captures/{capture_id}")
    html = capture_page.get_data(as_text=True)
    assert capture_page.status_code == 200
    assert f'<mark class="claim-quote" id="quote-{evidence_id}">{FOUND}</mark>' in html
    assert sha256 in html and f'href="/captures/{capture_id}.warc.gz"' in html
    assert "<article><h1>" not in html and "<h1>Shots fired in Almaty</h1>" not in html  # text, never the page

    with app.app_context():
        source = db.session.get(Source, db.session.get(Evidence, evidence_id).source_id)
        source.link_status, source.link_http_status = "broken", 404
        db.session.commit()
    claim_page = client.get(slug_path, follow_redirects=True).get_data(as_text=True)
    sources = claim_page[claim_page.index('id="sources-heading"'):]
    assert "The original page no longer answers" in sources
    assert sources.index(f'href="/captures/{capture_id}"') < sources.index(source_site.url("/article"))


def test_the_public_never_sees_a_capture_no_published_claim_cites(app, client, claim_id, source_site):
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    with app.app_context():
        capture_id = db.session.get(Evidence, evidence_id).capture_id
    assert client.get(f"/captures/{capture_id}").status_code == 200  # staff see every capture
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf-token" content="([^"]+)"',
                                                            client.get("/desk/").get_data(as_text=True)).group(1)})
    assert client.get(f"/captures/{capture_id}").status_code == 404
    assert client.get(f"/captures/{capture_id}.warc.gz").status_code == 404


def test_capturing_again_shows_what_changed_in_the_text_since_the_claim_cited_it(app, client, claim_id, source_site):
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    with app.app_context():
        source_id = db.session.get(Evidence, evidence_id).source_id
    source_site.pages["/article"] = (200, "text/html; charset=utf-8", ARTICLE.replace(
        b"late into the night", b"for a short while").replace(b"several hours", b"several minutes"))
    page = client.get(f"/desk/sources/{source_id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    started = client.post(f"/desk/sources/{source_id}/capture", data={"csrf_token": token})
    assert started.status_code == 303 and "/desk/jobs/" in started.headers["Location"]
    wait_for_jobs(app)
    with app.app_context():
        assert len(db.session.scalars(select(Capture).where(Capture.source_id == source_id)).all()) == 2
        assert db.session.get(Evidence, evidence_id).quote_found is True  # still checked in the capture cited

    page = client.get(f"/desk/sources/{source_id}").get_data(as_text=True)
    assert "Text changed since cited" in page and "1 change between the capture of" in page
    assert "<del>late</del><ins>for</ins>" in page and "<del>hours</del><ins>minutes</ins>" in page


def test_the_scheduled_link_check_captures_the_sources_that_changed(app, client, claim_id, source_site):
    from factcheck.job_queue import enqueue
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    source_site.pages["/article"] = (200, "text/html; charset=utf-8", ARTICLE.replace(b"Witnesses", b"Residents"))
    with app.app_context():
        job = enqueue(None, "check_links")
        wait_for_jobs(app)
        db.session.refresh(job)
        assert job.result["recaptured"] == 1, job.error
        source_id = db.session.get(Evidence, evidence_id).source_id
        texts = db.session.scalars(select(Capture.text).where(Capture.source_id == source_id).order_by(Capture.id)).all()
    assert "Witnesses" in texts[0] and "Residents" in texts[1]


class SavePageNowStandIn:
    """Answers like web.archive.org/save: a job id, then its status (pending once, then success)."""

    def __init__(self):
        self.posted: list[tuple[str, str]] = []
        self.polls = 0


@pytest.fixture
def save_page_now(app):
    stand_in = SavePageNowStandIn()

    class Handler(BaseHTTPRequestHandler):
        def _json(self, data):
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802
            length = int(self.headers["Content-Length"])
            stand_in.posted.append((self.rfile.read(length).decode(), self.headers.get("Authorization", "")))
            self._json({"url": "ignored", "job_id": "spn2-abc"})

        def do_GET(self):  # noqa: N802
            stand_in.polls += 1
            if stand_in.polls == 1:
                return self._json({"status": "pending"})
            self._json({"status": "success", "timestamp": "20261203090000", "original_url": "http://example.org/a"})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config.update(SAVE_PAGE_NOW_URL=f"http://127.0.0.1:{server.server_address[1]}/save",
                      SAVE_PAGE_NOW_ACCESS_KEY="key", SAVE_PAGE_NOW_SECRET_KEY="secret",
                      SAVE_PAGE_NOW_POLL_SECONDS=0, SAVE_PAGE_NOW_REPLAY_URL="https://archive.example/web")
    yield stand_in
    server.shutdown()
    server.server_close()


def test_save_page_now_when_configured_stores_the_archived_address(app, client, claim_id, source_site, save_page_now):
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    assert len(save_page_now.posted) == 1
    form, authorization = save_page_now.posted[0]
    assert "url=http%3A%2F%2F127.0.0.1" in form and authorization == "LOW key:secret"
    with app.app_context():
        source = db.session.get(Source, db.session.get(Evidence, evidence_id).source_id)
        assert source.archive_url == "https://archive.example/web/20261203090000/http://example.org/a"


def test_save_page_now_is_off_by_default(app, client, claim_id, source_site):
    evidence_id = cite(app, client, claim_id, source_site.url("/article"))
    with app.app_context():
        assert not app.config["SAVE_PAGE_NOW_URL"]
        assert db.session.get(Source, db.session.get(Evidence, evidence_id).source_id).archive_url is None


def test_captures_add_no_statement_to_the_workspace_and_the_capture_page_reads_a_fixed_few(
        app, client, claim_id, source_site, count_queries):
    def statements_for(path):
        client.get(path)
        app.extensions["rendered_pages"].clear()
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    app.config["CAPTURE_ON_ATTACH"] = False
    cite_without_capture = post(client, f"/desk/claims/{claim_id}/evidence", {
        "url": source_site.url("/article"), "kind": "news_report", "stance": "contradicts", "quote": FOUND})
    assert cite_without_capture.status_code == 200
    before = statements_for(f"/desk/claims/{claim_id}")
    with app.app_context():
        from factcheck.services.library.captures import capture_source
        capture = capture_source(None, db.session.scalar(select(Source)))
        capture_id = capture.id
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "Quote found</span> in the capture of" in page
    assert statements_for(f"/desk/claims/{claim_id}") == before  # the capture is joined to its evidence row
    # The user, the capture, its source, and the quotes found in it (a signed-in page reads no edition).
    assert statements_for(f"/captures/{capture_id}") == 4
