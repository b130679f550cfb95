"""Public pages kept rendered per edition of the data (factcheck.editions), and validators and 304s for them.

An anonymous reader's public page is everybody's: it gets an ETag, may sit in shared caches, and one
rendering serves every reader. A signed-in page is one person's: it may hold drafts, notes, addresses or a
CSRF token, so it is neither validated nor kept, and is rendered for every request. Pages are kept and
validated per interface language too (factcheck/i18n.py): a Russian reader never gets the English rendering.
"""

import hashlib
import threading
from collections import OrderedDict
from functools import wraps

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_login import current_user

from factcheck.editions import read_edition
from factcheck.i18n import interface_language
from factcheck.web.context import is_htmx

PUBLIC_MAX_AGE = 60
KEPT_BYTES = 32 * 1024 * 1024  # per worker
MAX_PAGE_BYTES = 512 * 1024


def interface_locale() -> str:
    """The interface language this request's page is rendered in: part of a kept page's key and of its ETag.

    Flask-Babel's `get_locale()` as text (factcheck/i18n.py chooses it; a locale chosen from Accept-Language
    adds that header to Vary there).
    """
    return interface_language()


def _anonymous() -> bool:
    """Nobody signed in and nothing in the session (no flash message): the page is everybody's page."""
    return not current_user.is_authenticated and not session


def not_modified_since(edition: str) -> Response | None:
    """A 304 when an anonymous reader already has this page as of `edition`, else None.

    The ETag covers the edition of the public data, the interface language, the URL and whether htmx asked
    for a fragment; signed-in views get neither a validator nor a shared cache (see `_cache_headers`).
    """
    if current_user.is_authenticated:
        return None
    key = "\n".join((edition, interface_locale(), request.full_path, "fragment" if is_htmx() else "page"))
    etag = hashlib.sha256(key.encode()).hexdigest()[:32]
    g.public_etag = etag
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        return response
    return None


class RenderedPages:
    """The latest rendered pages, (body, mimetype) by a key that holds the edition of the data; least recently
    used go first once they hold more than `budget` bytes.

    Each app (so each worker) keeps its own. Any change anyone makes makes new keys: nobody gets a page older
    than the data, and old pages simply age out.
    """

    def __init__(self, budget: int = KEPT_BYTES):
        self.budget = budget
        self._pages: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page) -> None:
        with self._lock:
            if (old := self._pages.pop(key, None)) is not None:
                self._bytes -= len(old[0])
            self._pages[key] = page
            self._bytes += len(page[0])
            while self._bytes > self.budget:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped[0])

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0


def current_edition() -> str | None:
    """The edition of the data (factcheck.editions), read once per request, before the data."""
    if "edition" not in g:
        g.edition = read_edition()
    return g.edition


def _keepable(response: Response) -> bytes | None:
    """The body of a page that may be kept: a whole 200 of bounded size that changed no session."""
    if response.status_code != 200 or response.is_streamed or session.modified:
        return None
    body = response.get_data()
    return body if len(body) <= MAX_PAGE_BYTES else None


def public_page(view):
    """A public view answered with a 304 when the reader has it, or from the rendered pages when an
    anonymous reader asks for a page already rendered for this edition of the data. Signed in, the page is
    rendered for that user each time, without a validator (it may show what the public does not see)."""

    @wraps(view)
    def answer(*args, **kwargs):
        if current_user.is_authenticated:
            return view(*args, **kwargs)
        edition = current_edition()
        if edition is None:
            return view(*args, **kwargs)
        if cached := not_modified_since(edition):
            return cached
        if not _anonymous() or not current_app.config.get("PAGE_CACHE", True):
            return view(*args, **kwargs)
        return _kept_or_rendered((edition, interface_locale(), request.url, is_htmx()), view, args, kwargs)
    return answer


def _kept_or_rendered(key, view, args, kwargs) -> Response:
    """The page kept under `key`, else the view's, kept when it may be."""
    pages = current_app.extensions["rendered_pages"]
    if (page := pages.get(key)) is not None:
        body, mimetype = page
        return Response(body, mimetype=mimetype)
    response = make_response(view(*args, **kwargs))
    if (body := _keepable(response)) is not None:
        pages.put(key, (body, response.mimetype))
    return response


def _cache_headers(response: Response) -> Response:
    if request.endpoint == "static":
        return response  # the same for everybody: no need to know who asks (nor to ask the database)
    if current_user.is_authenticated or session.modified:
        # A signed-in page may hold drafts, notes or addresses, and a response that sets a session
        # cookie is one visitor's: keep both out of every shared cache.
        response.headers["Cache-Control"] = "private, no-store"
        if not request.path.startswith("/api/"):  # an API claim's ETag is its version, for If-Match
            response.headers.pop("ETag", None)
    elif getattr(g, "public_etag", None) and response.status_code in (200, 304):
        response.set_etag(g.public_etag, weak=True)
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.vary.update(("Cookie", "HX-Request", "Accept-Language"))
    return response


def register(app: Flask) -> None:
    app.extensions["rendered_pages"] = RenderedPages()
    app.after_request(_cache_headers)
