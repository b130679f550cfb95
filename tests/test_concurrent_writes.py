"""Writers racing through gunicorn: two worker processes of eight threads each on the test database.

Additions never conflict (every one lands, once), racing If-Match writes give one winner and 412 for the
rest, and a read on any worker right after a write sees it, a public page kept by a worker included.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select

from factcheck import ROOT
from factcheck.extensions import db
from factcheck.models import Evidence, Source, VerdictRevision
from factcheck.services.accounts.users import create_api_token
from tests.factories import make_article, make_claim, make_user
from tests.web.test_public import make_checked_claim

WRITERS = 20
WORDS = ("alpha", "bravo", "charlie", "delta", "echo")


@pytest.fixture
def gunicorn(app, database_url):
    """The app under gunicorn (2 workers × 8 threads) on a free port of 127.0.0.1."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("concurrent writers in several processes are a PostgreSQL deployment: SQLite, the "
                        "one-process default, has one writer at a time (CI runs this on PostgreSQL)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test", "REDIS_URL": "",
                   "RATELIMIT_STORAGE_URI": "memory://", "API_RATE_LIMIT": "100000 per minute"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:factcheck.serving", "--workers", "2", "--threads", "8",
         "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "factcheck:create_app()"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None, server.stderr.read().decode()[-3000:]
        try:
            if httpx.get(url + "/api/v1/claims", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
        time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def draft(app):
    """A draft claim and an editor's token."""
    with app.app_context():
        editor = make_user(role="editor")
        claim = make_claim(editor, make_article(editor))
        return claim.id, create_api_token(editor, "race")


def all_at_once(count: int, request) -> list[httpx.Response]:
    """`request(i, client)` from `count` threads released together."""
    start, responses = threading.Barrier(count), [None] * count

    def run(i: int) -> None:
        with httpx.Client(timeout=60) as client:
            start.wait()
            responses[i] = request(i, client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_concurrent_evidence_additions_all_land(app, gunicorn, draft):
    claim_id, token = draft
    headers = {"Authorization": f"Bearer {token}"}

    def add(i: int, client: httpx.Client) -> httpx.Response:
        # Half cite one new source at the same moment (it is made once), half a source each.
        url = "https://news.example/shared" if i % 2 else f"https://news.example/own-{i}"
        return client.post(f"{gunicorn}/api/v1/claims/{claim_id}/evidence", headers=headers,
                           json={"url": url, "stance": "supports", "quote": f"Excerpt {i}"})

    responses = all_at_once(WRITERS, add)
    assert Counter(r.status_code for r in responses) == {201: WRITERS}, [r.text for r in responses if r.status_code != 201]
    with app.app_context():
        quotes = db.session.scalars(select(Evidence.quote).where(Evidence.claim_id == claim_id)).all()
        assert sorted(quotes) == sorted(f"Excerpt {i}" for i in range(WRITERS))
        assert db.session.scalar(select(func.count(Source.id)).where(Source.url == "https://news.example/shared")) == 1
    claim = httpx.get(f"{gunicorn}/api/v1/claims/{claim_id}", headers=headers).json()
    assert len(claim["evidence"]) == WRITERS and claim["version"] == 1 + WRITERS  # each addition bumped it


def test_racing_if_match_verdict_writes_give_one_winner_and_412s(app, gunicorn, draft):
    claim_id, token = draft
    headers = {"Authorization": f"Bearer {token}"}
    etag = httpx.get(f"{gunicorn}/api/v1/claims/{claim_id}", headers=headers).headers["ETag"]

    def save(i: int, client: httpx.Client) -> httpx.Response:
        return client.put(f"{gunicorn}/api/v1/claims/{claim_id}/verdict", headers={**headers, "If-Match": etag},
                          json={"rating": "false", "summary": f"Verdict {i}"})

    responses = all_at_once(WRITERS, save)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 412: WRITERS - 1}, [r.text for r in responses if r.status_code not in (200, 412)]
    assert all(r.json()["error"]["code"] == "precondition_failed" for r in responses if r.status_code == 412)
    [winner] = [r for r in responses if r.status_code == 200]
    with app.app_context():
        revisions = db.session.scalars(select(VerdictRevision.summary)
                                       .where(VerdictRevision.claim_id == claim_id)).all()
    assert revisions == [winner.json()["verdict"]["summary"]]


def test_a_read_on_any_worker_right_after_a_write_sees_it(gunicorn, draft):
    claim_id, token = draft
    headers = {"Authorization": f"Bearer {token}"}
    etag = httpx.get(f"{gunicorn}/api/v1/claims/{claim_id}", headers=headers).headers["ETag"]
    for i in range(20):
        with httpx.Client() as writer:
            saved = writer.patch(f"{gunicorn}/api/v1/claims/{claim_id}", headers={**headers, "If-Match": etag},
                                 json={"text": f"Order had been restored, take {i}"})
        assert saved.status_code == 200, saved.text
        etag = saved.headers["ETag"]
        # A new connection each time: gunicorn hands it to whichever worker accepts first.
        read = httpx.get(f"{gunicorn}/api/v1/claims/{claim_id}", headers=headers)
        assert (read.json()["text"], read.headers["ETag"]) == (f"Order had been restored, take {i}", etag)


def test_an_anonymous_reader_on_any_worker_right_after_a_publication_sees_it(app, gunicorn):
    """Every worker keeps the public pages it rendered (web.caching), under the edition of the data it read:
    a write through one worker renews the edition, and no worker serves the page it kept before the write."""
    with app.app_context():
        token = create_api_token(make_user(role="editor"), "publish")
        claim_ids = [make_checked_claim(status="in_review", text=f"Zanzibar harbour claim {word}") for word in WORDS]
    headers = {"Authorization": f"Bearer {token}"}
    for i, claim_id in enumerate(claim_ids):
        for _ in range(6):  # new connections, so both workers render and keep the search page before the write
            before = httpx.get(f"{gunicorn}/claims", params={"q": "Zanzibar"})
            assert before.status_code == 200 and WORDS[i] not in before.text
            assert all(word in before.text for word in WORDS[:i])
        etag = httpx.get(f"{gunicorn}/api/v1/claims/{claim_id}", headers=headers).headers["ETag"]
        published = httpx.post(f"{gunicorn}/api/v1/claims/{claim_id}/transitions",
                               headers={**headers, "If-Match": etag}, json={"to": "published"})
        assert published.status_code == 200, published.text
        after = httpx.get(f"{gunicorn}/claims", params={"q": "Zanzibar"})
        assert WORDS[i] in after.text
