"""The workspace's verdict block: read, edit with a live preview, save, resolve a conflict, restore."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from factcheck.errors import Conflict
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import verdicts
from factcheck.services.claims.ratings import rating_scale
from factcheck.services.text.markdown import render_markdown
from factcheck.web.context import acting_user, is_htmx, rating_label
from factcheck.web.desk import bp
from factcheck.web.desk.editable import Editable, editing, form_for, register
from factcheck.web.desk.workspace import BLOCKS, expected_version, load_claim, respond, saved
from factcheck.web.forms.claims import RestoreRevisionForm, VerdictForm, options, started_from


def prepare_verdict_form(form: VerdictForm, claim: Claim) -> None:
    """The rating scale, and the live preview: what is typed, rendered as readers will see it, after a pause."""
    form.rating.choices = options((rating.key, rating_label(rating)) for rating in rating_scale())
    form.explanation.render_kw = {
        **form.explanation.render_kw, "data-hx-post": url_for("desk.preview_verdict", claim_id=claim.id),
        "data-hx-trigger": "input changed delay:300ms", "data-hx-target": "#verdict-preview",
        "data-hx-swap": "outerHTML"}


def first_verdict_values(claim: Claim, _row) -> dict:
    """A claim without a verdict yet starts from "unproven"."""
    return {**verdicts.verdict_values(claim.verdict), **({} if claim.verdict else {"rating": "unproven"})}


VERDICT = register(Editable(
    name="verdict", title=_l("Verdict"), form=VerdictForm, element="verdict-block", path="/verdict",
    endpoints={"show": "verdict", "edit": "edit_verdict", "save": "save_verdict"},
    labels={"rating": _l("Rating"), "summary": _l("Summary"), "explanation": _l("Explanation")},
    values=lambda claim, _row: verdicts.verdict_values(claim.verdict), initial=first_verdict_values,
    prepare=prepare_verdict_form,
    save=lambda user, claim, _row, form: verdicts.set_verdict(
        user, claim, expected_version(form.version.data), expected=started_from(form), rating=form.rating.data,
        summary=form.summary.data, explanation=form.explanation.data or "", note=form.note.data or None),
    saved=_l("Verdict saved."),
))


@bp.route("/claims/<int:claim_id>/verdict/preview", methods=["POST"])
@access("staff")
def preview_verdict(claim_id: int):
    """The typed explanation rendered as readers will see it; without JS, the form with its preview."""
    claim = load_claim(claim_id)
    preview = render_markdown(request.form.get("explanation", ""))
    if is_htmx():  # asked for at every pause in typing: only the preview, none of the workspace
        return render_template(BLOCKS["verdict_preview"].partial, preview=preview)
    return editing(VERDICT, claim, None, None, form_for(VERDICT, claim, None, formdata=request.form), preview=preview)


@bp.route("/claims/<int:claim_id>/verdict/revisions/<int:revision_id>/restore", methods=["POST"])
@access("editor")
def restore_verdict(claim_id: int, revision_id: int):
    """An earlier verdict becomes the verdict again, as a new revision."""
    claim = load_claim(claim_id)
    form = RestoreRevisionForm()
    form.validate()
    try:
        verdicts.restore_revision(acting_user(), claim, revision_id, expected_version(form.version.data))
    except Conflict as error:
        return respond(load_claim(claim_id), "history", 409, oob=("status", "workflow", "verdict"),
                       message=error.message)
    return saved(claim_id, "history", "verdict-block", _("Earlier verdict restored as a new revision."),
                 oob=("status", "workflow", "verdict"))
