"""Importing articles and reading them with their sentences and claims."""

import hashlib

from sqlalchemy import select

from factcheck.config import MAX_ARTICLE_CHARS
from factcheck.errors import NotFound, PayloadTooLarge
from factcheck.extensions import db
from factcheck.models import Article, Claim, ClaimStatus, User
from factcheck.services.audit import record
from factcheck.services.fields import clean_text, parse_instant
from factcheck.services.transaction import transactional
from factcheck.services.urls import InvalidUrl, normalise_url
from factcheck.errors import ValidationError


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _article_text(text) -> str:
    if isinstance(text, str) and len(text) > MAX_ARTICLE_CHARS:
        raise PayloadTooLarge(
            f"The article text has {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}.",
            {"text": f"At most {MAX_ARTICLE_CHARS:,} characters."},
        )
    text = clean_text(text, "text", required=True, max_length=MAX_ARTICLE_CHARS, label="Article text")
    # One canonical form, so offsets mean the same thing everywhere.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _optional_url(url) -> str | None:
    url = clean_text(url, "url", max_length=2048, label="URL")
    if not url:
        return None
    try:
        return normalise_url(url)
    except InvalidUrl as error:
        raise ValidationError(str(error), {"url": str(error)}) from error


@transactional
def create_article(actor: User, *, title, text, url=None, outlet=None, author=None,
                   published_at=None, language=None) -> Article:
    """Store a pasted or imported article; its text becomes the canonical string for anchors."""
    text = _article_text(text)
    article = Article(
        title=clean_text(title, "title", required=True, max_length=500),
        text=text,
        text_sha256=text_sha256(text),
        url=_optional_url(url),
        outlet=clean_text(outlet, "outlet", max_length=200) or None,
        author=clean_text(author, "author", max_length=200) or None,
        published_at=parse_instant(published_at, "published_at"),
        language=clean_text(language, "language", max_length=16) or None,
        imported_by_id=actor.id,
    )
    db.session.add(article)
    record(actor, "article.create", article, after={"title": article.title, "url": article.url,
                                                   "text_sha256": article.text_sha256})
    return article


def get_article(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


def claims_of_article(article: Article, *, published_only: bool) -> list[Claim]:
    query = select(Claim).where(Claim.article_id == article.id).order_by(Claim.anchor_start, Claim.id)
    if published_only:
        query = query.where(Claim.status == ClaimStatus.PUBLISHED)
    return list(db.session.scalars(query))


def recent_articles(limit: int = 20) -> list[Article]:
    return list(db.session.scalars(select(Article).order_by(Article.imported_at.desc()).limit(limit)))
