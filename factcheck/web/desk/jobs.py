"""Desk pages of background jobs: one job's progress and result (polled by htmx), and the recent ones."""

from dataclasses import dataclass

from flask_babel import gettext as _
from factcheck.i18n import lazy_gettext as _l
from flask import redirect, render_template, url_for

from factcheck.models import Job, JobStatus
from factcheck.security import access
from factcheck.services.core.jobs import get_job, job_label, recent_jobs
from factcheck.web.context import acting_user, is_htmx, page_or_fragment
from factcheck.web.desk import bp

STATUS_WORDS = {JobStatus.QUEUED: _l("Waiting"), JobStatus.RUNNING: _l("Running"),
                JobStatus.SUCCEEDED: _l("Done"), JobStatus.FAILED: _l("Failed")}


@dataclass(frozen=True)
class ResultLink:
    url: str
    label: str


def result_link(job: Job) -> ResultLink | None:
    """Where a finished job's result is seen (a failed import goes back to the form, with its URL)."""
    result, arguments = job.result or {}, job.arguments or {}
    if job.status == JobStatus.FAILED:
        if job.kind == "import_url":
            return ResultLink(url_for("desk.import_article", url=arguments.get("url", "")), _("Back to the import form"))
        return None
    if job.status != JobStatus.SUCCEEDED:
        return None
    if job.kind == "import_url":
        return ResultLink(url_for("desk.article", article_id=result["article_id"]), _("Open the article"))
    if job.kind == "reimport_article" and result.get("revision_id"):
        return ResultLink(url_for("desk.article_revision", article_id=result["article_id"],
                                  revision_id=result["revision_id"]), _("See what changed"))
    if job.kind == "reimport_article":
        return ResultLink(url_for("desk.article", article_id=result["article_id"]),
                          _("The text is the same as before: back to the article"))
    if job.kind == "snapshot_source":
        return ResultLink(url_for("desk.source", source_id=result["source_id"]) + "#snapshot", _("See the snapshot"))
    if job.kind in ("capture_source", "capture_evidence"):
        return ResultLink(url_for("desk.source", source_id=result["source_id"]) + "#captures", _("See the capture"))
    if job.kind == "check_links":
        return ResultLink(url_for("desk.sources", broken=1), _("See the broken links"))
    return None


def to_job(job: Job):
    """The answer to a request that started a job: its page (htmx is sent there with HX-Redirect)."""
    location = url_for("desk.job", job_id=job.id)
    if is_htmx():
        return "", 200, {"HX-Redirect": location}
    return redirect(location, code=303)


@bp.route("/jobs/<int:job_id>")
@access("staff")
def job(job_id: int):
    job = get_job(job_id, acting_user())
    link = result_link(job)
    if is_htmx() and job.status == JobStatus.SUCCEEDED and link is not None:
        return "", 200, {"HX-Redirect": link.url}  # the poll that sees it done opens the result
    return page_or_fragment("desk/jobs/show.html", "desk/jobs/_status.html", job=job, label=job_label(job),
                            link=link, status_words=STATUS_WORDS)


@bp.route("/jobs")
@access("staff")
def jobs():
    return render_template("desk/jobs/index.html", jobs=recent_jobs(acting_user()), job_label=job_label,
                           status_words=STATUS_WORDS)
