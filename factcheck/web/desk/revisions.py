"""Desk pages for an article's new versions: pasting a new text, and reading what changed."""

from flask_babel import gettext as _
from factcheck.i18n import lazy_gettext as _l
from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from factcheck.errors import DomainError, PayloadTooLarge, ValidationError
from factcheck.models import Article
from factcheck.job_queue import enqueue
from factcheck.security import access
from factcheck.services.articles import importing
from factcheck.services.reads import desk
from factcheck.services.articles.articles import get_article, update_article
from factcheck.services.articles.revisions import revision_view, revisions_of
from factcheck.web.context import acting_user, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.desk.jobs import to_job
from factcheck.web.forms.articles import show_domain_error


class ReviseForm(FlaskForm):
    """The article's new text, pasted whole."""

    # No length check here: the service refuses an oversized text with 413 and says by how much.
    text = TextAreaField(_l("New text"), validators=[DataRequired(_l("Paste the article's new text."))],
                         render_kw={"rows": 20, "spellcheck": "false"})


def _revise_page(article: Article, form: ReviseForm, errors: list[str], status: int = 200):
    return render_template("desk/revisions/revise.html", article=article, form=form, errors=errors), status


@bp.route("/articles/<int:article_id>/revise", methods=["GET", "POST"])
@access("staff")
def revise_article(article_id: int):
    """Paste a new version of the article: the old text is kept and every claim is re-anchored."""
    article = get_article(article_id)
    form = ReviseForm()
    if request.method == "GET":
        form.text.data = article.text
        return _revise_page(article, form, [])
    if not form.validate():
        return _revise_page(article, form, [], 422)
    before = article.text_sha256
    try:
        update_article(acting_user(), article, text=form.text.data)
    except (ValidationError, PayloadTooLarge) as error:
        return _revise_page(article, form, show_domain_error(form, error), error.status)
    return _after_new_text(article, before)


def _after_new_text(article: Article, sha_before: str):
    """To the new revision's diff and re-anchoring, or back to the article when the text is the same."""
    if article.text_sha256 == sha_before:
        flash(_("The text is the same as before: nothing changed."), "info")
        return redirect(url_for("desk.article", article_id=article.id), code=303)
    flash(_("New version saved. Every claim was placed again on the new text: check those not marked Exact."), "success")
    latest = revisions_of(article)[-1]
    return redirect(url_for("desk.article_revision", article_id=article.id, revision_id=latest.id), code=303)


@bp.route("/articles/<int:article_id>/reimport", methods=["POST"])
@access("staff")
def reimport_article(article_id: int):
    """Fetch the article's URL again, in a job: a changed text becomes a new version, like a pasted one."""
    article = get_article(article_id)
    try:
        importing.article_url(article)
    except DomainError as error:
        form = ReviseForm(formdata=None)
        form.text.data = article.text
        return _revise_page(article, form, [error.message], error.status)
    return to_job(enqueue(acting_user(), "reimport_article", article_id=article.id))


@bp.route("/articles/<int:article_id>/revisions")
@access("staff")
def article_revisions(article_id: int):
    article = get_article(article_id)
    return render_template("desk/revisions/index.html", article=article, revisions=revisions_of(article))


@bp.route("/articles/<int:article_id>/revisions/<int:revision_id>")
@access("staff")
def article_revision(article_id: int, revision_id: int):
    """One revision against the text that replaced it, with the claims each change touched."""
    article = get_article(article_id)
    claims = desk.claims_on_article(article)
    view = revision_view(article, revision_id, claims)
    return page_or_fragment("desk/revisions/show.html", "desk/revisions/_diff.html",
                            article=article, view=view, reanchored=claims if view.is_latest else [])
