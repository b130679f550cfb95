"""The forms of the account pages: one's own password, and an admin's changes to someone's account."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from factcheck.services.accounts.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

ROLE_LABELS = {"factchecker": "Fact-checker", "editor": "Editor", "admin": "Admin"}
ROLE_CHOICES = [SelectChoice(role, label) for role, label in ROLE_LABELS.items()]
NEW_PASSWORD = [DataRequired("Type the new password."),
                Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                       message=f"Use {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.")]


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired("Type your current password."),
                                                                     Length(max=MAX_PASSWORD_LENGTH)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField("New password", validators=NEW_PASSWORD, render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("New password again", validators=[EqualTo("new_password", "The two new passwords differ.")],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Change password")


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=NEW_PASSWORD, render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Set password")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Save role")


class ActiveForm(FlaskForm):
    """Only a CSRF token: the route says whether it disables or enables."""

    submit = SubmitField("Save")
