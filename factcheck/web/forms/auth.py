"""The sign-in and sign-out forms."""

from factcheck.i18n import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "email", "autofocus": True, "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"))


class LogoutForm(FlaskForm):
    """Only a CSRF token: signing out changes state, so it is a POST."""

    submit = SubmitField(_l("Sign out"))
