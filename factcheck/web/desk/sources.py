"""Desk pages: a source from the shared library, its snapshots and link status, and the claims that cite it."""

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Source
from factcheck.security import access
from factcheck.services.library.captures import captures_of, changes_since_cited
from factcheck.services.library.snapshots import no_text_reason
from factcheck.services.library.sources import citations_page, publisher_note, snapshots_of
from factcheck.services.claims.evidence import get_source
from factcheck.web.context import is_htmx
from factcheck.web.desk import bp
from factcheck.web.forms.claims import SOURCE_KIND_LABELS, STANCE_LABELS

PAGE = "desk/sources/show.html"
CITATIONS = "desk/sources/_citations.html"


@bp.route("/sources/<int:source_id>")
@access("staff")
def source(source_id: int):
    found = get_source(source_id)
    if found.merged_into_id is not None:  # old links to a merged duplicate lead to the survivor
        return redirect(url_for("desk.source", source_id=found.merged_into_id))
    return render_source(found, fragment=CITATIONS, older=_evidence_id("older"), newer=_evidence_id("newer"))


def _evidence_id(name: str) -> int | None:
    """A page cursor from the query string (?older=<evidence id>, ?newer=<evidence id>); anything else: none."""
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def merged_here(source: Source) -> list[Source]:
    return list(db.session.scalars(select(Source).where(Source.merged_into_id == source.id).order_by(Source.id)))


def render_source(source: Source, *, status: int = 200, fragment: str | None = None,
                  older: int | None = None, newer: int | None = None, **extra):
    """The source page, or (to htmx) only `fragment` of it, with everything both need.

    Everything that grows with the source is read a bounded part at a time: one page of its citations
    (the claims' status and text joined in), its newest snapshots and captures with their numbers.
    """
    snapshots = snapshots_of(source)
    citations = citations_page(source, snapshots.latest, older=older, newer=newer)
    captures = captures_of(source)
    context = dict(
        source=source, citations=citations, snapshots=snapshots, latest=snapshots.latest, captures=captures,
        text_changes=changes_since_cited([row.evidence for row in citations.rows], captures.latest),
        note=publisher_note(source.publisher), merged_sources=merged_here(source),
        no_text_reason=no_text_reason, kind_labels=SOURCE_KIND_LABELS, **extra,
        stance_labels={stance: str(label) for stance, label in STANCE_LABELS.items()},  # translated once, not per row
    )
    template = fragment if fragment and is_htmx() else PAGE
    return render_template(template, **context), status
