"""Signing in and out."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from factcheck.i18n import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from factcheck.extensions import limiter, login_manager
from factcheck.models import User
from factcheck.security import access
from factcheck.services.accounts.users import authenticate, end_sessions, user_for_session
from factcheck.web.forms.auth import LoginForm, LogoutForm

bp = Blueprint("auth", __name__)

DEFAULT_NEXT = "/desk/"
WRONG_CREDENTIALS = _l("Email or password is wrong.")
TOO_MANY_ATTEMPTS = _l("Too many sign-in attempts from your address. Wait a minute, then try again.")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Sign in to open that page.")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user while the session is current (see User.get_id), else None: signed out."""
    return user_for_session(user_id)


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers treat "\" like "/" and drop tabs and newlines, so "/\evil.org" leaves the site.
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@access("public")
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    next_path = safe_next(request.args.get("next"))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(next_path or DEFAULT_NEXT)
    form = LoginForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form, next=next_path), status
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        return render_template("auth/login.html", form=form, next=next_path, error=WRONG_CREDENTIALS), 422
    session.clear()  # a fresh session for the signed-in user: no fixation
    login_user(user)
    return redirect(next_path or DEFAULT_NEXT)


@bp.route("/logout", methods=["GET", "POST"])
@access("public")
def logout():
    form = LogoutForm()
    if request.method == "GET":
        return render_template("auth/logout.html", form=form)
    if form.validate_on_submit():
        if current_user.is_authenticated:
            end_sessions(current_user)  # a copy of the cookie opens nothing any more
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
    return redirect("/")


@bp.errorhandler(429)
def too_many_attempts(_error):
    return render_template("auth/login.html", form=LoginForm(), next=None, error=TOO_MANY_ATTEMPTS), 429
