"""The claim workspace forms: claim fields, verdict, evidence, links and workflow moves."""

from factcheck.i18n import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.services.claims.claims import MAX_CLAIM_TEXT
from factcheck.services.claims.evidence import MAX_QUOTE
from factcheck.services.claims.verdicts import MAX_EXPLANATION, MAX_SUMMARY


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


SOURCE_KIND_LABELS = {
    "news_report": _l("News report"),
    "official_statement": _l("Official statement"),
    "primary_document": _l("Primary document"),
    "dataset": _l("Dataset"),
    "interview": _l("Interview"),
    "social_post": _l("Social media post"),
    "other": _l("Other"),
}
STANCE_LABELS = {"supports": _l("Supports the claim"), "contradicts": _l("Contradicts the claim"),
                 "context": _l("Context")}
RELATION_LABELS = {"contradicts": _l("Contradicts"), "supports": _l("Supports"), "same-as": _l("Same claim as"),
                   "updates": _l("Updates")}


def three_way(*names: str):
    """Give a form a hidden original_<name> for each of `names`: the values an edit started from, so that a stale
    save is checked three ways (a field changed by both sides conflicts; a field only they changed stays theirs)."""
    def decorate(form_class):
        for name in names:
            setattr(form_class, f"original_{name}", HiddenField())
        form_class.three_way = names
        return form_class
    return decorate


def started_from(form: FlaskForm) -> dict | None:
    """The original_<name> values a three-way form carries, or None when it carries none (a form of older HTML)."""
    fields = [form[f"original_{name}"] for name in form.three_way]
    if all(field.raw_data in (None, []) for field in fields):
        return None
    return {name: field.data or "" for name, field in zip(form.three_way, fields, strict=True)}


@three_way("text", "claimant", "claimed_at", "assignee")
class ClaimForm(FlaskForm):
    text = TextAreaField(
        _l("Claim as checked"), id="claim-text", render_kw={"rows": 3},
        validators=[DataRequired(_l("Say what the claim states.")), Length(max=MAX_CLAIM_TEXT)])
    claimant = StringField(
        _l("Claimant"), id="claim-claimant", validators=[Optional(), Length(max=200)],
        render_kw={"list": "claimant-names", "autocomplete": "off"})
    claimed_at = DateField(_l("Claimed on"), id="claim-claimed-at", validators=[Optional()])
    assignee = SelectField(_l("Assignee"), id="claim-assignee", choices=options([("", _l("Nobody"))]),
                           validate_choice=False)
    version = HiddenField()
    submit = SubmitField(_l("Save claim"))


@three_way("rating", "summary", "explanation")
class VerdictForm(FlaskForm):
    # Always has a value, so no `required`: on a select whose first option is a rating, HTML forbids it.
    rating = SelectField(_l("Rating"), id="verdict-rating", validators=[DataRequired(_l("Choose a rating."))],
                         render_kw={"required": False})
    summary = StringField(
        _l("Summary"), id="verdict-summary",
        validators=[DataRequired(_l("Write a one-line summary.")), Length(max=MAX_SUMMARY)])
    explanation = TextAreaField(
        _l("Explanation"), id="verdict-explanation", validators=[Length(max=MAX_EXPLANATION)],
        description=_l("Markdown: **bold**, *italic*, [links](https://…), lists."), render_kw={"rows": 8})
    note = StringField(_l("Why this change"), id="verdict-note", validators=[Optional(), Length(max=2000)],
                       description=_l("Optional; kept in the verdict history."))
    version = HiddenField()
    submit = SubmitField(_l("Save verdict"))


class EvidenceForm(FlaskForm):
    url = URLField(
        _l("Source URL"), id="evidence-url",
        validators=[DataRequired(_l("Give the source's address.")), Length(max=2048)],
        description=_l("A source already in the library is reused."))
    title = StringField(_l("Title"), id="evidence-title", validators=[Optional(), Length(max=500)])
    publisher = StringField(_l("Publisher"), id="evidence-publisher", validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind of source"), id="evidence-kind", choices=options(SOURCE_KIND_LABELS.items()),
                       default="news_report")
    stance = SelectField(_l("Stance"), id="evidence-stance", choices=options(STANCE_LABELS.items()))
    quote = TextAreaField(_l("Quoted excerpt"), id="evidence-quote", render_kw={"rows": 3},
                          validators=[Optional(), Length(max=MAX_QUOTE)])
    note = TextAreaField(_l("Note"), id="evidence-note", render_kw={"rows": 2},
                         validators=[Optional(), Length(max=MAX_QUOTE)])
    submit = SubmitField(_l("Add evidence"))


def renamed(form, fields, prefix: str):
    """Give `fields` (and their labels) ids starting with `prefix`, unique on the page."""
    for field in fields:
        field.id = field.label.field_id = f"{prefix}-{field.name}"
    return form


@three_way("stance", "quote", "note")
class EvidenceRowForm(FlaskForm):
    """An evidence row edited in place: the source stays, its use on this claim changes."""

    stance = SelectField(_l("Stance"), choices=options(STANCE_LABELS.items()))
    quote = TextAreaField(_l("Quoted excerpt"), render_kw={"rows": 3}, validators=[Optional(), Length(max=MAX_QUOTE)])
    note = TextAreaField(_l("Note"), render_kw={"rows": 2}, validators=[Optional(), Length(max=MAX_QUOTE)])


@three_way("relation", "note")
class LinkRowForm(FlaskForm):
    relation = SelectField(_l("Relation"), choices=options(RELATION_LABELS.items()))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


@three_way("assignee")
class AssigneeForm(FlaskForm):
    assignee = SelectField(_l("Assignee"), id="assignee", choices=options([("", _l("Nobody"))]), validate_choice=False)
    version = HiddenField()


class LinkForm(FlaskForm):
    q = StringField(_l("Find a claim by its text"), id="link-search",
                    render_kw={"autocomplete": "off", "type": "search"},
                    validators=[Optional(), Length(max=200)])
    target = SelectField(_l("Claim in this article"), id="link-target",
                         choices=options([("", _l("Choose a claim…"))]), validate_choice=False)
    target_id = IntegerField(_l("Or a claim id"), id="link-target-id", render_kw={"inputmode": "numeric"},
                             validators=[Optional(), NumberRange(min=1)])
    relation = SelectField(_l("Relation"), id="link-relation", choices=options(RELATION_LABELS.items()))
    note = StringField(_l("Note"), id="link-note", validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Link claims"))

    def chosen_target(self) -> str | None:
        """The claim id typed in, else the one picked from the list."""
        if self.target_id.data:
            return str(self.target_id.data)
        return self.target.data or None


class TransitionForm(FlaskForm):
    note = TextAreaField(_l("Note"), id="transition-note", render_kw={"rows": 3},
                         validators=[Optional(), Length(max=2000)])
    confirm_unverified = BooleanField(_l("Publish with these quotes unverified: I have read them against their sources"),
                                      id="confirm-unverified")
    version = HiddenField()


class RestoreRevisionForm(FlaskForm):
    """Restoring an earlier verdict: the claim version the history panel showed."""

    version = HiddenField()
