"""JSON API v1 (shared/DESIGN.md): JSON in and out, Bearer tokens for writes and drafts."""

from flask import Blueprint

bp = Blueprint("api", __name__)


@bp.after_request
def _api_headers(response):
    # RFC 6750: a 401 names the scheme the client should authenticate with.
    if response.status_code == 401:
        response.headers.setdefault("WWW-Authenticate", "Bearer")
    # The same URL answers differently with and without a token.
    response.vary.add("Authorization")
    return response


from factcheck.web.api import articles, claims, input_guards, jobs, links, openapi, rate_limits, reports, sources, suggestions  # noqa: E402, F401
