"""The forms of the API token page."""

from factcheck.i18n import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class NewTokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Name the token after what will use it.")), Length(max=120)],
        render_kw={"autocomplete": "off", "placeholder": _l("e.g. CMS importer")},
    )
    submit = SubmitField(_l("Create token"))


class RevokeTokenForm(FlaskForm):
    """Only a CSRF token: revoking changes state, so it is a POST."""

    submit = SubmitField(_l("Revoke"))
