"""A block of the claim workspace edited in place, declared once (its block, form, labels, values and service) and
served by one set of handlers: show it, open its form, save it, and for a row remove and restore it. A refused
save is answered one way for every block: field errors, the three-way conflict, or the lock's message."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import request, url_for
from flask_babel import gettext as _

from factcheck.errors import Conflict, PublishedClaimLocked, ValidationError
from factcheck.models import Claim
from factcheck.security import access
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.workspace import AFTER_SAVE, add_errors, load_claim, refuse_locked, respond, saved
from factcheck.web.forms.claims import renamed

EDIT_CONFLICTS = ("edit_conflict", "stale_version")  # someone saved first: theirs beside yours


@dataclass(frozen=True)
class Rows:
    """The rows of a list block (evidence, links), each an editable block of its own."""

    key: str  # the row id's name in URLs: evidence_id
    context: str  # the row's name in the partials: row
    block: str  # the list block: evidence
    find: Callable[[Claim, int], Any]  # the live row of the claim, else NotFound
    remove: Callable[..., None]  # (user, claim, row id)
    restore: Callable[..., None]  # (user, claim, row id)
    removed: str
    restored: str


@dataclass(frozen=True)
class Editable:
    """An editable block: `name` is its block, f"{name}_form" its form's; `labels` the fields checked three ways."""

    name: str
    title: str  # the conflict's heading
    form: type
    labels: dict[str, str]  # field → label, as the conflict view compares them
    values: Callable[[Claim, Any], dict]  # (claim, row) → the fields as saved: the form's originals, "theirs"
    save: Callable[..., None]  # (user, claim, row, form): the service call
    saved: str
    element: str  # the block's HTML id, "{key}" for the row's id
    path: str  # the URL after /claims/<id>: the block's form posts there, /edit opens it
    endpoints: dict[str, str]  # show, edit, save (and remove, restore for rows) → endpoint names kept from before
    show_path: str | None = None  # where the block is read, when not `path`
    initial: Callable[[Claim, Any], dict] | None = None  # the form's first values, when not `values`
    prepare: Callable[[Any, Claim], None] | None = None  # choices and attributes the form needs
    locked_block: str | None = None  # shown with the lock's message; by default the form
    locked_on_edit: str | None = None  # why a published claim's block does not even open its form
    rows: Rows | None = None

    def url(self, action: str, claim_id: int, key=None) -> str:
        return url_for(f"desk.{self.endpoints[action]}", claim_id=claim_id, **({self.rows.key: key} if self.rows else {}))

    def row(self, claim: Claim, key):
        return self.rows.find(claim, key) if self.rows else None

    def row_context(self, row) -> dict:
        return {self.rows.context: row} if self.rows else {}


def form_for(editable: Editable, claim: Claim, row, key=None, formdata=None):
    """The block's form: from the saved values (and the originals to check against), or as posted."""
    if formdata is None:
        values = editable.values(claim, row)
        initial = editable.initial(claim, row) if editable.initial else values
        form = editable.form(formdata=None, **initial, version=claim.version,
                             **{f"original_{name}": value for name, value in values.items()})
    else:
        form = editable.form(formdata=formdata)
    if editable.prepare:
        editable.prepare(form, claim)
    if editable.rows:  # several rows may be open at once: ids unique on the page
        renamed(form, [form[name] for name in editable.labels], editable.element.format(key=key))
    return form


def editing(editable: Editable, claim: Claim, row, key, form, status: int = 200, shown: str | None = None,
            **context):
    """The block with its form open (or another view of it, `shown`), in place of the block on the page."""
    shown = shown or f"{editable.name}_form"
    return respond(claim, shown, status, form=form, modes={editable.name: (key, shown)},
                   **editable.row_context(row), **context)


def show(editable: Editable, claim_id: int, key=None):
    claim = load_claim(claim_id)
    return respond(claim, editable.name, **editable.row_context(editable.row(claim, key)))


def edit(editable: Editable, claim_id: int, key=None):
    claim = load_claim(claim_id)
    if claim.is_published and editable.locked_on_edit:
        return respond(claim, editable.name, 409, message=editable.locked_on_edit)
    row = editable.row(claim, key)  # 404 for a row not on this claim
    return editing(editable, claim, row, key, form_for(editable, claim, row, key))


def save(editable: Editable, claim_id: int, key=None):
    claim = load_claim(claim_id)
    row = editable.row(claim, key)
    form = form_for(editable, claim, row, key, request.form)
    if not form.validate():
        return editing(editable, claim, row, key, form, 422)
    try:
        editable.save(acting_user(), claim, row, form)
    except (ValidationError, Conflict) as error:
        return refused(editable, claim_id, key, form, error)
    fresh_row = {editable.rows.context: lambda claim: editable.rows.find(claim, key)} if editable.rows else {}
    return saved(claim_id, editable.name, editable.element.format(key=key), editable.saved, **fresh_row)


def refused(editable: Editable, claim_id: int, key, form, error: ValidationError | Conflict):
    """A save the service refused: the block locked with the lock's message, the conflict view, or the form with
    the fields the error names marked."""
    claim = load_claim(claim_id)
    if isinstance(error, PublishedClaimLocked) and editable.locked_block:
        return refuse_locked(claim_id, editable.locked_block, error)
    row = editable.row(claim, key)
    if isinstance(error, PublishedClaimLocked):
        return editing(editable, claim, row, key, form, 409, oob=AFTER_SAVE, message=error.message)
    if error.code in EDIT_CONFLICTS:
        return conflict(editable, claim, row, key, form, error)
    add_errors(form, error)
    return editing(editable, claim, row, key, form, error.status)


def conflict(editable: Editable, claim: Claim, row, key, form, error: Conflict):
    """409: their saved values beside yours, what both changed marked; your values stay in the form, now based
    on theirs, so that saving again overwrites deliberately. Nothing typed is lost."""
    theirs = editable.values(claim, row)
    if "version" in form:
        form.version.data = claim.version
    for name, value in theirs.items():
        form[f"original_{name}"].data = value
    both = error.fields or {}
    view = {"block_id": editable.element.format(key=key), "tag": "li" if editable.rows else "section",
            "title": editable.title, "message": error.message, "form": f"{editable.name}_form",
            "sides": [(label, name in both, shown(form[name], theirs[name]), shown(form[name], form[name].data))
                      for name, label in editable.labels.items()],
            "action": editable.url("save", claim.id, key), "keep_mine": hidden_values(form),
            "theirs_url": editable.url("show", claim.id, key)}
    return editing(editable, claim, row, key, form, 409, shown="conflict", oob=AFTER_SAVE, conflict=view)


def shown(field, value) -> str:
    """A field's value as a person reads it: a choice's label, a day, "—" for nothing."""
    value = value.isoformat() if isinstance(value, date) else "" if value is None else str(value)
    labels = {str(option): label for option, label, *_more in field.iter_choices()} if hasattr(field, "iter_choices") else {}
    return labels.get(value, value) or "—"


def hidden_values(form) -> list[tuple[str, str]]:
    """(name, value) of every field of a form but its token and button: what re-sends it unchanged."""
    pairs = []
    for field in form:
        if field.type in ("CSRFTokenField", "SubmitField"):
            continue
        value = field.data
        pairs.append((field.name, value.isoformat() if isinstance(value, date) else "" if value is None else str(value)))
    return pairs


def remove(editable: Editable, claim_id: int, key):
    undo = {"action": editable.url("restore", claim_id, key), "target": f"#{editable.rows.block}-block", "label": _("Undo")}
    return row_change(editable, claim_id, key, editable.rows.remove, editable.rows.removed, undo=undo)


def restore(editable: Editable, claim_id: int, key):
    """Undo a removal (from the notice after removing, or from the history panel)."""
    return row_change(editable, claim_id, key, editable.rows.restore, editable.rows.restored)


def row_change(editable: Editable, claim_id: int, key, change, message: str, **context):
    """A row removed or restored: the list block saying so, or locked with the lock's message."""
    block = editable.rows.block
    try:
        change(acting_user(), load_claim(claim_id), key)
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, block, error)
    return saved(claim_id, block, f"{block}-block", message, **context)


def register(editable: Editable) -> Editable:
    """Route the block's URLs, each under the endpoint name it had, for staff."""
    base = "/claims/<int:claim_id>"
    routes = [("show", editable.show_path or editable.path, show, "GET"),
              ("edit", editable.path + "/edit", edit, "GET"), ("save", editable.path, save, "POST")]
    if editable.rows:
        routes += [("remove", editable.path + "/remove", remove, "POST"),
                   ("restore", editable.path + "/restore", restore, "POST")]
    for action, path, handler, method in routes:
        def view(claim_id: int, handler=handler, **key):
            return handler(editable, claim_id, *key.values())
        view.__name__ = view.__qualname__ = editable.endpoints[action]
        view.__doc__ = handler.__doc__
        bp.add_url_rule(base + path, editable.endpoints[action], access("staff")(view), methods=[method])
    return editable
