"""API: a background job's state (an import, a re-import, a snapshot, a link check), for its owner and editors."""

from factcheck.i18n import kept_words
from factcheck.models import Job
from factcheck.security import api_access
from factcheck.services.core.jobs import get_job
from factcheck.web.api import bp
from factcheck.web.api.requests import token_user


def job_json(job: Job) -> dict:
    return {"id": job.id, "kind": job.kind, "status": job.status, "attempts": job.attempts,
            "max_attempts": job.max_attempts, "progress": job.progress, "step": kept_words(job.step), "result": job.result,
            "error": kept_words(job.error), "created_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None}


@bp.route("/jobs/<int:job_id>")
@api_access("staff")
def get_job_state(job_id: int):
    return job_json(get_job(job_id, token_user()))
