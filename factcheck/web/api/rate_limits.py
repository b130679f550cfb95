"""Rate limits on the API: per token for token calls, per address without one (API_RATE_LIMIT)."""

import hashlib

from flask import current_app, request
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address

from factcheck.errors import error_body
from factcheck.extensions import limiter
from factcheck.web.api import bp

DEFAULT_API_RATE_LIMIT = "600 per minute"


def api_rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT") or DEFAULT_API_RATE_LIMIT


def api_caller() -> str:
    """Whose counter a call counts against: the token's stored hash, else the client's address.

    The hash is the one ApiToken.token_hash keeps, so one token shares one counter across
    workers and machines (with Redis), and the plain token never reaches the counter store.
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()
    return "address:" + (get_remote_address() or "unknown")


# One counter per caller for the whole API, not one per route.
limiter.shared_limit(api_rate_limit, scope="api", key_func=api_caller)(bp)


@bp.errorhandler(RateLimitExceeded)
def too_many_requests(error: RateLimitExceeded):
    message = f"Too many calls: the limit is {error.description}. Wait before calling again."
    return error_body("too_many_requests", message), 429
