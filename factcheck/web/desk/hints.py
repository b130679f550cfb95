"""Desk: attribution hints on an article's page, accepted as a claim or dismissed with one click each."""

from flask_babel import gettext as _
from flask import flash, redirect, render_template, request, url_for

from factcheck.models import Article
from factcheck.security import access
from factcheck.services.reads import desk
from factcheck.services.claims import hints as hint_service
from factcheck.services.articles.articles import get_article
from factcheck.web.context import acting_user, htmx_or_redirect, is_htmx
from factcheck.web.desk import bp

HINTS = "desk/articles/_hints.html"
HINTS_SHOWN = 30  # in text order; each one accepted or dismissed makes room for the next


def _span() -> tuple[int | None, int | None]:
    return request.form.get("start", type=int), request.form.get("end", type=int)


def _back_to(article: Article):
    """The article page again, with the new claim marked and listed: a 303 for a plain form; for htmx a reload
    (HX-Refresh: a redirect to the same page and #fragment would only scroll)."""
    if is_htmx():
        return "", 200, {"HX-Refresh": "true"}
    return redirect(url_for("desk.article", article_id=article.id) + "#hints", code=303)


@bp.route("/articles/<int:article_id>/hints/accept", methods=["POST"])
@access("staff")
def accept_hint(article_id: int):
    """A draft claim with the hint's span and claimant; the article page then shows it among the claims."""
    article = get_article(article_id)
    claim = hint_service.accept_hint(acting_user(), article, *_span())
    flash(_("Claim %(id)s made from the hint, claimed by %(name)s: “%(text)s”.", id=claim.id, name=claim.claimant.name,
            text=claim.text[:80]), "success")
    return _back_to(article)


@bp.route("/articles/<int:article_id>/hints/dismiss", methods=["POST"])
@access("staff")
def dismiss_hint(article_id: int):
    """The hint is not offered again on this article; htmx gets the hints panel without it."""
    article = get_article(article_id)
    hint_service.dismiss_hint(acting_user(), article, *_span())
    return htmx_or_redirect(
        lambda: render_template(HINTS, article=article, hints_shown=HINTS_SHOWN,
                                hints=hint_service.offered_hints(article, desk.claims_on_article(article))),
        _("Hint dismissed: it will not be offered again for this article."),
        url_for("desk.article", article_id=article.id) + "#hints", category="info")
