"""The forms of the account pages: one's own password, and an admin's changes to someone's account."""

from babel import Locale
from factcheck.i18n import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from factcheck.services.accounts.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

from factcheck.web.context import ROLE_WORDS as ROLE_LABELS  # noqa: E402  the one list of role names
ROLE_CHOICES = [SelectChoice(role, label) for role, label in ROLE_LABELS.items()]
NEW_PASSWORD = [DataRequired(_l("Type the new password.")),
                Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                       message=_l("Use %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH,
                                  max=MAX_PASSWORD_LENGTH))]


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(_l("Type your current password.")),
                                                                     Length(max=MAX_PASSWORD_LENGTH)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=NEW_PASSWORD, render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("New password again"), validators=[EqualTo("new_password", _l("The two new passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=NEW_PASSWORD, render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Set password"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    submit = SubmitField(_l("Save role"))


class ActiveForm(FlaskForm):
    """Only a CSRF token: the route says whether it disables or enables."""

    submit = SubmitField(_l("Save"))


def language_name(code: str) -> str:
    """A language's name in that language, as its readers write it: "English", "Русский"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


class InterfaceLanguageForm(FlaskForm):
    """One's own interface language; the first choice follows the browser."""

    interface_language = SelectField(_l("Interface language"))
    submit = SubmitField(_l("Save language"))

    def __init__(self, languages: list[str], **kwargs):
        super().__init__(**kwargs)
        self.interface_language.choices = [SelectChoice("", _l("As my browser asks"))] + [
            SelectChoice(code, language_name(code)) for code in languages]
