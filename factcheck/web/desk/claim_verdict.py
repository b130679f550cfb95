"""The workspace's verdict block: read, edit with a live preview, save, resolve a conflict, restore."""

from flask_babel import gettext as _
from flask import render_template, request, url_for

from factcheck.errors import Conflict, ValidationError
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import verdicts
from factcheck.services.text.markdown import render_markdown
from factcheck.services.claims.ratings import rating_scale
from factcheck.web.context import acting_user, is_htmx, rating_label
from factcheck.web.desk import bp
from factcheck.web.desk.workspace import (
    AFTER_SAVE, CONFLICT, HISTORY, STATUS, VERDICT, VERDICT_FORM, VERDICT_PREVIEW, WORKFLOW, add_errors,
    expected_version, hidden_values, load_claim, respond, saved,
)
from factcheck.web.forms.claims import RestoreRevisionForm, VerdictForm, options

# -- the verdict ---------------------------------------------------------------------------

def verdict_form(claim: Claim, formdata=None) -> VerdictForm:
    verdict = claim.verdict
    if formdata is None:
        originals = verdicts.verdict_values(verdict)
        form = VerdictForm(formdata=None, rating=verdict.rating_key if verdict else "unproven",
                           summary=verdict.summary if verdict else "",
                           explanation=verdict.explanation if verdict else "", version=claim.version,
                           **{f"original_{name}": value for name, value in originals.items()})
    else:
        form = VerdictForm(formdata=formdata)
    form.rating.choices = options((rating.key, rating_label(rating)) for rating in rating_scale())
    # The live preview: what is typed, rendered as readers will see it, after a pause in typing.
    form.explanation.render_kw = {
        **form.explanation.render_kw, "data-hx-post": url_for("desk.preview_verdict", claim_id=claim.id),
        "data-hx-trigger": "input changed delay:300ms", "data-hx-target": "#verdict-preview",
        "data-hx-swap": "outerHTML"}
    return form


@bp.route("/claims/<int:claim_id>/verdict")
@access("staff")
def verdict(claim_id: int):
    return respond(load_claim(claim_id), VERDICT)


@bp.route("/claims/<int:claim_id>/verdict/edit")
@access("staff")
def edit_verdict(claim_id: int):
    claim = load_claim(claim_id)
    return respond(claim, VERDICT_FORM, verdict_template=VERDICT_FORM, verdict_form=verdict_form(claim))


@bp.route("/claims/<int:claim_id>/verdict/preview", methods=["POST"])
@access("staff")
def preview_verdict(claim_id: int):
    """The typed explanation rendered as readers will see it; without JS, the form with its preview."""
    claim = load_claim(claim_id)
    preview = render_markdown(request.form.get("explanation", ""))
    if is_htmx():  # asked for at every pause in typing: only the preview, none of the workspace
        return render_template(VERDICT_PREVIEW, preview=preview)
    form = verdict_form(claim, request.form)
    return respond(claim, VERDICT_PREVIEW, verdict_template=VERDICT_FORM, verdict_form=form, preview=preview)


@bp.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@access("staff")
def save_verdict(claim_id: int):
    claim = load_claim(claim_id)
    form = verdict_form(claim, request.form)
    if not form.validate():
        return respond(claim, VERDICT_FORM, 422, verdict_template=VERDICT_FORM, verdict_form=form)
    try:
        verdicts.set_verdict(acting_user(), claim, expected_version(form.version.data), expected=form.originals(),
                             rating=form.rating.data, summary=form.summary.data,
                             explanation=form.explanation.data or "", note=form.note.data or None)
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), VERDICT_FORM, 422, verdict_template=VERDICT_FORM, verdict_form=form)
    except Conflict as error:
        return verdict_conflict(claim_id, form, error)
    return saved(claim_id, VERDICT, "verdict-block", _("Verdict saved."))


def verdict_conflict(claim_id: int, form: VerdictForm, error: Conflict):
    """409: the verdict they saved beside yours; a published claim shows why it is locked."""
    claim = load_claim(claim_id)
    if error.code == "claim_published":
        return respond(claim, VERDICT_FORM, 409, oob=AFTER_SAVE, verdict_template=VERDICT_FORM,
                       verdict_form=form, verdict_message=error.message)
    form.version.data = claim.version
    current = verdicts.verdict_values(claim.verdict)
    for name, value in current.items():
        getattr(form, f"original_{name}").data = value
    ratings = {option.value: option.label for option in form.rating.choices}
    theirs = [(_("Rating"), ratings.get(current["rating"], "—")), (_("Summary"), current["summary"] or "—"),
              (_("Explanation"), current["explanation"] or "—")]
    yours = [(_("Rating"), ratings.get(form.rating.data, form.rating.data)), (_("Summary"), form.summary.data),
             (_("Explanation"), form.explanation.data or "—")]
    conflict = {"block_id": "verdict-block", "title": _("Verdict"), "message": error.message,
                "changed": {_("Rating"): "rating", _("Summary"): "summary", _("Explanation"): "explanation"},
                "fields": error.fields, "theirs": theirs, "yours": yours, "form_template": VERDICT_FORM,
                "action": url_for("desk.save_verdict", claim_id=claim_id),
                "keep_mine": hidden_values(form, ["rating", "summary", "explanation", "note", "version",
                                                  *(f"original_{name}" for name in current)]),
                "theirs_url": url_for("desk.verdict", claim_id=claim_id)}
    return respond(claim, CONFLICT, 409, oob=AFTER_SAVE, verdict_template=CONFLICT, conflict=conflict,
                   verdict_form=form)


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
        return respond(load_claim(claim_id), HISTORY, 409, oob=(STATUS, WORKFLOW, VERDICT),
                       history_message=error.message)
    return saved(claim_id, HISTORY, "verdict-block", _("Earlier verdict restored as a new revision."),
                 oob=(STATUS, WORKFLOW, VERDICT))
