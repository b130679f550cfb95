"""Desk pages: the claim workspace, the claim's own fields, its workflow and its history."""

from flask import request
from flask_babel import gettext as _

from factcheck.errors import Conflict, Forbidden, UnverifiedQuotes, ValidationError
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import evidence as sources, workflow
from factcheck.services.reads import desk
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.claimants import suggests_claimants
from factcheck.web.desk.editable import Editable, register
from factcheck.web.desk.workspace import (
    AFTER_SAVE, active_staff, add_errors, article_claims, assignee_form, expected_version, link_form, load_claim,
    respond, saved,
)
from factcheck.web.forms.claims import ClaimForm, EvidenceForm, TransitionForm, options, started_from


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
    return respond(claim, "show", **overrides)


# -- the claim's own fields --------------------------------------------------------------

def prepare_claim_form(form: ClaimForm, claim: Claim) -> None:
    """The assignee choices, and the claimant names the datalist offers."""
    form.assignee.choices = options([("", _("Nobody"))] + active_staff())
    form.claimant_names = desk.claimant_names()
    suggests_claimants(form.claimant, "claimant-names")


def claim_changes(claim: Claim, form: ClaimForm) -> dict:
    """The form's values as update_claim takes them (a date on the same day keeps its time)."""
    changes = {"text": form.text.data, "claimant": form.claimant.data or None}
    if acting_user().has_role("editor"):  # assigning is an editor's action: a fact-checker's form has no assignee
        changes["assignee"] = int(form.assignee.data) if (form.assignee.data or "").isdigit() else None
    same_day = claim.claimed_at and form.claimed_at.data == claim.claimed_at.date()
    if not same_day and not (claim.claimed_at is None and form.claimed_at.data is None):
        changes["claimed_at"] = form.claimed_at.data
    return changes


def first_claim_values(claim: Claim, _row) -> dict:
    """The claim form's first values: its date field takes a day."""
    return {**claim_service.editable_values(claim), "claimed_at": claim.claimed_at.date() if claim.claimed_at else None}


CLAIM_BLOCK = register(Editable(
    name="claim", title=_l("Claim"), form=ClaimForm, element="claim-block", path="", show_path="/details",
    endpoints={"show": "claim_details", "edit": "edit_claim", "save": "update_claim"},
    labels={"text": _l("Claim"), "claimant": _l("Claimant"), "claimed_at": _l("Claimed on"),
            "assignee": _l("Assignee")},
    values=lambda claim, _row: claim_service.editable_values(claim), initial=first_claim_values,
    prepare=prepare_claim_form, locked_block="claim",
    locked_on_edit=_l(
        "This claim is published: an editor must reopen it for a correction before it can be changed."),
    save=lambda user, claim, _row, form: claim_service.update_claim(
        user, claim, expected_version(form.version.data), expected=started_from(form), **claim_changes(claim, form)),
    saved=_l("Claim saved."),
))


ASSIGNED = ("status", "history", "assignee")  # the claim block shows the assignee too


@bp.route("/claims/<int:claim_id>/assignee", methods=["POST"])
@access("editor")
def save_assignee(claim_id: int):
    claim = load_claim(claim_id)
    form = assignee_form(claim, active_staff(), request.form)
    form.validate()
    chosen = form.assignee.data or ""
    try:
        claim_service.update_claim(acting_user(), claim, expected_version(form.version.data),
                                   expected=started_from(form), assignee=int(chosen) if chosen.isdigit() else None)
    except (ValidationError, Conflict) as error:
        return respond(load_claim(claim_id), "workflow", error.status, oob=ASSIGNED, message=error.message)
    return saved(claim_id, "workflow", "workflow-block", _("Assignee saved."), oob=ASSIGNED)


# -- workflow and history ----------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/workflow")
@access("staff")
def claim_workflow(claim_id: int):
    return respond(load_claim(claim_id), "workflow")


@bp.route("/claims/<int:claim_id>/transitions", methods=["POST"])
@access("staff")
def transition_claim(claim_id: int):
    claim = load_claim(claim_id)
    reopening = claim.is_published
    form = TransitionForm()
    to = request.form.get("to", "")
    if not form.validate():
        return respond(claim, "workflow", 422, workflow_form=form)
    try:
        workflow.transition(acting_user(), claim, to, form.note.data, expected_version(form.version.data),
                            confirm_unverified=bool(form.confirm_unverified.data))
    except (Forbidden, ValidationError, Conflict, UnverifiedQuotes) as error:
        add_errors(form, error)
        fresh = load_claim(claim_id)
        form.version.data = fresh.version
        return respond(fresh, "workflow", error.status, oob=AFTER_SAVE, workflow_form=form, message=error.message)
    moved = {"in_review": (_("Reopened for correction: the claim is unlocked.") if reopening
                           else _("Submitted for review.")),
             "published": _("Published."), "draft": _("Sent back to draft.")}
    # Publishing or reopening locks or unlocks every block, and reopening shows the correction's impact.
    return saved(claim_id, "workflow", "workflow-block", moved.get(to, _("Status changed.")),
                 oob=("status", "claim", "verdict", "evidence", "links", "suggestions", "impact", "history"))


@bp.route("/claims/<int:claim_id>/history")
@access("staff")
def claim_history(claim_id: int):
    return respond(load_claim(claim_id), "history")
