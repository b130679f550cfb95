"""Outside copies: asking the Internet Archive's Save Page Now to archive a source (off unless configured).

With SAVE_PAGE_NOW_URL (e.g. https://web.archive.org/save) and the account's S3-style keys in
SAVE_PAGE_NOW_ACCESS_KEY and SAVE_PAGE_NOW_SECRET_KEY, the capture job posts the source's URL there, follows
the capture's status (GET <url>/status/<job_id>) for at most SAVE_PAGE_NOW_WAIT seconds, and stores the
archived copy's address (SAVE_PAGE_NOW_REPLAY_URL/<timestamp>/<original url>) as the source's archive_url,
unless one is already recorded. The endpoint is the admin's configuration, so it is called directly, not
through the safe fetcher (which refuses internal addresses and only GETs).
"""

import time

import httpx
from flask import current_app

from factcheck.extensions import db
from factcheck.models import Source
from factcheck.services.core.audit import record
from factcheck.services.library.fetching import USER_AGENT
from factcheck.services.core.transaction import transactional

POLL_SECONDS = 2.0


def configured() -> bool:
    return bool(current_app.config.get("SAVE_PAGE_NOW_URL"))


def archive_outside(source: Source) -> str | None:
    """Ask Save Page Now for a copy of the source; its address once archived, else None (never raises)."""
    if not configured() or source.archive_url:
        return None
    config = current_app.config
    endpoint = config["SAVE_PAGE_NOW_URL"].rstrip("/")
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if config.get("SAVE_PAGE_NOW_ACCESS_KEY"):
        headers["Authorization"] = f"LOW {config['SAVE_PAGE_NOW_ACCESS_KEY']}:{config.get('SAVE_PAGE_NOW_SECRET_KEY', '')}"
    try:
        with httpx.Client(headers=headers, timeout=20.0, trust_env=False) as client:
            answer = client.post(endpoint, data={"url": source.url}).raise_for_status().json()
            address = _follow(client, endpoint, answer, float(config.get("SAVE_PAGE_NOW_WAIT", 60)))
    except (httpx.HTTPError, ValueError) as error:
        current_app.logger.warning("Save Page Now did not archive %s: %s", source.url, error)
        return None
    if address:
        _set_archive_url(source, address)
    return address


def _follow(client: httpx.Client, endpoint: str, answer: dict, wait: float) -> str | None:
    """Poll the capture's status until it succeeds (the archived address), fails or `wait` runs out."""
    job_id = answer.get("job_id")
    deadline = time.monotonic() + wait
    while job_id:
        status = client.get(f"{endpoint}/status/{job_id}").raise_for_status().json()
        if status.get("status") == "success":
            return _replay_url(status["timestamp"], status.get("original_url") or answer.get("url"))
        if status.get("status") != "pending" or time.monotonic() > deadline:
            return None
        time.sleep(float(current_app.config.get("SAVE_PAGE_NOW_POLL_SECONDS", POLL_SECONDS)))
    return None


def _replay_url(timestamp: str, original: str) -> str:
    replay = current_app.config.get("SAVE_PAGE_NOW_REPLAY_URL") or "https://web.archive.org/web"
    return f"{replay.rstrip('/')}/{timestamp}/{original}"


@transactional
def _set_archive_url(source: Source, address: str) -> None:
    db.session.refresh(source)
    if source.archive_url:  # someone typed one in meanwhile: theirs stays
        return
    source.archive_url = address[:2048]
    record(None, "source.archive", source, before={"archive_url": None}, after={"archive_url": source.archive_url},
           note="Save Page Now")
