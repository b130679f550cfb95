"""Captures of cited sources: a WARC record in a content-addressed store, its text, and quotes checked in it.

When evidence cites a URL, the desk and the API queue a `capture_evidence` job: it fetches the source
through the safe fetcher, writes the response as a gzipped WARC file named by its own SHA-256 under
CAPTURE_FOLDER (instance/captures by default), keeps the readable text (trafilatura for HTML, pypdf for
PDF) in a Capture row, and checks each quote citing the source that has no capture yet in that text
(factcheck.services.text.quote_check). The check is the system's observation, not an edit: it is written even
on a published (locked) claim, and it does not change the claim's version. Re-capturing (on the source's
desk page, or after the scheduled link check for the sources whose page changed) adds a newer capture; the
desk shows what changed in the text since the capture a claim's quote was checked in.
"""

from factcheck.i18n import N_, keep
from factcheck.i18n import lazy_gettext as _l
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from factcheck.errors import NotFound
from factcheck.extensions import db
from factcheck.models import Capture, Claim, ClaimStatus, Evidence, Source, User
from factcheck.services.core.audit import record
from factcheck.services.library.fetching import USER_AGENT, Fetched, FetchError, fetch
from factcheck.services.library.sources import Newest, newest_of
from factcheck.services.core.jobs import JobContext, job_kind
from factcheck.services.text.quote_check import QuoteCheck, check_quote
from factcheck.services.articles.revisions import Hunk, diff_words, hunks
from factcheck.services.core.transaction import transactional

MAX_CAPTURE_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
MAX_PDF_PAGES = 500
HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPE = "application/pdf"
# Hop-by-hop and transfer headers describe bytes the fetcher already decoded: the record keeps the body as read.
DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


# -- the store -----------------------------------------------------------------------------

def capture_folder() -> Path:
    return Path(current_app.config.get("CAPTURE_FOLDER") or Path(current_app.instance_path) / "captures")


def warc_path(capture: Capture) -> Path:
    """Where the capture's WARC file is: named by its SHA-256, in a folder per first two hex digits."""
    return capture_folder() / capture.warc_sha256[:2] / f"{capture.warc_sha256}.warc.gz"


def warc_record(fetched: Fetched) -> bytes:
    """A gzipped WARC file: a warcinfo record, then the response (status line, headers, body) as fetched."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("capture.warc.gz", {
        "software": USER_AGENT, "format": "WARC File Format 1.1", "isPartOf": "factcheck captures"}))
    headers = [(name, value) for name, value in fetched.headers if name.lower() not in DROPPED_HEADERS]
    headers.append(("Content-Length", str(len(fetched.body))))
    status_line = f"{fetched.status} {fetched.reason}".strip()
    response = writer.create_warc_record(
        fetched.url, "response", payload=io.BytesIO(fetched.body),
        http_headers=StatusAndHeaders(status_line, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": datetime_to_iso_date(fetched.fetched_at)})
    writer.write_record(response)
    return buffer.getvalue()


def store_warc(data: bytes) -> str:
    """Keep the WARC file under its SHA-256 (written once: the same bytes are the same file)."""
    sha256 = hashlib.sha256(data).hexdigest()
    folder = capture_folder() / sha256[:2]
    path = folder / f"{sha256}.warc.gz"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)  # readers never see half a file
    return sha256


def read_warc(capture: Capture) -> bytes:
    try:
        return warc_path(capture).read_bytes()
    except FileNotFoundError as error:
        raise NotFound(_l('The WARC file of this capture is missing from the capture store.')) from error


# -- the text ------------------------------------------------------------------------------

def read_text(fetched: Fetched) -> tuple[str | None, str | None]:
    """The readable text of a response, or None and why there is none."""
    if fetched.content_type in HTML_TYPES:
        from factcheck.services.library.snapshots import snapshot_text
        text = snapshot_text(fetched)
        return (text, None) if text else (None, keep(N_("No article text was found on this page.")))
    if fetched.content_type == PDF_TYPE:
        return pdf_text(fetched.body)
    if fetched.content_type == "text/plain":
        return fetched.body.decode(fetched.charset or "utf-8", errors="replace"), None
    if fetched.content_type:
        return None, keep(N_("No text is read from %(type)s."), type=fetched.content_type[:200])
    return None, keep(N_("No text is read from this kind of document."))


def pdf_text(body: bytes) -> tuple[str | None, str | None]:
    """The text of a PDF's pages (pypdf), pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            return None, "The PDF is encrypted, so its text cannot be read."
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        return None, keep(N_("The PDF could not be read (%(error)s)."), error=type(error).__name__)
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        return None, keep(N_("The PDF has no text layer (a scan?): only its bytes are kept."))
    note = keep(N_("Text of the first %(num)s pages only."), num=MAX_PDF_PAGES) if len(reader.pages) > MAX_PDF_PAGES else None
    return text, note


# -- capturing -----------------------------------------------------------------------------

def fetch_for_capture(source: Source) -> Fetched:
    """Fetch the source's URL: a success (2xx), else FetchError (a server error may pass: retried)."""
    fetched = fetch(source.url, max_bytes=MAX_CAPTURE_BYTES, timeout=TIMEOUT_SECONDS)
    if not fetched.ok:
        raise FetchError("http_error", _l("%(url)s answered %(status)s; nothing was captured.", url=fetched.url,
                                            status=fetched.status),
                         http_status=fetched.status)
    return fetched


def capture_source(actor: User | None, source: Source) -> Capture:
    """Fetch the source now, store its WARC record and text, and check the quotes not yet checked."""
    return store_capture(actor, source, fetch_for_capture(source))


def store_capture(actor: User | None, source: Source, fetched: Fetched) -> Capture:
    """Keep what a fetch of the source answered: its WARC record, its text, and the quotes checked in it."""
    text, note = read_text(fetched)
    warc = warc_record(fetched)
    return _record_capture(actor, source, fetched, store_warc(warc), len(warc), text, note)


@transactional
def _record_capture(actor: User | None, source: Source, fetched: Fetched, warc_sha256: str, warc_size: int,
                    text: str | None, note: str | None) -> Capture:
    capture = Capture(source_id=source.id, captured_at=fetched.fetched_at, url=fetched.url[:2048],
                      status=fetched.status, content_type=fetched.content_type[:200], size=len(fetched.body),
                      sha256=fetched.sha256, warc_sha256=warc_sha256, warc_size=warc_size, text=text,
                      text_note=note[:500] if note else None, created_by_id=actor.id if actor else None)
    db.session.add(capture)
    db.session.flush()
    checked = [_check_evidence(row, capture) for row in unchecked_evidence(source)]
    record(actor, "capture.create", capture, after={
        "source_id": source.id, "url": capture.url, "sha256": capture.sha256, "warc_sha256": warc_sha256,
        "content_type": capture.content_type, "quotes_checked": {row.id: row.quote_found for row in checked}})
    return capture


def unchecked_evidence(source: Source) -> list[Evidence]:
    """The live evidence rows citing the source whose quote has not been checked in any capture."""
    return list(db.session.scalars(select(Evidence).where(
        Evidence.source_id == source.id, Evidence.removed_at.is_(None), Evidence.capture_id.is_(None))))


def _check_evidence(evidence: Evidence, capture: Capture) -> Evidence:
    evidence.capture_id = capture.id
    evidence.capture = capture
    apply_check(evidence, check_quote(capture.text or "", evidence.quote) if evidence.quote else None)
    return evidence


def apply_check(evidence: Evidence, check: QuoteCheck | None) -> None:
    """Keep what the check found on the row (None: there is no quote to check)."""
    evidence.quote_found = None if check is None else check.found
    evidence.quote_start = check.anchor.start if check and check.anchor else None
    evidence.quote_end = check.anchor.end if check and check.anchor else None
    evidence.quote_closest = check.closest if check else None


def recheck_quote(evidence: Evidence) -> None:
    """Check an edited quote again in the capture it was checked in (in the caller's transaction)."""
    if evidence.capture_id is None:
        return
    text = db.session.scalar(select(Capture.text).where(Capture.id == evidence.capture_id))
    apply_check(evidence, check_quote(text or "", evidence.quote) if evidence.quote else None)


def evidence_is_unverified(evidence: Evidence) -> bool:
    """A quote that a capture of its source does not hold. A quote no capture has checked yet (the page could
    not be fetched, or the job has not run) is shown as unchecked but does not hold up publishing: DESIGN.md's
    transition contract has no confirmation, so only a definite "not found" asks for one."""
    if not evidence.quote or evidence.removed_at is not None or evidence.capture_id is None:
        return False
    return evidence.quote_found is not True


def captures_on_attach() -> bool:
    return bool(current_app.config.get("CAPTURE_ON_ATTACH"))


def queue_capture(actor: User, evidence: Evidence):
    """Queue the capture of what the evidence cites, when this desk captures on attach, in the transaction that
    adds the evidence (handed to the queue when it commits); the Job, or None."""
    if not captures_on_attach():
        return None
    from factcheck.job_queue import enqueue_with_write
    db.session.flush()  # the evidence's id
    return enqueue_with_write(actor, "capture_evidence", evidence_id=evidence.id)


def queue_recapture(actor: User | None, source: Source):
    from factcheck.job_queue import enqueue
    return enqueue(actor, "capture_source", source_id=source.id)


# -- reading captures ----------------------------------------------------------------------

def get_capture(capture_id: int, viewer: User | None) -> Capture:
    """A capture; the public sees only captures of sources that a published claim cites."""
    capture = db.session.get(Capture, capture_id)
    if capture is None or (viewer is None and not publicly_cited(capture.source_id)):
        raise NotFound(_l('There is no capture %(capture_id)s.', capture_id=capture_id))
    return capture


def publicly_cited(source_id: int) -> bool:
    return db.session.scalar(select(Evidence.id).join(Claim, Claim.id == Evidence.claim_id).where(
        Evidence.source_id == source_id, Evidence.removed_at.is_(None),
        Claim.status == ClaimStatus.PUBLISHED).limit(1)) is not None


def quotes_in(capture: Capture, viewer: User | None) -> list[Evidence]:
    """The evidence rows whose quote was found in this capture (the public: of published claims only)."""
    query = (select(Evidence).join(Claim, Claim.id == Evidence.claim_id)
             .where(Evidence.capture_id == capture.id, Evidence.removed_at.is_(None),
                    Evidence.quote_found.is_(True)).order_by(Evidence.quote_start))
    if viewer is None:
        query = query.where(Claim.status == ClaimStatus.PUBLISHED)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Passage:
    text: str
    quote_of: int | None = None  # the evidence row whose quote this passage is


def highlighted(text: str, spans: list[tuple[int, int, int]]) -> list[Passage]:
    """The text cut into plain passages and quoted ones, from (start, end, evidence id) spans; where two
    quotes overlap, the later one starts where the earlier ends."""
    passages, at = [], 0
    for start, end, evidence_id in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        if start > at:
            passages.append(Passage(text[at:start]))
        passages.append(Passage(text[start:end], evidence_id))
        at = end
    if at < len(text):
        passages.append(Passage(text[at:]))
    return passages


@dataclass(frozen=True)
class CaptureView:
    """What the capture page shows: the capture, its source, the quotes found in it and its text cut at them."""

    capture: Capture
    source: Source
    quoted: list[Evidence]
    passages: list[Passage]


def capture_view(capture_id: int, viewer: User | None) -> CaptureView:
    capture = get_capture(capture_id, viewer)
    quoted = quotes_in(capture, viewer)
    return CaptureView(capture, db.session.get(Source, capture.source_id), quoted,
                       highlighted(capture.text or "", [(row.quote_start, row.quote_end, row.id) for row in quoted]))


CAPTURES_SHOWN = 10


def captures_of(source: Source, limit: int = CAPTURES_SHOWN) -> Newest:
    """The source's `limit` newest captures (without their text) and their number."""
    return newest_of(select(Capture).where(Capture.source_id == source.id)
                     .order_by(Capture.captured_at.desc(), Capture.id.desc()), limit)


def latest_captures(source_ids) -> dict[int, Capture]:
    """The newest capture of each source, in one query (for the public claim page)."""
    ids = set(source_ids)
    if not ids:
        return {}
    newest = {}
    for capture in db.session.scalars(select(Capture).where(Capture.source_id.in_(ids))
                                      .order_by(Capture.captured_at, Capture.id)):
        newest[capture.source_id] = capture
    return newest


def changes_since_cited(evidence: list[Evidence], newest: Capture | None) -> dict[int, list[Hunk] | None]:
    """Per evidence row, the text changes between the capture its quote was checked in and the newest capture
    (None: no newer capture). One statement for the texts, one diff per older capture, however many rows."""
    older = {row.capture_id for row in evidence if row.capture_id is not None} - {newest.id if newest else None}
    if newest is None or not older:
        return {row.id: None for row in evidence}
    texts = dict(db.session.execute(select(Capture.id, Capture.text)
                                    .where(Capture.id.in_([*older, newest.id]))).all())
    diffs = {capture_id: hunks(diff_words(texts.get(capture_id) or "", texts.get(newest.id) or ""))
             for capture_id in older}
    return {row.id: diffs.get(row.capture_id) for row in evidence}


def sources_to_recapture() -> list[int]:
    """The cited sources whose page the link check found changed since their newest capture, or never captured."""
    newest = {}
    for source_id, sha256 in db.session.execute(select(Capture.source_id, Capture.sha256)
                                                .order_by(Capture.captured_at, Capture.id)):
        newest[source_id] = sha256
    cited = select(Evidence.source_id).where(Evidence.removed_at.is_(None))
    rows = db.session.execute(select(Source.id, Source.link_sha256).where(
        Source.merged_into_id.is_(None), Source.id.in_(cited), Source.link_status.in_(("ok", "redirected"))))
    return [row.id for row in rows if row.id not in newest or (row.link_sha256 and row.link_sha256 != newest[row.id])]


# -- the jobs ------------------------------------------------------------------------------

@job_kind("capture_evidence", N_("Capture of a cited source"), N_("The source could not be captured"))
def capture_evidence_job(context: JobContext, evidence_id: int) -> dict:
    from factcheck.services.library.save_page_now import archive_outside
    from factcheck.services.library.sources import get_live_source

    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.removed_at is not None:
        raise NotFound(_l('The evidence %(evidence_id)s was removed before its source could be captured.', evidence_id=evidence_id))
    source = get_live_source(evidence.source_id)
    context.report(10, N_("Fetching %(url)s"), url=source.url)
    capture = capture_source(context.actor, source)
    result = {"source_id": source.id, "capture_id": capture.id, "evidence_id": evidence_id}
    db.session.refresh(evidence)
    result["quote_found"] = evidence.quote_found
    context.report(80, N_("Asking the Internet Archive for a copy"))
    archived = archive_outside(source)
    if archived:
        result["archive_url"] = archived
    return result


@job_kind("capture_source", N_("Capture of a source"), N_("The source could not be captured"))
def capture_source_job(context: JobContext, source_id: int) -> dict:
    from factcheck.services.library.sources import get_live_source

    source = get_live_source(source_id)
    context.report(10, N_("Fetching %(url)s"), url=source.url)
    capture = capture_source(context.actor, source)
    return {"source_id": source.id, "capture_id": capture.id}


def recapture_changed(context: JobContext, start: int = 95) -> int:
    """After a link check: capture again each cited source that changed (or was never captured)."""
    source_ids = sources_to_recapture()
    for done, source_id in enumerate(source_ids):
        context.report(start + (99 - start) * done // max(len(source_ids), 1),
                       N_("Capturing changed source %(number)s of %(count)s"), number=done + 1, count=len(source_ids))
        try:
            capture_source(None, db.session.get(Source, source_id))
        except FetchError:  # the link check has already recorded what is wrong with this link
            db.session.rollback()
    return len(source_ids)

