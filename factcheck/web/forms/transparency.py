"""The form an admin edits a transparency page with."""

from factcheck.i18n import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from factcheck.services.site.transparency import MAX_BODY, MAX_TITLE


class TransparencyPageForm(FlaskForm):
    title = StringField(_l("Title"), id="page-title",
                        validators=[DataRequired(_l("Give the page a title.")), Length(max=MAX_TITLE)])
    body = TextAreaField(_l("Text (Markdown)"), id="page-body", render_kw={"rows": 18},
                         validators=[DataRequired(_l("Write the page.")), Length(max=MAX_BODY)])
    submit = SubmitField(_l("Save page"))
