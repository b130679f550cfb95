"""Desk pages: the claim workspace, the claim's own fields, its workflow and its history."""

from flask_babel import gettext as _
from flask import request, url_for

from factcheck.errors import Conflict, Forbidden, UnverifiedQuotes, ValidationError
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import evidence as sources, workflow
from factcheck.services.reads import desk
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.claimants import suggests_claimants
from factcheck.web.desk.workspace import (
    AFTER_SAVE, ASSIGNEE, CLAIM, CLAIM_FORM, CONFLICT, EVIDENCE, HISTORY, IMPACT, LINKS, PAGE, STATUS, SUGGESTIONS, VERDICT,
    WORKFLOW, active_staff,
    add_errors, article_claims, assignee_form, expected_version, hidden_values, link_form, load_claim, respond, saved,
)
from factcheck.web.forms.claims import ClaimForm, EvidenceForm, TransitionForm, options


@bp.route("/claims/<int:claim_id>")
@access("staff")
def claim(claim_id: int):
    """The workspace; ?source=<id> and ?link_to=<id> pre-fill the add forms (a search pick without JS)."""
    claim = load_claim(claim_id)
    overrides = {}
    if request.args.get("source", "").isdigit():
        source = sources.get_source(int(request.args["source"]))
        overrides["evidence_form"] = EvidenceForm(formdata=None, url=source.url, title=source.title,
                                                  publisher=source.publisher, kind=source.kind)
        overrides["evidence_open"] = True
    if request.args.get("link_to", "").isdigit():
        overrides["link_form"] = link_form(claim, article_claims(claim), formdata=None,
                                           target_id=int(request.args["link_to"]))
        overrides["link_open"] = True
    return respond(claim, PAGE, **overrides)


# -- the claim's own fields --------------------------------------------------------------

def claim_form(claim: Claim, formdata=None) -> ClaimForm:
    """The claim form, with its assignee choices and the claimant names its datalist offers."""
    if formdata is None:
        values = claim_service.editable_values(claim)
        form = ClaimForm(formdata=None, text=claim.text, claimant=values["claimant"],
                         claimed_at=claim.claimed_at.date() if claim.claimed_at else None,
                         assignee=values["assignee"], version=claim.version,
                         **{f"original_{name}": value for name, value in values.items()})
    else:
        form = ClaimForm(formdata=formdata)
    form.assignee.choices = options([("", _("Nobody"))] + active_staff())
    form.claimant_names = desk.claimant_names()
    suggests_claimants(form.claimant, "claimant-names")
    return form


def claim_changes(claim: Claim, form: ClaimForm) -> dict:
    """The form's values as update_claim takes them (a date on the same day keeps its time)."""
    changes = {"text": form.text.data, "claimant": form.claimant.data or None}
    if acting_user().has_role("editor"):  # assigning is an editor's action: a fact-checker's form has no assignee
        changes["assignee"] = int(form.assignee.data) if (form.assignee.data or "").isdigit() else None
    same_day = claim.claimed_at and form.claimed_at.data == claim.claimed_at.date()
    if not same_day and not (claim.claimed_at is None and form.claimed_at.data is None):
        changes["claimed_at"] = form.claimed_at.data
    return changes


@bp.route("/claims/<int:claim_id>/details")
@access("staff")
def claim_details(claim_id: int):
    return respond(load_claim(claim_id), CLAIM)


@bp.route("/claims/<int:claim_id>/edit")
@access("staff")
def edit_claim(claim_id: int):
    claim = load_claim(claim_id)
    if claim.is_published:
        return respond(claim, CLAIM, 409, claim_message=_("This claim is published: an editor must reopen "
                                         "it for a correction before it can be changed."))
    return respond(claim, CLAIM_FORM, claim_template=CLAIM_FORM, claim_form=claim_form(claim))


@bp.route("/claims/<int:claim_id>", methods=["POST"])
@access("staff")
def update_claim(claim_id: int):
    claim = load_claim(claim_id)
    form = claim_form(claim, request.form)
    if not form.validate():
        return respond(claim, CLAIM_FORM, 422, claim_template=CLAIM_FORM, claim_form=form)
    try:
        claim_service.update_claim(acting_user(), claim, expected_version(form.version.data),
                                   expected=form.originals(), **claim_changes(claim, form))
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), CLAIM_FORM, 422, claim_template=CLAIM_FORM, claim_form=form)
    except Conflict as error:
        return claim_conflict(claim_id, form, error)
    return saved(claim_id, CLAIM, "claim-block", _("Claim saved."))


def claim_conflict(claim_id: int, form: ClaimForm, error: Conflict):
    """409: their saved claim beside what you typed; your values kept, now based on their version."""
    claim = load_claim(claim_id)
    if error.code == "claim_published":
        return respond(claim, CLAIM, 409, oob=AFTER_SAVE, claim_message=error.message)
    theirs_values = claim_service.editable_values(claim)
    form.version.data = claim.version
    for name, value in theirs_values.items():
        getattr(form, f"original_{name}").data = value
    staff = dict(active_staff())
    theirs = [(_("Claim"), claim.text), (_("Claimant"), theirs_values["claimant"] or "—"),
              (_("Claimed on"), theirs_values["claimed_at"] or "—"),
              (_("Assignee"), claim.assignee.name if claim.assignee else _("Nobody"))]
    yours = [(_("Claim"), form.text.data), (_("Claimant"), form.claimant.data or "—"),
             (_("Claimed on"), form.claimed_at.data.isoformat() if form.claimed_at.data else "—"),
             (_("Assignee"), staff.get(int(form.assignee.data), "—")
              if (form.assignee.data or "").isdigit() else _("Nobody"))]
    conflict = {"block_id": "claim-block", "title": _("Claim"), "message": error.message,
                "changed": {_("Claim"): "text", _("Claimant"): "claimant", _("Claimed on"): "claimed_at",
                            _("Assignee"): "assignee"},
                "fields": error.fields, "theirs": theirs, "yours": yours, "form_template": CLAIM_FORM,
                "action": url_for("desk.update_claim", claim_id=claim_id),
                "keep_mine": hidden_values(form, ["text", "claimant", "claimed_at", "assignee", "version",
                                                  *(f"original_{name}" for name in theirs_values)]),
                "theirs_url": url_for("desk.claim_details", claim_id=claim_id)}
    return respond(claim, CONFLICT, 409, oob=AFTER_SAVE, claim_template=CONFLICT, conflict=conflict,
                   claim_form=form)


@bp.route("/claims/<int:claim_id>/assignee", methods=["POST"])
@access("editor")
def save_assignee(claim_id: int):
    claim = load_claim(claim_id)
    form = assignee_form(claim, active_staff(), request.form)
    form.validate()
    chosen = form.assignee.data or ""
    try:
        claim_service.update_claim(acting_user(), claim, expected_version(form.version.data),
                                   expected=form.originals(), assignee=int(chosen) if chosen.isdigit() else None)
    except (ValidationError, Conflict) as error:
        fresh = load_claim(claim_id)
        return respond(fresh, WORKFLOW, error.status, oob=(STATUS, HISTORY, ASSIGNEE),
                       workflow_message=error.message)
    return saved(claim_id, WORKFLOW, "workflow-block", _("Assignee saved."), oob=(STATUS, HISTORY, ASSIGNEE))



# -- workflow and history ----------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/workflow")
@access("staff")
def claim_workflow(claim_id: int):
    return respond(load_claim(claim_id), WORKFLOW)


@bp.route("/claims/<int:claim_id>/transitions", methods=["POST"])
@access("staff")
def transition_claim(claim_id: int):
    claim = load_claim(claim_id)
    reopening = claim.is_published
    form = TransitionForm()
    to = request.form.get("to", "")
    if not form.validate():
        return respond(claim, WORKFLOW, 422, workflow_form=form)
    try:
        workflow.transition(acting_user(), claim, to, form.note.data, expected_version(form.version.data),
                            confirm_unverified=bool(form.confirm_unverified.data))
    except (Forbidden, ValidationError, Conflict, UnverifiedQuotes) as error:
        add_errors(form, error)
        fresh = load_claim(claim_id)
        form.version.data = fresh.version
        return respond(fresh, WORKFLOW, error.status, oob=AFTER_SAVE, workflow_form=form,
                       workflow_message=error.message)
    moved = {"in_review": _("Reopened for correction: the claim is unlocked.") if reopening else _("Submitted for review."),
             "published": _("Published."), "draft": _("Sent back to draft.")}
    # Publishing or reopening locks or unlocks every block, and reopening shows the correction's impact.
    return saved(claim_id, WORKFLOW, "workflow-block", moved.get(to, _("Status changed.")),
                 oob=(STATUS, CLAIM, VERDICT, EVIDENCE, LINKS, SUGGESTIONS, IMPACT, HISTORY))


@bp.route("/claims/<int:claim_id>/history")
@access("staff")
def claim_history(claim_id: int):
    return respond(load_claim(claim_id), HISTORY)
