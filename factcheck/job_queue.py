"""Where background jobs run: an RQ queue in Redis when REDIS_URL is set, else a few threads of this process.

With Redis, `flask --app factcheck worker` takes jobs off the queue (RQ retries a failed attempt after
the back-off in JOB_RETRY_INTERVALS) and runs the schedule: a link check of every source at the times of
LINK_CHECK_SCHEDULE, once however many workers run. Without Redis (the embedded default of
`bash scripts/run`), the web process runs jobs on two threads of its own, retrying in the same way; it
runs no schedule.
"""

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from croniter import croniter
from sqlalchemy import event
from sqlalchemy.orm import Session
from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, SimpleWorker

from factcheck.extensions import db
from factcheck.i18n import N_
from factcheck.models import Job, User
from factcheck.models.types import utcnow
from factcheck.services.core.jobs import Outcome, create_job, fail_job, job_values, retry_intervals, run_attempt

IN_PROCESS_THREADS = 2
JOB_TIMEOUT_SECONDS = 3 * 60 * 60  # a link check of a large library takes a while; a fetch takes 10 s
SCHEDULE_POLL_SECONDS = 30
SCHEDULE_GRACE = timedelta(hours=1)  # a worker started up to an hour late still runs the night's check
_worker_app: Flask | None = None
AFTER_COMMIT = "factcheck.jobs_after_commit"  # session.info: (app, job id, attempts) to hand over at commit


class AttemptFailed(Exception):
    """Raised to RQ so that it retries the job after its back-off (the Job row says why)."""


def enqueue(actor: User | None, kind: str, **arguments) -> Job:
    """Record a job and hand it to whatever runs jobs here; the Job row tells how it goes."""
    app = current_app._get_current_object()
    job = create_job(actor, kind, **arguments)
    _hand_over(app, job.id, job.max_attempts)
    return job


def enqueue_with_write(actor: User | None, kind: str, **arguments) -> Job:
    """Record a job in the session's transaction, beside the write it follows from, and hand it over once that
    transaction commits: the write and its job are kept together or not at all (a job queued after the
    write's commit was lost if the process stopped in between, and cost a transaction of its own)."""
    job = Job(**job_values(actor, kind, **arguments))
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(AFTER_COMMIT, []).append((current_app._get_current_object(), job.id, job.max_attempts))
    return job


@event.listens_for(Session, "after_commit")
def _hand_over_committed(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's release commits nothing yet
        for app, job_id, attempts in session.info.pop(AFTER_COMMIT, ()):
            _hand_over(app, job_id, attempts)


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session: Session, transaction) -> None:
    if transaction.parent is None:  # the transaction ended without its commit: its jobs were never written
        session.info.pop(AFTER_COMMIT, None)


def _hand_over(app: Flask, job_id: int, attempts: int) -> None:
    if app.config.get("REDIS_URL"):
        _enqueue_on_redis(app, job_id, attempts)
    else:
        futures = app.extensions.setdefault("job_futures", [])
        futures[:] = [future for future in futures if not future.done()]
        futures.append(_threads(app).submit(_run_here, app, job_id))


def queue(app: Flask) -> Queue:
    if "job_queue" not in app.extensions:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_timeout=5, socket_connect_timeout=5)
        app.extensions["job_queue"] = Queue(app.config.get("JOB_QUEUE", "factcheck"), connection=connection)
    return app.extensions["job_queue"]


def _enqueue_on_redis(app: Flask, job_id: int, attempts: int) -> None:
    retries = attempts - 1
    try:
        queue(app).enqueue(perform, job_id, job_timeout=JOB_TIMEOUT_SECONDS, result_ttl=24 * 3600,
                           failure_ttl=7 * 24 * 3600,
                           retry=Retry(max=retries, interval=retry_intervals()) if retries else None)
    except RedisError as error:
        app.logger.warning("job %s not queued: %s", job_id, error)
        fail_job(job_id, N_("The job queue (Redis) could not be reached, so the job did not start. Try again later."))


def perform(job_id: int) -> str:
    """RQ's entry point: one attempt at the job, in the worker's app."""
    if has_app_context():
        outcome = run_attempt(job_id)
    else:  # a plain `rq worker` rather than `flask --app factcheck worker`
        with _app().app_context():
            outcome = run_attempt(job_id)
    if outcome is Outcome.RETRY:
        raise AttemptFailed(f"job {job_id}: attempt failed, RQ tries again after its back-off")
    return outcome.value


def _app() -> Flask:
    global _worker_app
    if _worker_app is None:
        from factcheck import create_app
        _worker_app = create_app()
    return _worker_app


# -- without Redis: threads of the web process -------------------------------------------

def _threads(app: Flask) -> ThreadPoolExecutor:
    return app.extensions.setdefault(
        "job_threads", ThreadPoolExecutor(max_workers=IN_PROCESS_THREADS, thread_name_prefix="factcheck-job"))


def _run_here(app: Flask, job_id: int) -> None:
    attempt = 0
    while True:
        with app.app_context():
            outcome = run_attempt(job_id)
            delays = retry_intervals()
        if outcome is not Outcome.RETRY:
            return
        time.sleep(delays[min(attempt, len(delays) - 1)] if delays else 0)
        attempt += 1


def wait_for_jobs(app: Flask, timeout: float = 60) -> None:
    """Wait until the jobs this process runs itself have finished (for tests and the CLI)."""
    futures: list[Future] = app.extensions.get("job_futures", [])
    wait(list(futures), timeout=timeout)


# -- the worker and its schedule ------------------------------------------------------------

def latest_due(schedule: str, now: datetime) -> datetime | None:
    """The latest time at or before `now` that the cron expression names; None when it is "off"."""
    if schedule.strip().lower() in ("", "off", "none"):
        return None
    return croniter(schedule, now + timedelta(seconds=1)).get_prev(datetime)


def enqueue_due_link_check(now: datetime) -> Job | None:
    """Queue the link check the schedule calls for at `now`, unless a worker already did."""
    app = current_app._get_current_object()
    due = latest_due(app.config.get("LINK_CHECK_SCHEDULE", ""), now)
    if due is None or now - due > SCHEDULE_GRACE:
        return None
    # One key per scheduled time: the first worker to set it queues the check, the others see it set.
    key = f"factcheck:schedule:check_links:{app.config.get('JOB_QUEUE', 'factcheck')}:{due.isoformat()}"
    if not queue(app).connection.set(key, now.isoformat(), nx=True, ex=int(3 * SCHEDULE_GRACE.total_seconds())):
        return None
    return enqueue(None, "check_links")


def _run_schedule(app: Flask, stop: threading.Event) -> None:
    while True:
        try:
            with app.app_context():
                enqueue_due_link_check(utcnow())
        except Exception:  # Redis or the database away for a moment: the next look may work
            app.logger.exception("the schedule could not queue the link check")
        if stop.wait(SCHEDULE_POLL_SECONDS):
            return


def work(app: Flask, *, burst: bool = False, schedule: bool = True) -> None:
    """Run jobs from the queue until stopped (or, with `burst`, until it is empty), and the schedule."""
    stop = threading.Event()
    if schedule and not burst:
        threading.Thread(target=_run_schedule, args=(app, stop), name="factcheck-schedule", daemon=True).start()
    worker = SimpleWorker([queue(app)], connection=queue(app).connection)
    try:
        worker.work(burst=burst, with_scheduler=True)
    finally:
        stop.set()
