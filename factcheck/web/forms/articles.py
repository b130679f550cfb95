"""The desk's article forms: pasting an article and making claims from its text."""

from factcheck.i18n import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from factcheck.errors import DomainError


class ArticleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the article its headline.")), Length(max=500)],
                        render_kw={"autocomplete": "off"})
    # No length check here: the service refuses an oversized text with 413 and says by how much.
    text = TextAreaField(_l("Text"), validators=[DataRequired(_l("Paste the article's text."))],
                         render_kw={"rows": 16, "spellcheck": "false"})
    url = URLField(_l("URL"), validators=[Optional(), Length(max=2048)],
                   render_kw={"placeholder": "https://", "inputmode": "url"})
    outlet = StringField(_l("Outlet"), validators=[Optional(), Length(max=200)])
    author = StringField(_l("Author"), validators=[Optional(), Length(max=200)])
    published_at = DateField(_l("Published"), validators=[Optional()],
                             render_kw={"max": "9999-12-31"})
    submit = SubmitField(_l("Save article"))


class SentenceClaimForm(FlaskForm):
    """A claim from a span of the article (TextPositionSelector), usually one whole sentence."""

    start = IntegerField(widget=HiddenInput(), validators=[InputRequired(_l("Pick a sentence.")), NumberRange(min=0)])
    end = IntegerField(widget=HiddenInput(), validators=[InputRequired(_l("Pick a sentence.")), NumberRange(min=1)])
    text = TextAreaField(_l("Claim as checked"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})
    claimant = StringField(_l("Claimant"), validators=[Optional(), Length(max=200)],
                           render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Save claim"))


class QuoteClaimForm(FlaskForm):
    """A claim from an exact quote (TextQuoteSelector); prefix and suffix tell repeated quotes apart."""

    exact = TextAreaField(_l("Quote (exact)"), validators=[DataRequired(_l("Paste the words exactly as in the text."))],
                          render_kw={"rows": 2})
    prefix = StringField(_l("Text just before (optional)"), validators=[Optional(), Length(max=200)])
    suffix = StringField(_l("Text just after (optional)"), validators=[Optional(), Length(max=200)])
    text = TextAreaField(_l("Claim as checked"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    claimant = StringField(_l("Claimant"), validators=[Optional(), Length(max=200)],
                           render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Save claim"))


def show_domain_error(form: FlaskForm, error: DomainError, field_for: dict[str, str] | None = None) -> list[str]:
    """Put a service error's field messages beside the form's fields; return those no field can show."""
    field_for = field_for or {}
    unplaced = []
    for name, message in (error.fields or {}).items():
        field = form._fields.get(field_for.get(name, name))
        if field is None:
            unplaced.append(message)
        else:
            field.errors = [*field.errors, message]
    return unplaced or ([] if error.fields else [error.message])
