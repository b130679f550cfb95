"""Snapshots of sources on demand, archive links, and checking that every source URL still works."""

from factcheck.i18n import lazy_gettext as _l
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from factcheck.errors import Forbidden, ValidationError
from factcheck.extensions import db
from factcheck.models import Source, SourceSnapshot, User
from factcheck.models.types import utcnow
from factcheck.services.core.audit import record
from factcheck.services.library.fetching import Fetched, FetchError, fetch
from factcheck.services.text.fields import clean_text
from factcheck.services.articles.importing import extract_article
from factcheck.services.core.transaction import transactional
from factcheck.services.text.urls import InvalidUrl, normalise_url

MAX_SNAPSHOT_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 5
RECORDED_PER_QUERY = 500
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPE = "application/pdf"
# No well-kept PDF text library is installed, so a PDF keeps its type, size and hash but no text.
NO_TEXT_REASONS = {PDF_TYPE: _l("PDF text is not extracted (no PDF text library is installed); "
                                "its type, size and SHA-256 are kept."),
                   **{html: _l("No article text was found on this page; its size and SHA-256 are kept.")
                      for html in HTML_TYPES}}


# -- snapshot on demand ---------------------------------------------------------------------

def snapshot_text(fetched: Fetched) -> str | None:
    """The readable text of what was fetched, or None for a kind of document without an extractor."""
    if fetched.content_type in HTML_TYPES:
        try:
            return extract_article(fetched.body, fetched.url, fetched.charset).text
        except ValidationError:  # no article on the page: its bytes and hash are still worth keeping
            return None
    if fetched.content_type in TEXT_TYPES:
        return fetched.body.decode(fetched.charset or "utf-8", errors="replace")
    return None


def no_text_reason(snapshot: SourceSnapshot) -> str:
    """Why a snapshot has no text, for the desk (said in the reader's language when shown)."""
    if snapshot.content_type in NO_TEXT_REASONS:
        return NO_TEXT_REASONS[snapshot.content_type]
    if snapshot.content_type:
        return _l("No text is extracted from %(type)s; its size and SHA-256 are kept.", type=snapshot.content_type)
    return _l("No text is extracted from this kind of document; its size and SHA-256 are kept.")


def snapshot_source(actor: User, source: Source, *, max_bytes: int = MAX_SNAPSHOT_BYTES,
                    timeout: float = TIMEOUT_SECONDS, max_redirects: int = MAX_REDIRECTS) -> SourceSnapshot:
    """Fetch the source now and keep what it says; a fetch that fails stores nothing (FetchError)."""
    return store_snapshot(actor, source, fetch_source(source, max_bytes=max_bytes, timeout=timeout,
                                                      max_redirects=max_redirects))


def fetch_source(source: Source, *, max_bytes: int = MAX_SNAPSHOT_BYTES, timeout: float = TIMEOUT_SECONDS,
                 max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """Fetch the source's URL for a snapshot: a success (2xx), else FetchError."""
    fetched = fetch(source.url, max_bytes=max_bytes, timeout=timeout, max_redirects=max_redirects)
    if not fetched.ok:
        raise FetchError("http_error", _l("%(url)s answered %(status)s; nothing was stored.", url=fetched.url,
                                            status=fetched.status),
                         http_status=fetched.status)
    return fetched


def store_snapshot(actor: User, source: Source, fetched: Fetched) -> SourceSnapshot:
    """Keep what a fetch of the source found: its text (when it has one), size and hash."""
    return _store_snapshot(actor, source, fetched, snapshot_text(fetched))


@transactional
def _store_snapshot(actor: User, source: Source, fetched: Fetched, text: str | None) -> SourceSnapshot:
    snapshot = SourceSnapshot(
        source_id=source.id, fetched_at=fetched.fetched_at, status=fetched.status,
        content_type=fetched.content_type[:200], size=len(fetched.body), sha256=fetched.sha256, text=text,
        final_url=fetched.url[:2048], fetched_by_id=actor.id,
    )
    db.session.add(snapshot)
    before = {"snapshot_sha256": source.snapshot_sha256, "accessed_at": _iso(source.accessed_at)}
    source.snapshot_text, source.snapshot_sha256, source.accessed_at = text, fetched.sha256, fetched.fetched_at
    record(actor, "source.snapshot", source, before=before,
           after={"snapshot_sha256": fetched.sha256, "accessed_at": _iso(fetched.fetched_at),
                  "content_type": snapshot.content_type, "size": snapshot.size})
    return snapshot


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@transactional
def set_archive_url(actor: User, source: Source, archive_url) -> Source:
    """Record (or, with an empty value, clear) the address of an archived copy of the source."""
    if not actor.has_role("factchecker"):
        raise Forbidden(_l('Only staff can change a source.'))
    before = {"archive_url": source.archive_url}
    source.archive_url = _archive_url(archive_url)
    record(actor, "source.archive", source, before=before, after={"archive_url": source.archive_url})
    return source


def _archive_url(value) -> str | None:
    value = clean_text(value, "archive_url", max_length=2048, label="Archive URL")
    if not value:
        return None
    try:
        return normalise_url(value)
    except InvalidUrl as error:
        raise ValidationError(str(error), {"archive_url": str(error)}) from error


# -- checking every link --------------------------------------------------------------------

@dataclass(frozen=True)
class LinkCheck:
    """What one visit to a source URL found."""

    source_id: int
    url: str
    status: str  # ok, redirected, broken, or a FetchError code
    http_status: int | None = None
    sha256: str | None = None
    final_url: str | None = None
    message: str = ""
    changed: bool = False  # the page's bytes differ from the source's last snapshot

    @property
    def broken(self) -> bool:
        return self.status not in ("ok", "redirected")


def link_status(source_url: str, fetched: Fetched) -> str:
    if not fetched.ok:
        return "broken"
    try:
        moved = normalise_url(fetched.url) != source_url
    except InvalidUrl:
        moved = True
    return "redirected" if fetched.redirects and moved else "ok"


def visit(source_id: int, url: str, snapshot_sha256: str | None, *, timeout: float,
          max_bytes: int = MAX_SNAPSHOT_BYTES) -> LinkCheck:
    """Fetch one source URL and say what state its link is in (never raises for a bad link)."""
    try:
        fetched = fetch(url, max_bytes=max_bytes, timeout=timeout, max_redirects=MAX_REDIRECTS)
    except FetchError as error:
        return LinkCheck(source_id, url, error.code, message=error.message)
    status = link_status(url, fetched)
    changed = bool(fetched.ok and snapshot_sha256 and fetched.sha256 != snapshot_sha256)
    return LinkCheck(source_id, url, status, fetched.status, fetched.sha256 if fetched.ok else None,
                     fetched.url, "" if fetched.ok else f"answered {fetched.status}", changed)


def check_links(*, concurrency: int = 4, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_SNAPSHOT_BYTES,
                on_result: Callable[[LinkCheck], None] | None = None) -> list[LinkCheck]:
    """Visit every live source URL, `concurrency` at a time, and record what each visit found."""
    targets = db.session.execute(select(Source.id, Source.url, Source.snapshot_sha256)
                                 .where(Source.merged_into_id.is_(None)).order_by(Source.id)).all()
    app = current_app._get_current_object()

    def check(target) -> LinkCheck:
        with app.app_context():  # the fetcher reads FETCH_ALLOWED_HOSTS from the app's configuration
            return visit(target.id, target.url, target.snapshot_sha256, timeout=timeout, max_bytes=max_bytes)

    results = []
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for result in pool.map(check, targets):
            results.append(result)
            if on_result:
                on_result(result)
    record_link_checks(results)
    return results


@transactional
def record_link_checks(results: list[LinkCheck]) -> None:
    """Store each visit's outcome on its source (a machine observation, not an audited edit)."""
    checked_at = utcnow()
    for start in range(0, len(results), RECORDED_PER_QUERY):
        _record_batch(results[start:start + RECORDED_PER_QUERY], checked_at)


def _record_batch(results: list[LinkCheck], checked_at) -> None:
    sources = {s.id: s for s in db.session.scalars(select(Source).where(Source.id.in_([r.source_id for r in results])))}
    for result in results:
        source = sources.get(result.source_id)
        if source is None:
            continue
        source.link_status, source.link_http_status = result.status, result.http_status
        source.link_checked_at = checked_at
        if result.sha256:
            source.link_sha256 = result.sha256
