"""Desk pages of the source library: the list, merging duplicates, snapshots, archive links, publisher notes."""

from flask_babel import gettext as _
from flask import flash, redirect, request, url_for

from factcheck.errors import DomainError
from factcheck.job_queue import enqueue
from factcheck.security import access
from factcheck.services.library.captures import queue_recapture
from factcheck.services.library import snapshots
from factcheck.services.library.sources import (
    SourceFilters,
    find_source_for_merge,
    get_live_source,
    list_sources,
    merge_sources,
    publishers,
    set_publisher_note,
)
from factcheck.services.claims.evidence import SOURCE_KINDS, get_source
from factcheck.web.context import acting_user, htmx_or_redirect, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.desk.jobs import to_job
from factcheck.web.desk.sources import render_source
from factcheck.web.forms.claims import SOURCE_KIND_LABELS, STANCE_LABELS

LIBRARY = "desk/sources/index.html"
RESULTS = "desk/sources/_results.html"
SNAPSHOT = "desk/sources/_snapshot.html"
PUBLISHER_NOTE = "desk/sources/_publisher_note.html"


def filters_from(args) -> SourceFilters:
    kind = args.get("kind", "").strip()
    return SourceFilters(
        q=args.get("q", "").strip()[:200], publisher=args.get("publisher", "").strip()[:200],
        kind=kind if kind in SOURCE_KINDS else "", domain=args.get("domain", "").strip()[:200],
        broken=args.get("broken") in ("1", "on", "true"),
    )


def filter_arguments(filters: SourceFilters) -> dict:
    """The query-string form of the filters, for links that keep them (pagination)."""
    arguments = {"q": filters.q, "publisher": filters.publisher, "kind": filters.kind, "domain": filters.domain,
                 "broken": "1" if filters.broken else ""}
    return {key: value for key, value in arguments.items() if value}


@bp.route("/sources")
@access("staff")
def sources():
    filters = filters_from(request.args)
    page = request.args.get("page", "1")
    library = list_sources(filters, page=int(page) if page.isdigit() else 1)
    return page_or_fragment(LIBRARY, RESULTS, library=library, filters=filters,
                            filter_arguments=filter_arguments(filters), publishers=publishers(),
                            kinds=SOURCE_KIND_LABELS, stance_labels=STANCE_LABELS)


@bp.route("/sources/<int:source_id>/merge", methods=["POST"])
@access("editor")
def merge_source(source_id: int):
    merged = get_source(source_id)
    try:
        survivor = merge_sources(acting_user(), merged, find_source_for_merge(request.form.get("into", "")))
    except DomainError as error:
        return render_source(merged, merge_error=error, merge_into=request.form.get("into", ""), status=error.status)
    flash(_("Merged source %(id)s into this one; its evidence now cites this source.", id=merged.id), "success")
    return redirect(url_for("desk.source", source_id=survivor.id), code=303)


@bp.route("/sources/<int:source_id>/snapshot", methods=["POST"])
@access("staff")
def snapshot_source(source_id: int):
    """Take a snapshot in a job (the page is fetched by a worker, never inside this request)."""
    source = get_live_source(source_id)
    return to_job(enqueue(acting_user(), "snapshot_source", source_id=source.id))


@bp.route("/sources/<int:source_id>/capture", methods=["POST"])
@access("staff")
def capture_source(source_id: int):
    """Capture the source again in a job: a new WARC record, and what changed since each claim cited it."""
    return to_job(queue_recapture(acting_user(), get_live_source(source_id)))


@bp.route("/sources/<int:source_id>/archive", methods=["POST"])
@access("staff")
def save_archive_url(source_id: int):
    source = get_live_source(source_id)
    try:
        snapshots.set_archive_url(acting_user(), source, request.form.get("archive_url", ""))
    except DomainError as error:
        return render_source(source, archive_error=error, archive_url=request.form.get("archive_url", ""),
                             status=error.status, fragment=SNAPSHOT)
    return htmx_or_redirect(lambda: render_source(source, snapshot_notice=_("Archive link saved."), fragment=SNAPSHOT),
                            _("Archive link saved."), url_for("desk.source", source_id=source.id))


@bp.route("/sources/<int:source_id>/publisher-note", methods=["POST"])
@access("editor")
def save_publisher_note(source_id: int):
    source = get_live_source(source_id)
    try:
        set_publisher_note(acting_user(), source.publisher, request.form.get("note", ""))
    except DomainError as error:
        return render_source(source, note_error=error, note_text=request.form.get("note", ""),
                             status=error.status, fragment=PUBLISHER_NOTE)
    return htmx_or_redirect(lambda: render_source(source, note_notice=_("Note saved."), fragment=PUBLISHER_NOTE),
                            _("Publisher note saved."), url_for("desk.source", source_id=source.id))
