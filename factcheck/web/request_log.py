"""Structured logs: one JSON line on stdout per request (request id, user, method, path, status, duration),
and the app's warnings in the same shape. A request id sent as X-Request-ID is kept, else one is made; it is
sent back in the response's X-Request-ID."""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request
from sqlalchemy import inspect

LOGGER = "factcheck"
# Loggers whose lines go out as JSON with ours: rate limiting failing open says so through flask-limiter's.
JSON_LOGGERS = (LOGGER, "flask-limiter")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

logger = logging.getLogger(LOGGER)


class JsonLines(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(line, ensure_ascii=False, default=str)


class StandardOutput(logging.StreamHandler):
    """Writes to whatever sys.stdout is when a line is written (so a test capturing stdout sees it)."""

    def __init__(self):
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


def _configure_loggers() -> None:
    for name in JSON_LOGGERS:
        named = logging.getLogger(name)
        if not any(isinstance(handler, StandardOutput) for handler in named.handlers):
            handler = StandardOutput()
            handler.setFormatter(JsonLines())
            named.addHandler(handler)
            named.propagate = False
        if named.level == logging.NOTSET:
            named.setLevel(logging.INFO)


def _start() -> None:
    g.request_started = time.perf_counter()
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


def _user_id() -> int | None:
    """Who made the request, from what the request already loaded (never a query of its own)."""
    for user in (g.get("api_user"), g.get("_login_user")):
        # The key the session holds it under: after a write's COMMIT has expired the user, reading
        # user.id (or is_authenticated, which reads user.active) would load the row again.
        state = inspect(user, raiseerr=False) if user is not None else None
        if state is not None and state.identity:
            return state.identity[0]
    return None


def _finish(response):
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    started = g.get("request_started")
    logger.info("request", extra={"fields": {
        "request_id": request_id,
        "user_id": _user_id(),
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "remote_addr": request.remote_addr,
    }})
    return response


def register(app: Flask) -> None:
    _configure_loggers()
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
