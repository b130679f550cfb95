"""Desk pages: pasting articles, reading them sentence by sentence, and making claims from them."""

from flask_babel import gettext as _
from flask import flash, redirect, render_template, request, url_for
from werkzeug.routing import BuildError

from factcheck.errors import PayloadTooLarge, ValidationError
from factcheck.models import Article
from factcheck.security import access
from factcheck.services.claims import hints
from factcheck.services.reads import desk
from factcheck.services.text.anchoring import AnchorError, anchor_at
from factcheck.services.articles.articles import create_article, get_article, recent_articles, update_article
from factcheck.services.text.languages import LANGUAGE_NAMES
from factcheck.web.context import content_language_name
from factcheck.services.claims.claims import create_claim
from factcheck.services.text.sentences import split_sentences
from factcheck.web.context import acting_user, is_htmx, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.desk.claimants import suggests_claimants
from factcheck.web.desk.hints import HINTS_SHOWN
from factcheck.web.forms.articles import ArticleForm, QuoteClaimForm, SentenceClaimForm, show_domain_error

QUOTE_PREFIX = "quote"  # the quote form's field names start "quote-", so both forms can share a page


@bp.app_template_global()
def claim_workspace_url(claim_id: int) -> str:
    """The desk's page for one claim."""
    try:
        return url_for("desk.claim", claim_id=claim_id)
    except BuildError:  # the claim workspace lives in desk/claims.py
        return f"/desk/claims/{claim_id}"


def _after_save(location: str):
    """A redirect for a plain form, a full-page HX-Redirect for htmx (htmx ignores 3xx headers)."""
    if is_htmx():
        return "", 200, {"HX-Redirect": location}
    return redirect(location, code=303)


# -- articles ------------------------------------------------------------------------------

@bp.route("/articles")
@access("staff")
def articles():
    return render_template("desk/articles/index.html", articles=recent_articles(100))


@bp.route("/articles/new", methods=["GET", "POST"])
@access("staff")
def new_article():
    form = ArticleForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            article = create_article(
                acting_user(), title=form.title.data, text=form.text.data, url=form.url.data,
                outlet=form.outlet.data, author=form.author.data, published_at=form.published_at.data,
            )
        except (ValidationError, PayloadTooLarge) as error:
            errors = show_domain_error(form, error)
            return render_template("desk/articles/new.html", form=form, errors=errors), error.status
        return redirect(url_for("desk.article", article_id=article.id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("desk/articles/new.html", form=form, errors=errors), status


def _article_context(article: Article, **forms) -> dict:
    claims = desk.claims_on_article(article)
    segments = desk.article_segments(article.text, split_sentences(article.text), claims, proposals=True)
    quote_form = forms.get("quote_form") or QuoteClaimForm(prefix=QUOTE_PREFIX, formdata=None)
    suggests_claimants(quote_form.claimant, "claimant-names-quote")
    return {
        "article": article,
        "claims": claims,
        "claim_numbers": {claim.id: number for number, claim in enumerate(claims, 1)},
        "paragraphs": desk.paragraphs(article.text, segments),
        "claimant_names": desk.claimant_names(),
        "quote_form": quote_form,
        "quote_errors": forms.get("quote_errors", []),
        "hints": hints.offered_hints(article, claims),
        "hints_shown": HINTS_SHOWN,
        "language_names": {code: content_language_name(code) for code in LANGUAGE_NAMES},
    }


@bp.route("/articles/<int:article_id>")
@access("staff")
def article(article_id: int):
    return render_template("desk/articles/show.html", **_article_context(get_article(article_id)))


@bp.route("/articles/<int:article_id>/language", methods=["POST"])
@access("staff")
def set_article_language(article_id: int):
    """Correct the language of the article's content (and so of its claims); empty asks for it to be detected."""
    article = get_article(article_id)
    update_article(acting_user(), article, language=request.form.get("language", ""))
    name = content_language_name(article.language) if article.language else _("unknown")
    flash(_("The article's language is now %(language)s; its claims are searched in it.", language=name), "success")
    return redirect(url_for("desk.article", article_id=article.id), code=303)


# -- claims from the article's text ------------------------------------------------------

def _sentence_form_context(article: Article, form: SentenceClaimForm, errors: list[str]) -> dict:
    # Several inline forms can be open at once: give each its own element ids.
    suffix = f"{form.start.data}-{form.end.data}"
    for field in (form.text, form.claimant):
        field.id = f"claim-{field.name}-{suffix}"
        field.label.field_id = field.id
    suggests_claimants(form.claimant, f"claimant-names-{suffix}")
    return {"article": article, "form": form, "errors": errors, "suffix": suffix,
            "claimant_names": desk.claimant_names()}


@bp.route("/articles/<int:article_id>/claims/new")
@access("staff")
def new_claim(article_id: int):
    """The new-claim form for a span of the text, pre-filled with it: inline for htmx, a page otherwise."""
    article = get_article(article_id)
    form = SentenceClaimForm(formdata=None)
    form.start.data, form.end.data = request.args.get("start", type=int), request.args.get("end", type=int)
    try:
        span = anchor_at(article.text, form.start.data, form.end.data)
    except AnchorError as error:
        raise ValidationError(error.message, {"selector": error.message}, code=error.code) from error
    form.text.data = " ".join(span.exact.split())
    context = _sentence_form_context(article, form, [])
    return page_or_fragment("desk/articles/new_claim.html", "desk/articles/_claim_form.html", **context)


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@access("staff")
def create_article_claim(article_id: int):
    article = get_article(article_id)
    if f"{QUOTE_PREFIX}-exact" in request.form:
        return _claim_from_quote(article)
    return _claim_from_position(article)


def _claim_from_position(article: Article):
    form = SentenceClaimForm()
    errors: list[str] = []
    if form.validate():
        try:
            claim = create_claim(
                acting_user(), article=article, text=form.text.data, claimant=form.claimant.data,
                selector={"type": "TextPositionSelector", "start": form.start.data, "end": form.end.data},
            )
            return _after_save(claim_workspace_url(claim.id))
        except ValidationError as error:
            errors = show_domain_error(form, error)
    else:
        errors = [*form.start.errors, *form.end.errors][:1]
    context = _sentence_form_context(article, form, errors)
    return page_or_fragment("desk/articles/new_claim.html", "desk/articles/_claim_form.html", 422, **context)


def _claim_from_quote(article: Article):
    form = QuoteClaimForm(prefix=QUOTE_PREFIX)
    errors: list[str] = []
    if form.validate():
        selector = {"type": "TextQuoteSelector", "exact": form.exact.data,
                    "prefix": form.prefix.data or "", "suffix": form.suffix.data or ""}
        try:
            claim = create_claim(acting_user(), article=article, selector=selector,
                                 text=form.text.data, claimant=form.claimant.data)
            return _after_save(claim_workspace_url(claim.id))
        except ValidationError as error:
            errors = show_domain_error(form, error, {"selector": "exact"})
    context = _article_context(article, quote_form=form, quote_errors=errors)
    return page_or_fragment("desk/articles/show.html", "desk/articles/_quote_form.html", 422, **context)
