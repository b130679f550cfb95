"""Desk pages: a source from the shared library and every claim that cites it."""

from flask import render_template

from factcheck.security import access
from factcheck.services.sources import citing_evidence, get_source
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.forms.claims import SOURCE_KIND_LABELS, STANCE_LABELS


@bp.route("/sources/<int:source_id>")
@access("staff")
def source(source_id: int):
    found = get_source(source_id)
    return render_template("desk/sources/show.html", source=found, citations=citing_evidence(found, acting_user()),
                           kind_labels=SOURCE_KIND_LABELS, stance_labels=STANCE_LABELS)
