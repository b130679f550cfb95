"""Desk pages: one's own password, and for admins the list of staff accounts (role, password, disable)."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from factcheck.i18n import lazy_gettext as _l
from factcheck.i18n import refresh_language
from flask_login import login_user

from factcheck.errors import ValidationError
from factcheck.security import access
from factcheck.services.accounts import users
from factcheck.web.context import acting_user
from factcheck.web.desk import bp
from factcheck.web.forms.users import (ROLE_LABELS, ActiveForm, ChangePasswordForm, InterfaceLanguageForm, RoleForm,
                                       SetPasswordForm)


def _stay_signed_in(user) -> None:
    """A new password ends every session, this one too: sign in again under the new session version."""
    login_user(user)


@bp.route("/account/password", methods=["GET", "POST"])
@access("staff")
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("desk/accounts/password.html", form=form), 422 if form.is_submitted() else 200
    user = acting_user()
    try:
        users.change_own_password(user, form.current_password.data, form.new_password.data)
    except ValidationError as error:
        for name, message in error.fields.items():
            getattr(form, name).errors = [message]
        return render_template("desk/accounts/password.html", form=form), 422
    _stay_signed_in(user)
    flash(_("Your password is changed. Your other sessions and your API tokens have ended."), "success")
    return redirect(url_for("desk.home"))


@bp.route("/account/language", methods=["GET", "POST"])
@access("staff")
def account_language():
    user, languages = acting_user(), current_app.config["INTERFACE_LANGUAGES"]
    form = InterfaceLanguageForm(languages, data={"interface_language": user.interface_language or ""})
    if not form.validate_on_submit():
        return render_template("desk/accounts/language.html", form=form), 422 if form.is_submitted() else 200
    try:
        users.set_interface_language(user, form.interface_language.data, languages)
    except ValidationError as error:
        for name, message in error.fields.items():
            getattr(form, name).errors = [message]
        return render_template("desk/accounts/language.html", form=form), 422
    refresh_language()  # the notice below is already in the new language
    flash(_("Your interface language is saved."), "success")
    return redirect(url_for("desk.account_language"))


@bp.route("/users")
@access("admin")
def staff_accounts():
    return render_template("desk/accounts/index.html", accounts=users.list_users(), role_labels=ROLE_LABELS)


def _account_page(account, status: int = 200, role_form=None, password_form=None):
    return render_template("desk/accounts/show.html", account=account, role_labels=ROLE_LABELS,
                           role_form=role_form or RoleForm(role=account.role),
                           password_form=password_form or SetPasswordForm(formdata=None)), status


@bp.route("/users/<int:user_id>")
@access("admin")
def staff_account(user_id: int):
    return _account_page(users.get_user(user_id))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@access("admin")
def save_account_role(user_id: int):
    account, form = users.get_user(user_id), RoleForm()
    if not form.validate_on_submit():
        return _account_page(account, 422, role_form=form)
    users.set_role(acting_user(), account, form.role.data)
    flash(_("%(email)s is now %(role)s.", email=account.email, role=ROLE_LABELS[account.role]), "success")
    return redirect(url_for("desk.staff_account", user_id=user_id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@access("admin")
def set_account_password(user_id: int):
    account, form = users.get_user(user_id), SetPasswordForm()
    if not form.validate_on_submit():
        return _account_page(account, 422, password_form=form)
    actor = acting_user()
    users.set_password(actor, account, form.password.data)
    if account.id == actor.id:
        _stay_signed_in(actor)
    flash(_("New password set for %(email)s: their sessions and API tokens have ended.", email=account.email),
          "success")
    return redirect(url_for("desk.staff_account", user_id=user_id))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@access("admin")
def disable_account(user_id: int):
    return _set_active(user_id, False, _l("%(email)s is disabled: signed out everywhere, API tokens revoked."))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@access("admin")
def enable_account(user_id: int):
    return _set_active(user_id, True, _l("%(email)s may sign in again."))


def _set_active(user_id: int, active: bool, done):
    account = users.get_user(user_id)
    if ActiveForm().validate_on_submit():
        users.set_active(acting_user(), account, active)
        flash(str(done) % {"email": account.email}, "success")
    return redirect(url_for("desk.staff_account", user_id=user_id))
