"""The workspace's evidence block: add a source (found in the library as you type), edit, remove, restore."""

from flask import request
from flask_babel import gettext as _

from factcheck.errors import NotFound, PublishedClaimLocked, ValidationError
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import evidence as sources
from factcheck.services.library.captures import captures_on_attach
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.editable import Editable, Rows, register
from factcheck.web.desk.workspace import add_errors, load_claim, refuse_locked, respond, saved
from factcheck.web.forms.claims import EvidenceForm, EvidenceRowForm, started_from

# -- evidence --------------------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/evidence")
@access("staff")
def evidence(claim_id: int):
    return respond(load_claim(claim_id), "evidence")


@bp.route("/claims/<int:claim_id>/evidence/new")
@access("staff")
def new_evidence(claim_id: int):
    """The add-evidence form: htmx fetches it when "Add evidence" opens; without JavaScript, the page with it open."""
    return respond(load_claim(claim_id), "evidence_add", evidence_form=EvidenceForm(formdata=None), evidence_open=True)


@bp.route("/claims/<int:claim_id>/evidence/sources")
@access("staff")
def search_sources(claim_id: int):
    """Sources matching what is typed in the evidence form's URL or title (search as you type)."""
    claim = load_claim(claim_id)
    q = request.args.get("q") or request.args.get("url") or request.args.get("title") or ""
    form = EvidenceForm(formdata=None, url=request.args.get("url", q), title=request.args.get("title", ""))
    return respond(claim, "source_matches", source_matches=sources.search_sources(q), search_q=q,
                   evidence_form=form, evidence_open=True)


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@access("staff")
def add_evidence(claim_id: int):
    claim = load_claim(claim_id)
    form = EvidenceForm()
    if not form.validate():
        return respond(claim, "evidence", 422, evidence_form=form)
    user = acting_user()
    try:
        _evidence, created = sources.cite_source_by_url(
            user, claim, url=form.url.data, title=form.title.data, publisher=form.publisher.data,
            kind=form.kind.data, stance=form.stance.data, quote=form.quote.data or "", note=form.note.data or "",
            capture=True)
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), "evidence", 422, evidence_form=form)
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, "evidence", error)
    message = _("Evidence added.") if created else _("Evidence added; the source was already in the library.")
    if captures_on_attach():
        message += " " + _("Capturing the source to check the quote in it…")
    return saved(claim_id, "evidence", "evidence-block", message)


def live_evidence(claim: Claim, evidence_id: int):
    row = next((row for row in claim.evidence if row.id == evidence_id), None)
    if row is None:
        raise NotFound(_("There is no evidence %(evidence_id)s on this claim.", evidence_id=evidence_id))
    return row


EVIDENCE_ROW = register(Editable(
    name="evidence_row", title=_l("Evidence"), form=EvidenceRowForm, element="evidence-{key}",
    path="/evidence/<int:evidence_id>",
    endpoints={"show": "evidence_row", "edit": "edit_evidence_row", "save": "update_evidence_row",
               "remove": "remove_evidence", "restore": "restore_evidence"},
    labels={"stance": _l("Stance"), "quote": _l("Quoted excerpt"), "note": _l("Note")},
    values=lambda claim, row: {"stance": row.stance, "quote": row.quote, "note": row.note},
    save=lambda user, claim, row, form: sources.update_evidence(
        user, claim, row, stance=form.stance.data, quote=form.quote.data or "", note=form.note.data or "",
        expected=started_from(form)),
    saved=_l("Evidence saved."), locked_block="evidence",
    rows=Rows(key="evidence_id", context="row", block="evidence", find=live_evidence,
              remove=lambda user, claim, key: sources.remove_evidence(user, claim, sources.get_evidence(claim, key)),
              restore=lambda user, claim, key: sources.restore_evidence(
                  user, claim, sources.get_removed_evidence(claim, key)),
              removed=_l("Evidence removed."), restored=_l("Evidence restored.")),
))
