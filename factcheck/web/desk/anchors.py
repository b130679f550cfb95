"""Desk: fuzzy anchors waiting for a person — confirm the proposed words, select the quote again, or orphan it."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from factcheck.errors import Conflict, ValidationError
from factcheck.models import Claim
from factcheck.security import access
from factcheck.services.claims import anchor_review
from factcheck.services.claims.claims import get_claim
from factcheck.web.context import acting_user, htmx_or_redirect, is_htmx
from factcheck.web.desk import bp
from factcheck.web.desk.workspace import expected_version

PAGE = "desk/anchors/index.html"
ITEM = "desk/anchors/_item.html"
RESELECT_PAGE = "desk/anchors/reselect.html"


@bp.route("/anchors")
@access("staff")
def anchors():
    """Claims whose quote an article edit changed: the quote as it was beside the words proposed now."""
    return render_template(PAGE, items=anchor_review.confirmation_list())


def _claim(claim_id: int) -> Claim:
    return get_claim(claim_id, acting_user())


def _answer(claim: Claim, *, done: str | None = None, error: str | None = None, status: int = 200):
    """htmx: the claim's item in its new state; a plain form: the list again (303 after a change)."""
    if error and not is_htmx():
        return render_template(PAGE, items=anchor_review.confirmation_list(), error=error,
                               error_claim=claim.id), status
    return htmx_or_redirect(
        lambda: (render_template(ITEM, item=anchor_review.to_confirm(claim), done=done, error=error), status),
        done, url_for("desk.anchors"))


def _act(claim_id: int, action, done: str):
    claim = _claim(claim_id)
    try:
        action(acting_user(), claim, expected_version(request.form.get("version")))
    except (Conflict, ValidationError) as error:
        return _answer(_claim(claim_id), error=error.message, status=error.status)
    return _answer(claim, done=done)


@bp.route("/claims/<int:claim_id>/anchor/confirm", methods=["POST"])
@access("staff")
def confirm_anchor(claim_id: int):
    return _act(claim_id, anchor_review.confirm_anchor, _("Claim %(id)s now quotes the edited words.", id=claim_id))


@bp.route("/claims/<int:claim_id>/anchor/orphan", methods=["POST"])
@access("staff")
def orphan_anchor(claim_id: int):
    return _act(claim_id, anchor_review.orphan_anchor,
                _("Claim %(id)s is marked orphaned: its quote is gone from the article.", id=claim_id))


@bp.route("/claims/<int:claim_id>/anchor/reselect", methods=["GET", "POST"])
@access("staff")
def reselect_anchor(claim_id: int):
    """The exact words the claim quotes now, typed or pasted from the article's current text."""
    claim = _claim(claim_id)
    item = anchor_review.to_confirm(claim)
    if request.method == "GET":
        words = item.proposed.quote if item.proposed else claim.anchor_exact
        return _reselect_form(item, words or "")
    words = request.form.get("exact", "")
    try:
        anchor_review.reselect_anchor(acting_user(), claim, expected_version(request.form.get("version")), exact=words)
    except ValidationError as error:
        return _reselect_form(item, words, error.message, error.status)
    except Conflict as error:
        return _answer(_claim(claim_id), error=error.message, status=error.status)
    return _answer(claim, done=_("Claim %(id)s now quotes the words you selected.", id=claim_id))


def _reselect_form(item, words: str, error: str | None = None, status: int = 200):
    context = {"item": item, "words": words, "reselect_error": error, "reselecting": True}
    return render_template(ITEM if is_htmx() else RESELECT_PAGE, **context), status
