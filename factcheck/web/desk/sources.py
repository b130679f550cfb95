"""Desk pages: a source from the shared library, its snapshots and link status, and every claim that cites it."""

from flask import redirect, render_template, url_for
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Source
from factcheck.security import access
from factcheck.services.library.captures import captures_of, changes_since_cited
from factcheck.services.library.snapshots import no_text_reason
from factcheck.services.library.sources import changed_since_cited, publisher_note, snapshots_of
from factcheck.services.claims.evidence import citing_evidence, get_source
from factcheck.web.context import acting_user, is_htmx
from factcheck.web.desk import bp
from factcheck.web.forms.claims import SOURCE_KIND_LABELS, STANCE_LABELS

PAGE = "desk/sources/show.html"


@bp.route("/sources/<int:source_id>")
@access("staff")
def source(source_id: int):
    found = get_source(source_id)
    if found.merged_into_id is not None:  # old links to a merged duplicate lead to the survivor
        return redirect(url_for("desk.source", source_id=found.merged_into_id))
    return render_source(found)


def merged_here(source: Source) -> list[Source]:
    return list(db.session.scalars(select(Source).where(Source.merged_into_id == source.id).order_by(Source.id)))


def render_source(source: Source, *, status: int = 200, fragment: str | None = None, **extra):
    """The source page, or (to htmx) only `fragment` of it, with everything both need."""
    snapshots = snapshots_of(source)
    citations = citing_evidence(source, acting_user())
    source_captures = captures_of(source)
    newest = source_captures[0] if source_captures else None
    context = dict(
        source=source, citations=citations, snapshots=snapshots, latest=snapshots[0] if snapshots else None,
        changed={row.id: changed_since_cited(row, snapshots) for row in citations},
        captures=source_captures, text_changes={row.id: changes_since_cited(row, newest) for row in citations},
        note=publisher_note(source.publisher), merged_sources=merged_here(source),
        no_text_reason=no_text_reason, kind_labels=SOURCE_KIND_LABELS, stance_labels=STANCE_LABELS, **extra,
    )
    template = fragment if fragment and is_htmx() else PAGE
    return render_template(template, **context), status
