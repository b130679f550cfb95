"""Desk pages: API tokens. Staff manage their own; an admin sees and revokes everybody's."""

from flask_babel import gettext as _
from flask import flash, redirect, render_template, url_for

from factcheck.models import Role
from factcheck.security import access
from factcheck.services.accounts import users
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.forms.tokens import NewTokenForm, RevokeTokenForm


def _page(form: NewTokenForm, status: int = 200, new_token: str | None = None):
    actor = acting_user()
    return render_template("desk/tokens/index.html", form=form, revoke_form=RevokeTokenForm(),
                           tokens=users.tokens_visible_to(actor), everybody=actor.has_role(Role.ADMIN),
                           new_token=new_token), status


@bp.route("/tokens")
@access("staff")
def tokens():
    return _page(NewTokenForm())


@bp.route("/tokens", methods=["POST"])
@access("staff")
def create_token():
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    # Shown on this answer only: the plain token is never stored, so it cannot be shown again.
    plain = users.create_api_token(acting_user(), form.name.data)
    response = _page(NewTokenForm(formdata=None), 201, new_token=plain)
    return *response, {"Cache-Control": "no-store"}


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@access("staff")
def revoke_token(token_id: int):
    if RevokeTokenForm().validate_on_submit():
        revoked = users.revoke_token(acting_user(), token_id)
        flash(_("The token “%(name)s” is revoked: calls with it now get 401.", name=revoked.name), "success")
    return redirect(url_for("desk.tokens"))
