"""API: importing articles, reading them with sentences and claims, and marking claims in them."""

from flask import jsonify, url_for

from factcheck.errors import NotFound
from factcheck.models import Article, User
from factcheck.security import api_access, viewer
from factcheck.services.articles import articles
from factcheck.services.claims import claims, hints
from factcheck.services.text.sentences import split_sentences
from factcheck.web.api import bp
from factcheck.web.api.presenters import article_json, hint_json
from factcheck.web.api.requests import json_body, token_user
from factcheck.web.api.responses import claim_payloads, claim_response, created, with_details

ARTICLE_FIELDS = ("title", "text", "url", "outlet", "author", "published_at", "language")
CLAIM_FIELDS = ("selector", "text", "claimant", "claimed_at", "language")


def _article_payload(article: Article, who: User | None) -> dict:
    """The article with its sentences and the claims `who` may see."""
    shown = articles.claims_of_article(article, published_only=who is None)
    return article_json(article, split_sentences(article.text), claim_payloads(with_details(shown), who),
                        internal=who is not None)


@bp.route("/articles", methods=["POST"])
@api_access("staff")
def create_article():
    body = json_body(ARTICLE_FIELDS)
    article = articles.create_article(token_user(), **{name: body.get(name) for name in ARTICLE_FIELDS})
    return created(_article_payload(article, token_user()),
                   url_for("api.get_article", article_id=article.id))


@bp.route("/articles/<int:article_id>")
@api_access("public")
def get_article(article_id: int):
    return _article_payload(_readable_article(article_id), viewer())


def _readable_article(article_id: int) -> Article:
    """The article, if the caller may read it: the public only for the sake of a claim published from it."""
    article = articles.get_article(article_id)
    if viewer() is None and not articles.claims_of_article(article, published_only=True):
        raise NotFound(f"There is no article {article_id}.")
    return article


@bp.route("/articles/<int:article_id>/hints")
@api_access("public")
def article_hints(article_id: int):
    """Attributed statements as claim candidates: [{start, end, quote, claimant, source?}], offsets in code points."""
    return jsonify([hint_json(hint) for hint in hints.article_hints(_readable_article(article_id))])


@bp.route("/articles/<int:article_id>/claims", methods=["POST"])
@api_access("staff")
def create_claim(article_id: int):
    actor = token_user()
    article = articles.get_article(article_id)
    body = json_body(CLAIM_FIELDS)
    claim = claims.create_claim(actor, article=article, **{name: body.get(name) for name in CLAIM_FIELDS})
    return claim_response(claims.get_claim(claim.id, actor), actor, status=201)


@bp.route("/articles/<int:article_id>", methods=["PATCH"])
@api_access("staff")
def update_article(article_id: int):
    actor = token_user()
    article = articles.get_article(article_id)
    body = json_body(ARTICLE_FIELDS)
    articles.update_article(actor, article, **body)
    return _article_payload(articles.get_article(article_id), actor)
