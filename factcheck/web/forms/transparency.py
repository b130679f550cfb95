"""The form an admin edits a transparency page with."""

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from factcheck.services.site.transparency import MAX_BODY, MAX_TITLE


class TransparencyPageForm(FlaskForm):
    title = StringField("Title", id="page-title",
                        validators=[DataRequired("Give the page a title."), Length(max=MAX_TITLE)])
    body = TextAreaField("Text (Markdown)", id="page-body", render_kw={"rows": 18},
                         validators=[DataRequired("Write the page."), Length(max=MAX_BODY)])
    submit = SubmitField("Save page")
