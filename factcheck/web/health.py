"""GET /healthz: whether this worker can reach the database and each Redis it is configured with."""

import logging

from flask import Blueprint, current_app
from sqlalchemy import text

from factcheck.extensions import db
from factcheck.security import access

bp = Blueprint("health", __name__)
logger = logging.getLogger("factcheck")
REDIS_TIMEOUT_SECONDS = 2


def database_state() -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure to answer is "unreachable"
        logger.warning("health check: database unreachable", extra={"fields": {"error": type(error).__name__}})
        return "unreachable"


def redis_urls() -> dict[str, str]:
    """The Redis servers this app uses: the job queue's (REDIS_URL) and the rate-limit counters'."""
    urls = {"REDIS_URL": current_app.config.get("REDIS_URL") or ""}
    urls["RATELIMIT_STORAGE_URI"] = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    return {name: url for name, url in urls.items() if url.startswith(("redis://", "rediss://", "unix://"))}


def redis_state() -> str:
    urls = redis_urls()
    if not urls:
        return "not configured"
    import redis

    for name, url in urls.items():
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                          socket_timeout=REDIS_TIMEOUT_SECONDS)
            try:
                client.ping()
            finally:
                client.close()
        except Exception as error:  # noqa: BLE001
            logger.warning("health check: redis unreachable", extra={"fields": {
                "setting": name, "error": type(error).__name__}})
            return "unreachable"
    return "ok"


@bp.route("/healthz")
@access("public")
def healthz():
    parts = {"database": database_state(), "redis": redis_state()}
    healthy = all(state in ("ok", "not configured") for state in parts.values())
    body = {"status": "ok" if healthy else "unavailable", **parts}
    if not healthy:
        body["failing"] = [part for part, state in parts.items() if state not in ("ok", "not configured")]
    return body, 200 if healthy else 503, {"Cache-Control": "no-store"}
