"""The workspace's links block: link another claim (found as you type), edit, remove, restore."""

from flask import request
from flask_babel import gettext as _

from factcheck.errors import Conflict, NotFound, PublishedClaimLocked, ValidationError
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import links
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.desk.editable import Editable, Rows, register
from factcheck.web.desk.workspace import add_errors, article_claims, link_form, load_claim, refuse_locked, respond, saved
from factcheck.web.forms.claims import LinkRowForm, started_from

# -- links between claims ---------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/links")
@access("staff")
def claim_links(claim_id: int):
    return respond(load_claim(claim_id), "links")


@bp.route("/claims/<int:claim_id>/links/new")
@access("staff")
def new_link(claim_id: int):
    """The form that links another claim, fetched as new_evidence is."""
    claim = load_claim(claim_id)
    return respond(claim, "link_add", link_form=link_form(claim, article_claims(claim), formdata=None), link_open=True)


@bp.route("/claims/<int:claim_id>/links/claims")
@access("staff")
def search_claims(claim_id: int):
    """Claims of any article whose text matches what is typed in the link form (search as you type)."""
    claim = load_claim(claim_id)
    q = request.args.get("q", "")
    form = link_form(claim, article_claims(claim), formdata=None, q=q)
    return respond(claim, "claim_matches", claim_matches=links.search_claims(claim, q), search_q=q,
                   link_form=form, link_open=True)


@bp.route("/claims/<int:claim_id>/links", methods=["POST"])
@access("staff")
def add_link(claim_id: int):
    claim = load_claim(claim_id)
    form = link_form(claim, article_claims(claim), request.form)
    if not form.validate():
        return respond(claim, "links", 422, link_form=form)
    if not form.chosen_target():
        form.target_id.errors = [_("Choose a claim from the list or type its id.")]
        return respond(claim, "links", 422, link_form=form)
    try:
        links.link_claims(acting_user(), claim, links.find_claim(form.chosen_target()),
                          form.relation.data, form.note.data or "")
    except PublishedClaimLocked as error:
        if error.claim_id == claim_id:
            return refuse_locked(claim_id, "links", error)
        add_errors(form, error)  # the claim chosen is published: say so beside the choice
        return respond(load_claim(claim_id), "links", error.status, link_form=form)
    except (ValidationError, Conflict) as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), "links", error.status, link_form=form)
    return saved(claim_id, "links", "links-block", _("Claims linked."))


def live_link(claim: Claim, link_id: int):
    view = next((view for view in links.links_of([claim], acting_user())[claim.id] if view.link.id == link_id), None)
    if view is None:
        raise NotFound(_("There is no link %(link_id)s on this claim.", link_id=link_id))
    return view


LINK_ROW = register(Editable(
    name="link_row", title=_l("Link"), form=LinkRowForm, element="link-{key}", path="/links/<int:link_id>",
    endpoints={"show": "link_row", "edit": "edit_link_row", "save": "update_link_row",
               "remove": "remove_link", "restore": "restore_link"},
    labels={"relation": _l("Relation"), "note": _l("Note")},
    values=lambda claim, view: {"relation": view.link.relation, "note": view.link.note},
    save=lambda user, claim, view, form: links.update_link(
        user, claim, view.link, relation=form.relation.data, note=form.note.data or "", expected=started_from(form)),
    saved=_l("Link saved."), locked_block="links",
    rows=Rows(key="link_id", context="view", block="links", find=live_link,
              remove=lambda user, claim, key: links.remove_link(user, claim, links.get_claim_link(claim, key)),
              restore=lambda user, claim, key: links.restore_link(user, claim, links.get_removed_link(claim, key)),
              removed=_l("Link removed."), restored=_l("Link restored.")),
))
