"""Domain errors, mapped to 4xx once for HTML, htmx and JSON alike; a database out of reach is a 503."""

import logging
from typing import Any

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sql_errors
from werkzeug.exceptions import HTTPException

from factcheck.extensions import db, htmx, login_manager
from factcheck.i18n import lazy_gettext as _l


class DomainError(Exception):
    """An error a user can act on; never a 500."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None, code: str | None = None):
        # Messages may be lazy (_l): they are read here, in the language of the request that raised them. The
        # lazy message itself is kept too, for what is stored to be said later in its reader's language (a job's
        # failure: factcheck.i18n.keep).
        self.lazy_message = message
        message = str(message)
        super().__init__(message)
        self.message = message
        self.fields = {name: str(text) for name, text in (fields or {}).items()}
        if code:
            self.code = code


class ValidationError(DomainError):
    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Conflict(DomainError):
    """Someone else saved first; `current` is what they saved."""

    status = 409
    code = "conflict"

    def __init__(self, message: str, current: Any = None, **kwargs):
        super().__init__(message, **kwargs)
        self.current = current


LOCKED_PARTS = {"claim": _l("claim"), "verdict": _l("verdict"), "evidence": _l("evidence"), "links": _l("links")}


class PublishedClaimLocked(Conflict):
    """What the public reads of a published claim changes only after an editor reopens it for correction."""

    code = "claim_published"

    def __init__(self, claim_id: int, what: str = "claim"):
        super().__init__(_l("Claim %(claim_id)s is published, so its %(what)s cannot change: an editor must reopen "
                            "it for correction first, and republishing shows readers a correction note.",
                            claim_id=claim_id, what=LOCKED_PARTS.get(what, what)))
        self.claim_id = claim_id


class UnverifiedQuotes(DomainError):
    """Publishing a claim whose evidence quotes no capture confirmed, without saying so: 409 until confirmed."""

    status = 409
    code = "unverified_quotes"

    def __init__(self, message: str, evidence_ids: list[int]):
        super().__init__(message, {"confirm_unverified": _l("Confirm to publish with these quotes unverified.")})
        self.evidence_ids = evidence_ids


class StaleVersion(Conflict):
    """The edit started from an older version of the claim: 409 on the desk, 412 in the API (If-Match)."""

    code = "stale_version"


class PreconditionFailed(DomainError):
    status = 412
    code = "precondition_failed"


class PreconditionRequired(DomainError):
    status = 428
    code = "precondition_required"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"


HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "validation_failed", 429: "too_many_requests",
    503: "service_unavailable",
}
# What the web's own refusals say when nobody gave them words (werkzeug's English defaults), in the reader's
# language; the API, whose messages stay English, says the same words.
HTTP_MESSAGES = {
    400: _l("The request could not be understood."), 403: _l("You may not open this page."),
    404: _l("There is nothing at this address. Check it, or start again from the home page."),
    405: _l("This address does not take this kind of request."), 429: _l("Too many requests: wait a little."),
}
# The database cannot be reached (refused, dropped, timed out, no free connection): try again later.
DATABASE_UNAVAILABLE = (sql_errors.OperationalError, sql_errors.InterfaceError, sql_errors.DisconnectionError,
                        sql_errors.TimeoutError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "The service is temporarily unavailable. Try again in a minute."


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _respond(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    if wants_json():
        return error_body(code, message, fields), status
    template = "errors/_error.html" if htmx else "errors/error.html"
    return render_template(template, status=status, message=message, fields=fields or {}), status


def database_unavailable(error: Exception):
    """503: a JSON error for the API, a branded page (which reads nothing from the database) elsewhere."""
    reason = getattr(error, "orig", None) or error  # the driver's message, without the statement or parameters
    logging.getLogger("factcheck").warning("database unavailable", extra={"fields": {
        "path": request.path, "error": f"{type(reason).__name__}: {str(reason).strip()[:300]}"}})
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone already; the pool forgets it
        db.session.close()
    # Whoever asks is anonymous from here on, so that nothing after the view (cache headers, logs) tries to
    # load the signed-in user from the database again (Flask-Login keeps the user in g._login_user).
    g._login_user = login_manager.anonymous_user()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json():
        return error_body("service_unavailable", UNAVAILABLE), 503, headers
    return render_template("errors/unavailable.html"), 503, headers


def register_error_handlers(app: Flask) -> None:
    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, database_unavailable)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if isinstance(error, StaleVersion) and wants_json():  # the API's versions come from If-Match
            return _respond(PreconditionFailed.status, PreconditionFailed.code, error.message,
                            {"If-Match": _l("Fetch the claim again for its current ETag.")})
        return _respond(error.status, error.code, error.message, error.fields)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _respond(400, "csrf_failed", _l("The form has expired or was not sent from this site. "
                                               "Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        status = error.code or 500
        message = error.description or error.name
        if error.description == type(error).description and status in HTTP_MESSAGES:  # werkzeug's default words
            message = HTTP_MESSAGES[status]
        if status == 413:
            message = _l("The request is larger than the 5 MiB limit.")
        response = _respond(status, HTTP_CODES.get(status, "http_error"), message)
        if status == 405 and error.get_response().headers.get("Allow"):
            body, code = response
            return body, code, {"Allow": error.get_response().headers["Allow"]}
        return response
