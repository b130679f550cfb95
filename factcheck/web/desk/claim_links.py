"""The workspace's links block: link another claim (found as you type), edit, remove, restore."""

from flask_babel import gettext as _
from flask import request, url_for

from factcheck.errors import Conflict, NotFound, PublishedClaimLocked, ValidationError
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import links
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.workspace import (
    AFTER_SAVE, CLAIM_MATCHES, LINK_ADD, LINK_ROW, LINK_ROW_FORM, LINKS, add_errors, article_claims, link_form,
    load_claim, rebase, refuse_locked, respond, saved,
)
from factcheck.web.forms.claims import LinkRowForm

# -- links between claims ---------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/links")
@access("staff")
def claim_links(claim_id: int):
    return respond(load_claim(claim_id), LINKS)


@bp.route("/claims/<int:claim_id>/links/new")
@access("staff")
def new_link(claim_id: int):
    """The form that links another claim, fetched as new_evidence is."""
    claim = load_claim(claim_id)
    return respond(claim, LINK_ADD, link_form=link_form(claim, article_claims(claim), formdata=None), link_open=True)


@bp.route("/claims/<int:claim_id>/links/claims")
@access("staff")
def search_claims(claim_id: int):
    """Claims of any article whose text matches what is typed in the link form (search as you type)."""
    claim = load_claim(claim_id)
    q = request.args.get("q", "")
    form = link_form(claim, article_claims(claim), formdata=None, q=q)
    return respond(claim, CLAIM_MATCHES, claim_matches=links.search_claims(claim, q), search_q=q,
                   link_form=form, link_open=True)


@bp.route("/claims/<int:claim_id>/links", methods=["POST"])
@access("staff")
def add_link(claim_id: int):
    claim = load_claim(claim_id)
    form = link_form(claim, article_claims(claim), request.form)
    if not form.validate():
        return respond(claim, LINKS, 422, link_form=form)
    if not form.chosen_target():
        form.target_id.errors = [_("Choose a claim from the list or type its id.")]
        return respond(claim, LINKS, 422, link_form=form)
    try:
        links.link_claims(acting_user(), claim, links.find_claim(form.chosen_target()),
                          form.relation.data, form.note.data or "")
    except PublishedClaimLocked as error:
        if error.claim_id == claim_id:
            return refuse_locked(claim_id, LINKS, error)
        add_errors(form, error)  # the claim chosen is published: say so beside the choice
        return respond(load_claim(claim_id), LINKS, error.status, link_form=form)
    except (ValidationError, Conflict) as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), LINKS, error.status, link_form=form)
    return saved(claim_id, LINKS, "links-block", _("Claims linked."))


def live_link(claim: Claim, link_id: int):
    view = next((view for view in links.links_of([claim], acting_user())[claim.id] if view.link.id == link_id), None)
    if view is None:
        raise NotFound(_("There is no link %(link_id)s on this claim.", link_id=link_id))
    return view


def link_row_form(view, formdata=None) -> LinkRowForm:
    values = {"relation": view.link.relation, "note": view.link.note}
    data = {} if formdata is not None else {**values, **{f"original_{k}": v for k, v in values.items()}}
    return LinkRowForm(formdata=formdata, **data).for_row(view.link.id)


@bp.route("/claims/<int:claim_id>/links/<int:link_id>")
@access("staff")
def link_row(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    return respond(claim, LINK_ROW, view=live_link(claim, link_id))


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/edit")
@access("staff")
def edit_link_row(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    view = live_link(claim, link_id)
    return respond(claim, LINK_ROW_FORM, view=view, editing_link=link_id, link_row_form=link_row_form(view))


@bp.route("/claims/<int:claim_id>/links/<int:link_id>", methods=["POST"])
@access("staff")
def update_link_row(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    view = live_link(claim, link_id)
    form = link_row_form(view, request.form)
    try:
        if not form.validate():
            raise ValidationError(_("Check the fields marked."))
        links.update_link(acting_user(), claim, view.link, relation=form.relation.data, note=form.note.data or "",
                          expected=form.originals())
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, LINKS, error)
    except (ValidationError, Conflict) as error:
        claim = load_claim(claim_id)
        view = live_link(claim, link_id)
        if error.code == "edit_conflict":
            rebase(form, {"relation": view.link.relation, "note": view.link.note}, error.fields)
            form.form_errors.append(error.message + " " + _("Your text is kept below; save again to replace theirs."))
        elif error.fields:
            add_errors(form, error)
        return respond(claim, LINK_ROW_FORM, error.status, view=view, editing_link=link_id,
                       link_row_form=form)
    return saved(claim_id, LINK_ROW, f"link-{link_id}", _("Link saved."),
                 saved_row=lambda claim: {"view": live_link(claim, link_id)})


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/remove", methods=["POST"])
@access("staff")
def remove_link(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    try:
        links.remove_link(acting_user(), claim, links.get_claim_link(claim, link_id))
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, LINKS, error)
    undo = {"action": url_for("desk.restore_link", claim_id=claim_id, link_id=link_id),
            "target": "#links-block", "label": "Undo"}
    return saved(claim_id, LINKS, "links-block", _("Link removed."), undo=undo)


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/restore", methods=["POST"])
@access("staff")
def restore_link(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    try:
        links.restore_link(acting_user(), claim, links.get_removed_link(claim, link_id))
    except PublishedClaimLocked as error:
        return refuse_locked(claim_id, LINKS, error)
    return saved(claim_id, LINKS, "links-block", _("Link restored."), oob=(*AFTER_SAVE, LINKS))
