"""Jobs on a real RQ queue in Redis: a worker in the test and `flask worker` in a subprocess, importing from a
local HTTP server; retries with back-off, failures with their reason, and the nightly schedule."""

import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import pytest
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import select, text, update

from factcheck import ROOT
from factcheck.extensions import db
from factcheck.i18n import kept_words
from factcheck.job_queue import enqueue, enqueue_due_link_check, enqueue_with_write, latest_due, queue
from factcheck.models import Article, Job, JobStatus
from tests.factories import make_user
from tests.fixtures.page_server import page_server  # noqa: F401 (a fixture)

# Redis is on every machine this project runs on (CI included); db 5 keeps the tests' keys apart.
REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_app(app):
    """The app with a job queue of its own in Redis (removed afterwards), fetching from 127.0.0.1."""
    name = f"factcheck-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=REDIS_URL, JOB_QUEUE=name, FETCH_ALLOWED_HOSTS="127.0.0.1")
    yield app
    connection = Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)


def job_row(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def start(app, kind: str, **arguments) -> int:
    with app.app_context():
        return enqueue(make_user(role="factchecker"), kind, **arguments).id


def work_until_empty(app) -> None:
    with app.app_context():
        SimpleWorker([queue(app)], connection=queue(app).connection).work(burst=True)


def test_a_url_import_waits_on_the_queue_until_a_worker_runs_it(redis_app, page_server):
    job_id = start(redis_app, "import_url", url=page_server.url("/pages/news-boilerplate.html"))
    assert job_row(redis_app, job_id).status == JobStatus.QUEUED  # nothing ran inside the request
    with redis_app.app_context():
        assert queue(redis_app).count == 1
    work_until_empty(redis_app)
    job = job_row(redis_app, job_id)
    assert (job.status, job.attempts, job.progress) == (JobStatus.SUCCEEDED, 1, 100)
    with redis_app.app_context():
        article = db.session.get(Article, job.result["article_id"])
        assert article.title == "Tokayev orders troops to fire without warning"


def test_a_refusal_fails_at_once_with_its_reason(redis_app, page_server):
    job_id = start(redis_app, "import_url", url=page_server.url("/pages/no-article.html"))
    work_until_empty(redis_app)
    job = job_row(redis_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert kept_words(job.error).startswith("No article text found")


def test_a_failure_that_may_pass_is_tried_three_times_then_told(redis_app):
    # Nothing listens on port 9 of 127.0.0.1: the connection is refused on every attempt.
    job_id = start(redis_app, "import_url", url="http://127.0.0.1:9/article")
    work_until_empty(redis_app)  # JOB_RETRY_INTERVALS is 0,0 in tests: RQ queues each retry at once
    job = job_row(redis_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert kept_words(job.error).startswith("The page could not be fetched: could not fetch http://127.0.0.1:9/article")
    assert kept_words(job.error).endswith("(tried 3 times).")
    with redis_app.app_context():
        assert db.session.scalars(select(Article)).all() == []


def test_the_worker_command_retries_with_back_off(redis_app, database_url, page_server):
    """`flask --app factcheck worker` in a subprocess: a page that answers 503 twice is imported on the third
    attempt, each retry waiting its interval (2 s here) in RQ's scheduler."""
    redis_app.config["JOB_RETRY_INTERVALS"] = "2,2"
    key = uuid.uuid4().hex
    job_id = start(redis_app, "import_url", url=page_server.url(f"/flaky?{key}"))
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL,
                   "JOB_QUEUE": redis_app.config["JOB_QUEUE"], "JOB_RETRY_INTERVALS": "2,2",
                   "FETCH_ALLOWED_HOSTS": "127.0.0.1", "SECRET_KEY": "test", "LINK_CHECK_SCHEDULE": "off"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "factcheck", "worker"], cwd=ROOT,
                              env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180  # generous: on a loaded machine the worker alone takes a while to start
        while not job_row(redis_app, job_id).done and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    job = job_row(redis_app, job_id)
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 3), (job.status, job.step, job.error)
    assert job.error is None
    times = [at for path, _headers, at in page_server.requests_at if path == f"/flaky?{key}"]
    assert len(times) == 3
    # RQ's scheduler keeps times in whole seconds (and looks about once a second), so a 2 s back-off waits
    # somewhat over 1 s or more; an attempt retried at once would follow in milliseconds.
    assert all(later - earlier > 0.5 for earlier, later in zip(times, times[1:])), times  # it waited


def test_the_worker_command_needs_redis(runner, app):
    app.config["REDIS_URL"] = ""
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


def test_the_schedule_names_the_latest_time_due():
    night = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    assert latest_due("0 3 * * *", datetime(2026, 12, 3, 3, 20, tzinfo=UTC)) == night
    assert latest_due("0 3 * * *", night) == night
    assert latest_due("0 3 * * *", datetime(2026, 12, 3, 2, 59, tzinfo=UTC)) == datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    assert latest_due("off", night) is None


def test_the_nightly_link_check_is_queued_once_however_many_workers_look(redis_app):
    redis_app.config["LINK_CHECK_SCHEDULE"] = "0 3 * * *"
    with redis_app.app_context():
        first = enqueue_due_link_check(datetime(2026, 12, 3, 3, 0, 30, tzinfo=UTC))
        again = enqueue_due_link_check(datetime(2026, 12, 3, 3, 1, tzinfo=UTC))  # another worker, a bit later
        late = enqueue_due_link_check(datetime(2026, 12, 3, 5, 0, tzinfo=UTC))  # past the hour of grace
        assert first is not None and first.kind == "check_links" and first.created_by_id is None
        assert again is None and late is None
    work_until_empty(redis_app)
    job = job_row(redis_app, first.id)
    assert job.status == JobStatus.SUCCEEDED and job.result == {"checked": 0, "broken": 0, "changed": 0,
                                                                "recaptured": 0}


def test_a_job_recorded_with_a_write_is_queued_when_it_commits_and_never_if_it_rolls_back(redis_app):
    with redis_app.app_context():
        actor = make_user(role="factchecker")
        lost = enqueue_with_write(actor, "check_links").id
        db.session.rollback()
        assert db.session.get(Job, lost) is None and queue(redis_app).count == 0

        kept = enqueue_with_write(actor, "check_links").id
        with db.session.begin_nested():  # a savepoint released on the way commits nothing yet
            db.session.execute(update(Job).where(Job.id == kept).values(progress=1))
        assert queue(redis_app).count == 0
        db.session.commit()
        assert queue(redis_app).job_ids and queue(redis_app).count == 1
    assert job_row(redis_app, kept).status == JobStatus.QUEUED


def test_evidence_cited_through_the_api_and_its_capture_job_are_written_in_one_transaction(redis_app, client, auth):
    redis_app.config["CAPTURE_ON_ATTACH"] = True
    with redis_app.app_context():
        from factcheck.services.accounts.users import create_api_token
        from tests.factories import make_article, make_claim
        checker = make_user(role="factchecker", email="cites@example.org")
        claim_id = make_claim(checker, make_article(checker)).id
        token = create_api_token(checker, "test")
        db.session.commit()
    answer = client.post(f"/api/v1/claims/{claim_id}/evidence", headers={"Authorization": f"Bearer {token}"},
                         json={"url": "https://example.org/report", "stance": "supports", "quote": "a figure"})
    assert answer.status_code == 201
    with redis_app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "capture_evidence"))
        assert job.arguments == {"evidence_id": answer.get_json()["id"]} and queue(redis_app).count == 1
        if db.engine.dialect.name == "postgresql":  # the same transaction wrote both rows
            written_by = db.session.execute(text(
                "SELECT (SELECT xmin::text FROM evidence WHERE id = :evidence), (SELECT xmin::text FROM job WHERE id = :job)"),
                {"evidence": job.arguments["evidence_id"], "job": job.id}).one()
            assert written_by[0] == written_by[1]
