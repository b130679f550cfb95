"""HTTP caching: validators and 304s for anonymous public pages, never a cached signed-in view."""

import hashlib

from flask import Flask, Response, g, request
from flask_login import current_user

from factcheck.web.context import is_htmx

PUBLIC_MAX_AGE = 60


def not_modified_since(edition: str) -> Response | None:
    """A 304 when an anonymous reader already has this page as of `edition`, else None.

    The ETag covers the edition of the public data, the URL and whether htmx asked for a fragment;
    signed-in views get neither a validator nor a shared cache (see `_cache_headers`).
    """
    if current_user.is_authenticated:
        return None
    key = "\n".join((edition, request.full_path, "fragment" if is_htmx() else "page"))
    etag = hashlib.sha256(key.encode()).hexdigest()[:32]
    g.public_etag = etag
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        return response
    return None


def _cache_headers(response: Response) -> Response:
    if current_user.is_authenticated:
        # Any page a signed-in person sees may hold drafts, notes or addresses: keep it out of every cache.
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("ETag", None)
    elif getattr(g, "public_etag", None) and response.status_code in (200, 304):
        response.set_etag(g.public_etag, weak=True)
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.vary.update(("Cookie", "HX-Request"))
    return response


def register(app: Flask) -> None:
    app.after_request(_cache_headers)
