"""The workspace's evidence block: add a source (found in the library as you type), edit, remove, restore."""

from flask_babel import gettext as _
from flask import request, url_for

from factcheck.errors import Conflict, NotFound, PublishedClaimLocked, ValidationError
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import evidence as sources
from factcheck.services.library.captures import queue_capture
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.workspace import (
    AFTER_SAVE, EVIDENCE, EVIDENCE_ADD, EVIDENCE_ROW, EVIDENCE_ROW_FORM, SOURCE_MATCHES, add_errors, load_claim,
    rebase, refuse_locked, respond, saved,
)
from factcheck.web.forms.claims import EvidenceForm, EvidenceRowForm

# -- evidence --------------------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/evidence")
@access("staff")
def evidence(claim_id: int):
    return respond(load_claim(claim_id), EVIDENCE)


@bp.route("/claims/<int:claim_id>/evidence/new")
@access("staff")
def new_evidence(claim_id: int):
    """The add-evidence form: htmx fetches it when "Add evidence" opens; without JavaScript, the page with it open."""
    return respond(load_claim(claim_id), EVIDENCE_ADD, evidence_form=EvidenceForm(formdata=None), evidence_open=True)


@bp.route("/claims/<int:claim_id>/evidence/sources")
@access("staff")
def search_sources(claim_id: int):
    """Sources matching what is typed in the evidence form's URL or title (search as you type)."""
    claim = load_claim(claim_id)
    q = request.args.get("q") or request.args.get("url") or request.args.get("title") or ""
    form = EvidenceForm(formdata=None, url=request.args.get("url", q), title=request.args.get("title", ""))
    return respond(claim, SOURCE_MATCHES, source_matches=sources.search_sources(q), search_q=q,
                   evidence_form=form, evidence_open=True)


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@access("staff")
def add_evidence(claim_id: int):
    claim = load_claim(claim_id)
    form = EvidenceForm()
    if not form.validate():
        return respond(claim, EVIDENCE, 422, evidence_form=form)
    user = acting_user()
    try:
        evidence, created = sources.cite_source_by_url(
            user, claim, url=form.url.data, title=form.title.data, publisher=form.publisher.data,
            kind=form.kind.data, stance=form.stance.data, quote=form.quote.data or "", note=form.note.data or "")
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), EVIDENCE, 422, evidence_form=form)
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, EVIDENCE, error)
    message = _("Evidence added.") if created else _("Evidence added; the source was already in the library.")
    if queue_capture(user, evidence):
        message += " Capturing the source to check the quote in it…"
    return saved(claim_id, EVIDENCE, "evidence-block", message)


def live_evidence(claim: Claim, evidence_id: int):
    row = next((row for row in claim.evidence if row.id == evidence_id), None)
    if row is None:
        raise NotFound(_("There is no evidence %(evidence_id)s on this claim.", evidence_id=evidence_id))
    return row


def evidence_row_form(row, formdata=None) -> EvidenceRowForm:
    values = {"stance": row.stance, "quote": row.quote, "note": row.note}
    data = {} if formdata is not None else {**values, **{f"original_{k}": v for k, v in values.items()}}
    return EvidenceRowForm(formdata=formdata, **data).for_row(row.id)


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>")
@access("staff")
def evidence_row(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    return respond(claim, EVIDENCE_ROW, row=live_evidence(claim, evidence_id))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/edit")
@access("staff")
def edit_evidence_row(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    row = live_evidence(claim, evidence_id)
    return respond(claim, EVIDENCE_ROW_FORM, row=row, editing_evidence=row.id,
                   evidence_row_form=evidence_row_form(row))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["POST"])
@access("staff")
def update_evidence_row(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    row = live_evidence(claim, evidence_id)
    form = evidence_row_form(row, request.form)
    try:
        if not form.validate():
            raise ValidationError(_("Check the fields marked."))
        sources.update_evidence(acting_user(), claim, row, stance=form.stance.data, quote=form.quote.data or "",
                                note=form.note.data or "", expected=form.originals())
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, EVIDENCE, error)
    except (ValidationError, Conflict) as error:
        claim = load_claim(claim_id)
        row = live_evidence(claim, evidence_id)
        if isinstance(error, Conflict):
            rebase(form, {"stance": row.stance, "quote": row.quote, "note": row.note}, error.fields)
            form.form_errors.append(error.message + " " + _("Your text is kept below; save again to replace theirs."))
        elif error.fields:
            add_errors(form, error)
        return respond(claim, EVIDENCE_ROW_FORM, error.status, row=row,
                       editing_evidence=evidence_id, evidence_row_form=form)
    return saved(claim_id, EVIDENCE_ROW, f"evidence-{evidence_id}", _("Evidence saved."),
                 saved_row=lambda claim: {"row": live_evidence(claim, evidence_id)})


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@access("staff")
def remove_evidence(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    try:
        sources.remove_evidence(acting_user(), claim, sources.get_evidence(claim, evidence_id))
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, EVIDENCE, error)
    undo = {"action": url_for("desk.restore_evidence", claim_id=claim_id, evidence_id=evidence_id),
            "target": "#evidence-block", "label": "Undo"}
    return saved(claim_id, EVIDENCE, "evidence-block", _("Evidence removed."), undo=undo)


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/restore", methods=["POST"])
@access("staff")
def restore_evidence(claim_id: int, evidence_id: int):
    """Undo a removal (from the notice after removing, or from the history panel)."""
    claim = load_claim(claim_id)
    try:
        sources.restore_evidence(acting_user(), claim, sources.get_removed_evidence(claim, evidence_id))
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, EVIDENCE, error)
    return saved(claim_id, EVIDENCE, "evidence-block", _("Evidence restored."), oob=(*AFTER_SAVE, EVIDENCE))
