"""Background jobs: the Job record the desk and the API read, one attempt at a job, and the kinds of work.

Whatever runs a job (an RQ worker, or a thread of the web process without Redis: factcheck.job_queue)
calls run_attempt(job_id) once per attempt. The Job row says how it went; it is written outside the
session's transaction (its own short transactions on the engine), so the desk sees progress while a job
runs and the bookkeeping neither renews the edition of the public data nor rolls back with a failed write.

A new kind of work (the archive captures to come) is a function decorated with @job_kind: it receives a
JobContext and the job's arguments, reports progress, raises FetchError or DomainError to fail, and
returns the result (ids the desk links to).
"""

from factcheck.i18n import N_, keep, keep_fitting, kept_message, lazy_ngettext
from factcheck.i18n import lazy_gettext as _l
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from flask import current_app
from sqlalchemy import insert, select, update

from factcheck.errors import DomainError, Forbidden, NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, Job, JobStatus, User
from factcheck.models.types import utcnow
from factcheck.services.library.fetching import FetchError, split_url

MAX_ERROR = 2000
MAX_STEP = 200  # Job.step's length


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # what the desk calls it: "Import from the web" (a msgid, marked with N_)
    failure: str  # how a failed fetch is told: "The page could not be fetched" (a msgid)
    run: Callable[..., dict]
    retries: bool  # whether a failure that may pass (a timeout) is tried again


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, label: str, failure: str, retries: bool = True):
    """Register `run(context, **arguments) -> result` as the work of jobs of kind `name`."""
    def register(run: Callable[..., dict]) -> Callable[..., dict]:
        KINDS[name] = JobKind(name, label, failure, run, retries)
        return run
    return register


class Outcome(Enum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    RETRY = "retry"  # failed for a reason that may pass: the runner tries again after its back-off


# -- the record ----------------------------------------------------------------------------

def retry_intervals() -> list[int]:
    """Seconds to wait before each further attempt (JOB_RETRY_INTERVALS, e.g. "10,60": three attempts)."""
    setting = current_app.config.get("JOB_RETRY_INTERVALS", "10,60")
    values = setting.split(",") if isinstance(setting, str) else setting
    return [max(0, int(value)) for value in values if str(value).strip()]


def job_values(actor: User | None, kind: str, **arguments) -> dict:
    """The columns of a new queued job of `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    attempts = len(retry_intervals()) + 1 if KINDS[kind].retries else 1
    now = utcnow()
    return dict(kind=kind, arguments=arguments, status=JobStatus.QUEUED, attempts=0, max_attempts=attempts,
                progress=0, step=keep(N_("Waiting for a worker")), created_by_id=actor.id if actor else None,
                created_at=now, updated_at=now)


def create_job(actor: User | None, kind: str, **arguments) -> Job:
    """Record a queued job in a transaction of its own (it is not yet handed to a worker:
    factcheck.job_queue.enqueue does both)."""
    with db.engine.begin() as connection:
        job_id = connection.execute(insert(Job).values(**job_values(actor, kind, **arguments))
                                    .returning(Job.id)).scalar_one()
    return db.session.get(Job, job_id)


def _write(job_id: int, **values) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(updated_at=utcnow(), **values))


def fail_job(job_id: int, reason) -> None:
    """Record that the job failed before any attempt ran (its queue could not take it); `reason` is a msgid or
    a lazy message, kept to be said in the reader's language (factcheck.i18n.keep)."""
    _write(job_id, status=JobStatus.FAILED, step=keep(N_("Failed")), error=keep(reason)[:MAX_ERROR],
           finished_at=utcnow())


def get_job(job_id: int, viewer: User) -> Job:
    """The job as now recorded; its owner, editors and admins may see it."""
    job = db.session.scalar(select(Job).where(Job.id == job_id).execution_options(populate_existing=True))
    if job is None:
        raise NotFound(_l('There is no job %(job_id)s.', job_id=job_id))
    if job.created_by_id != viewer.id and not viewer.has_role("editor"):
        raise Forbidden(_l('This job was started by someone else.'))
    return job


def recent_jobs(viewer: User, limit: int = 20) -> list[Job]:
    """The viewer's latest jobs, newest first (an editor also sees the scheduled ones)."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if viewer.has_role("editor"):
        query = query.where((Job.created_by_id == viewer.id) | Job.created_by_id.is_(None))
    else:
        query = query.where(Job.created_by_id == viewer.id)
    return list(db.session.scalars(query))


def job_label(job: Job) -> str:
    kind = KINDS.get(job.kind)
    return _l(kind.label) if kind else job.kind


# -- one attempt ---------------------------------------------------------------------------

@dataclass
class JobContext:
    """What a job's work sees: who asked, and a way to say how far it has got."""

    job_id: int
    actor: User | None

    def report(self, percent: int, step: str, **params) -> None:
        """`step` is a msgid marked with N_, with its parameters: kept, to be said in the reader's language."""
        _write(self.job_id, progress=max(0, min(100, int(percent))), step=keep_fitting(MAX_STEP, step, **params))


def run_attempt(job_id: int) -> Outcome:
    """Run the job once and record how it went; Outcome.RETRY asks the runner to try again later."""
    job = db.session.scalar(select(Job).where(Job.id == job_id).execution_options(populate_existing=True))
    if job is None or job.done:
        return Outcome.FAILED if job is None else Outcome(job.status)
    attempt = job.attempts + 1
    _write(job_id, status=JobStatus.RUNNING, attempts=attempt, started_at=job.started_at or utcnow(),
           step=keep(N_("Started")) if attempt == 1 else keep(N_("Attempt %(attempt)s of %(attempts)s"),
                                                             attempt=attempt, attempts=job.max_attempts))
    kind = KINDS[job.kind]
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    try:
        result = kind.run(JobContext(job_id, actor), **job.arguments)
    except FetchError as error:
        db.session.rollback()
        return _failed(job, attempt, kept_message(N_("%(failure)s: %(reason)s"), failure=_l(kind.failure),
                                                  reason=error.lazy_message, clauses=("reason",)), error.transient)
    except DomainError as error:  # the page holds no article, the source was merged…: trying again won't help
        db.session.rollback()
        return _failed(job, attempt, kept_message(error.lazy_message), retry=False)
    except Exception:  # a bug, or the database went away: logged for the admin, told plainly on the desk
        db.session.rollback()
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        return _failed(job, attempt, kept_message(
            N_("The job stopped on an unexpected error (the worker's log has the details).")), retry=True)
    finally:
        db.session.remove()
    _write(job_id, status=JobStatus.SUCCEEDED, progress=100, step=keep(N_("Done")), result=result, error=None,
           finished_at=utcnow())
    return Outcome.SUCCEEDED


def _failed(job: Job, attempt: int, reason: dict, retry: bool) -> Outcome:
    """`reason` is a kept message (factcheck.i18n.kept_message): the desk says it in the reader's language."""
    if retry and attempt < job.max_attempts:
        delays = retry_intervals()
        delay = delays[min(attempt - 1, len(delays) - 1)] if delays else 0
        _write(job.id, status=JobStatus.QUEUED, error=_error(keep(reason)),
               step=keep(N_("Attempt %(attempt)s of %(attempts)s failed; trying again in %(delay)s s"),
                         attempt=attempt, attempts=job.max_attempts, delay=delay))
        return Outcome.RETRY
    if attempt > 1:
        error = keep(lazy_ngettext("%(reason)s (tried %(num)s time).", "%(reason)s (tried %(num)s times).", attempt),
                     reason=reason, trimmed=("reason",))
    else:
        error = keep(N_("%(reason)s."), reason=reason, trimmed=("reason",))
    _write(job.id, status=JobStatus.FAILED, error=_error(error), step=keep(N_("Failed")), finished_at=utcnow())
    return Outcome.FAILED


def _error(kept: str) -> str:
    """A kept error that fits Job.error (a long one, rare, is kept as its English words)."""
    if len(kept) <= MAX_ERROR:
        return kept
    from factcheck.i18n import kept_words

    return kept_words(kept)[:MAX_ERROR]


# -- the kinds of work ---------------------------------------------------------------------

def checked_url(url: str) -> str:
    """A URL worth queueing: http(s), with a host (whether it may be fetched is the job's to find out)."""
    url = (url or "").strip()
    if len(url) > 2048:
        raise ValidationError(_l('The web address is too long.'), {"url": _l('At most 2048 characters.')})
    split_url(url)  # FetchError (422) for no scheme, another scheme or no host: nothing is queued
    return url


@job_kind("import_url", N_("Import from the web"), N_("The page could not be fetched"))
def import_url(context: JobContext, url: str) -> dict:
    from factcheck.services.articles.importing import fetch_page, import_fetched

    context.report(10, N_("Fetching %(url)s"), url=url)
    fetched = fetch_page(url)
    context.report(60, N_("Reading the article's text"))
    article = import_fetched(context.actor, fetched)
    return {"article_id": article.id, "title": article.title}


@job_kind("reimport_article", N_("Re-import from the web"), N_("The page could not be fetched again"))
def reimport_article(context: JobContext, article_id: int) -> dict:
    from factcheck.services.articles.importing import article_url, fetch_page, reimport_fetched
    from factcheck.services.articles.revisions import revisions_of

    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(_l('There is no article %(article_id)s.', article_id=article_id))
    before = article.text_sha256
    context.report(10, N_("Fetching %(url)s"), url=article_url(article))
    fetched = fetch_page(article_url(article))
    context.report(60, N_("Placing every claim on the new text"))
    reimport_fetched(context.actor, article, fetched)
    if article.text_sha256 == before:
        return {"article_id": article.id, "unchanged": True}
    return {"article_id": article.id, "revision_id": revisions_of(article)[-1].id}


@job_kind("snapshot_source", N_("Snapshot of a source"), N_("Could not take a snapshot"))
def snapshot_source(context: JobContext, source_id: int) -> dict:
    from factcheck.services.library import snapshots
    from factcheck.services.library.sources import get_live_source

    source = get_live_source(source_id)
    context.report(10, N_("Fetching %(url)s"), url=source.url)
    fetched = snapshots.fetch_source(source)
    context.report(70, N_("Keeping its text and hash"))
    snapshot = snapshots.store_snapshot(context.actor, source, fetched)
    return {"source_id": source.id, "snapshot_id": snapshot.id}


@job_kind("check_links", N_("Link check of every source"), N_("The link check failed"), retries=False)
def check_links(context: JobContext, concurrency: int = 4, timeout: float = 10.0) -> dict:
    from sqlalchemy import func

    from factcheck.models import Source
    from factcheck.services.library import snapshots

    total = db.session.scalar(select(func.count(Source.id)).where(Source.merged_into_id.is_(None))) or 0
    done, shown = 0, -1
    context.report(0, N_("Visiting %(total)s source URLs"), total=total)

    def visited(_result) -> None:
        nonlocal done, shown
        done += 1
        percent = 95 * done // max(total, 1)
        if percent != shown:  # one write per percent, not per link
            shown = percent
            context.report(percent, N_("Visited %(done)s of %(total)s source URLs"), done=done, total=total)

    results = snapshots.check_links(concurrency=concurrency, timeout=timeout, on_result=visited)
    from factcheck.services.library.captures import recapture_changed

    return {"checked": len(results), "broken": sum(result.broken for result in results),
            "changed": sum(result.changed for result in results), "recaptured": recapture_changed(context)}


# Kinds defined beside their use cases register themselves when imported.
from factcheck.services.library import captures  # noqa: E402,F401
