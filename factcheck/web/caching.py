"""Caching of public pages: validators and 304s, and rendered pages kept per edition, for anonymous readers only.

A signed-in view is never cached anywhere: it may hold drafts, notes, addresses or a CSRF token.
"""

import hashlib
import threading
from collections import OrderedDict
from functools import wraps

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_login import current_user

from factcheck.services.public import public_edition
from factcheck.web.context import is_htmx

PUBLIC_MAX_AGE = 60
MAX_PAGES = 256
MAX_PAGE_BYTES = 512 * 1024


def _anonymous() -> bool:
    """Nobody signed in and nothing in the session (no flash message): the page is everybody's page."""
    return not current_user.is_authenticated and not session


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


class RenderedPages:
    """The latest rendered public pages, by (edition, URL, fragment or page); least recently used go first.

    Each app (so each worker) keeps its own. A key holds the edition of the public data, so any change anyone could see
    makes new keys: a reader never gets a page older than the data, and old pages simply age out.
    """

    def __init__(self, size: int = MAX_PAGES):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def current_edition() -> str:
    """The edition of the public data (services.public.public_edition), read once per request."""
    if "public_edition" not in g:
        g.public_edition = public_edition()
    return g.public_edition


def public_page(view):
    """A public view answered with a 304 when the reader has it, or from the rendered pages when an
    anonymous reader asks for a page already rendered for this edition of the data. Signed in, the view
    just runs: its page is neither validated nor kept, so it reads no edition."""
    @wraps(view)
    def answer(*args, **kwargs):
        if current_user.is_authenticated:
            return view(*args, **kwargs)
        edition = current_edition()
        if cached := not_modified_since(edition):
            return cached
        if not _anonymous():
            return view(*args, **kwargs)
        pages, key = current_app.extensions["rendered_pages"], (edition, request.url, is_htmx())
        if (page := pages.get(key)) is not None:
            body, mimetype = page
            return Response(body, mimetype=mimetype)
        response = make_response(view(*args, **kwargs))
        if (response.status_code == 200 and not response.is_streamed and not session.modified
                and len(body := response.get_data()) <= MAX_PAGE_BYTES):
            pages.put(key, (body, response.mimetype))
        return response
    return answer


def _cache_headers(response: Response) -> Response:
    if current_user.is_authenticated or session.modified:
        # A signed-in page may hold drafts, notes or addresses, and a response that sets a session
        # cookie is one visitor's: keep both out of every shared cache.
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("ETag", None)
    elif getattr(g, "public_etag", None) and response.status_code in (200, 304):
        response.set_etag(g.public_etag, weak=True)
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.vary.update(("Cookie", "HX-Request"))
    return response


def register(app: Flask) -> None:
    app.extensions["rendered_pages"] = RenderedPages()
    app.after_request(_cache_headers)
