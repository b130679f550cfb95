"""Importing articles and reading them with their sentences and claims."""

from factcheck.i18n import lazy_gettext as _l
import hashlib

from sqlalchemy import select, update
from sqlalchemy.orm import load_only

from factcheck.config import MAX_ARTICLE_CHARS
from factcheck.errors import NotFound, PayloadTooLarge, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, Claim, ClaimStatus, User
from factcheck.services.core.audit import record
from factcheck.services.text.fields import clean_text, parse_instant
from factcheck.services.text.languages import detect_language, given_language
from factcheck.services.core.transaction import transactional
from factcheck.services.text.urls import InvalidUrl, normalise_url

# What a list of articles shows: never the text, which may run to a million characters.
LISTED_COLUMNS = (Article.id, Article.title, Article.url, Article.outlet, Article.published_at, Article.imported_at)


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
                   published_at=None, language=None, raw_html=None) -> Article:
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
        language=given_language(language) or detect_language(text),
        raw_html=raw_html,
        imported_by_id=actor.id,
    )
    db.session.add(article)
    record(actor, "article.create", article, after={"title": article.title, "url": article.url,
                                                   "text_sha256": article.text_sha256, "language": article.language})
    return article


def get_article(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(_l('There is no article %(article_id)s.', article_id=article_id))
    return article


def claims_of_article(article: Article, *, published_only: bool) -> list[Claim]:
    query = select(Claim).where(Claim.article_id == article.id).order_by(Claim.anchor_start, Claim.id)
    if published_only:
        query = query.where(Claim.status == ClaimStatus.PUBLISHED)
    return list(db.session.scalars(query))


def recent_articles(limit: int = 20) -> list[Article]:
    """The newest imports, for lists: what a list shows, without their texts."""
    return list(db.session.scalars(
        select(Article).options(load_only(*LISTED_COLUMNS)).order_by(Article.imported_at.desc()).limit(limit)))


def anchor_state(claim: Claim) -> dict:
    """What the audit log keeps of a claim's anchor."""
    return {"exact": claim.anchor_exact, "start": claim.anchor_start, "end": claim.anchor_end,
            "status": claim.anchor_status, "proposed_start": claim.anchor_proposed_start,
            "proposed_end": claim.anchor_proposed_end}


def _reanchor_claims(actor: User, article: Article, old_text: str) -> list[tuple[Claim, "Reanchoring"]]:  # noqa: F821
    from factcheck.services.text.anchoring import Anchor
    from factcheck.services.claims.claims import touch
    from factcheck.services.text.reanchoring import reanchor

    results = []
    # Locked and read afresh (as lock_claim does), so that edits of these claims take turns with this one.
    claims = db.session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.id)
                                .with_for_update(key_share=True).execution_options(populate_existing=True)).all()
    for claim in claims:
        before = anchor_state(claim)
        old = Anchor(claim.anchor_exact, claim.anchor_prefix or "", claim.anchor_suffix or "",
                     claim.anchor_start, claim.anchor_end)
        result = reanchor(old, article.text)
        claim.anchor_proposed_start = claim.anchor_proposed_end = None
        if result.status == "fuzzy" and result.anchor is not None:
            # Changed words are only a proposal: the anchor keeps the words a person placed (and checked, once
            # published) until a fact-checker confirms the new place (services.anchor_review).
            claim.anchor_proposed_start, claim.anchor_proposed_end = result.anchor.start, result.anchor.end
        elif result.anchor is not None:  # an orphan keeps its old anchor: never moved somewhere wrong
            new = result.anchor
            claim.anchor_exact, claim.anchor_prefix, claim.anchor_suffix = new.exact, new.prefix, new.suffix
            claim.anchor_start, claim.anchor_end = new.start, new.end
        claim.anchor_status, claim.anchor_similarity, claim.anchor_reason = (
            result.status, result.similarity, result.reason)
        touch(claim)
        record(actor, "claim.reanchor", claim, claim_id=claim.id, before=before,
               after=anchor_state(claim), note=result.reason)
        results.append((claim, result))
    return results


@transactional
def update_article(actor: User, article: Article, **changes) -> list[tuple[Claim, "Reanchoring"]]:  # noqa: F821
    """Change an article's fields; a new text keeps the old one as a revision and re-anchors every claim."""
    from factcheck.models import ArticleRevision

    allowed = {"text", "title", "url", "outlet", "author", "published_at", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_l('Unknown fields.'), {f: "This field cannot be changed." for f in sorted(unknown)})
    before = {"title": article.title, "url": article.url, "text_sha256": article.text_sha256,
              "language": article.language}
    if "title" in changes:
        article.title = clean_text(changes["title"], "title", required=True, max_length=500)
    if "url" in changes:
        article.url = _optional_url(changes["url"])
    for field in ("outlet", "author"):
        if field in changes:
            setattr(article, field, clean_text(changes[field], field, max_length=200) or None)
    if "language" in changes:
        _set_language(article, given_language(changes["language"]) or detect_language(changes.get("text", article.text)))
    if "published_at" in changes:
        article.published_at = parse_instant(changes["published_at"], "published_at")
    results = []
    if "text" in changes:
        text = _article_text(changes["text"])
        if text != article.text:
            db.session.add(ArticleRevision(article_id=article.id, text=article.text,
                                           text_sha256=article.text_sha256, replaced_by_id=actor.id))
            old_text, article.text, article.text_sha256 = article.text, text, text_sha256(text)
            results = _reanchor_claims(actor, article, old_text)
    record(actor, "article.update", article, before=before,
           after={"title": article.title, "url": article.url, "text_sha256": article.text_sha256,
                  "language": article.language})
    return results


def _set_language(article: Article, language: str | None) -> None:
    """A corrected language is also its claims' (their words are the article's); the claims keep their versions."""
    if language != article.language:
        article.language = language
        db.session.execute(update(Claim).where(Claim.article_id == article.id).values(language=language)
                           .execution_options(synchronize_session="fetch"))
