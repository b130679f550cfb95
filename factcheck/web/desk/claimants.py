"""Desk: the claimant names a claimant field suggests, as it is typed into."""

from flask import request, url_for

from factcheck.security import access
from factcheck.services.reads import desk
from factcheck.web.context import page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.forms import search_as_you_type

OPTIONS = "desk/claimants/_options.html"


@bp.route("/claimants/names")
@access("staff")
def claimant_names():
    """For htmx the <option>s of a claimant field's datalist, for what it holds (`claimant`); a page otherwise."""
    # The field's own name: "claimant", or with its form's prefix ("quote-claimant").
    typed = next((value for name, value in request.args.items() if name.rpartition("-")[2] == "claimant"), "")
    return page_or_fragment("desk/claimants/names.html", OPTIONS, names=desk.claimant_names(typed), typed=typed)


def suggests_claimants(field, datalist_id: str) -> None:
    """Fill the datalist `datalist_id` of claimant `field` with the names holding what is typed, after a pause."""
    field.render_kw = {**(field.render_kw or {}), "list": datalist_id}
    search_as_you_type(field, url_for("desk.claimant_names"), f"#{datalist_id}", swap="innerHTML")
