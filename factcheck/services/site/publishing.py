"""What the world reads: public URLs and schema.org ClaimReview markup."""

from datetime import datetime
from typing import NamedTuple

from factcheck.models import Claim
from factcheck.services.site.transparency import PUBLISHER_PROPERTIES, page_path


def public_path(claim: "Claim | ReviewFacts") -> str:
    return f"/claims/{claim.id}-{claim.slug}"


def public_url(claim: "Claim | ReviewFacts", base_url: str) -> str:
    return base_url.rstrip("/") + public_path(claim)


def _day(instant) -> str | None:
    return instant.date().isoformat() if instant else None


class ReviewFacts(NamedTuple):
    """What a ClaimReview says of a published claim, as plain values. The claim page takes them from its claim
    (review_facts); the DataFeed reads them as the rows of one statement (services.reads.public), since half a
    million claims read as ORM objects took most of its 96 s at a million claims."""

    id: int
    slug: str
    text: str
    claimed_at: datetime | None
    first_published_at: datetime | None
    published_at: datetime | None
    updated_at: datetime
    claimant_kind: str | None
    claimant_name: str | None
    article_url: str | None
    article_title: str | None
    article_published_at: datetime | None
    article_outlet: str | None
    summary: str
    rating_label: str
    rating_value: int | None


def review_facts(claim: Claim) -> ReviewFacts:
    claimant, article, verdict = claim.claimant, claim.article, claim.verdict
    return ReviewFacts(
        claim.id, claim.slug, claim.text, claim.claimed_at, claim.first_published_at, claim.published_at,
        claim.updated_at, claimant and claimant.kind, claimant and claimant.name, article and article.url,
        article and article.title, article and article.published_at, article and article.outlet,
        verdict.summary, verdict.rating.label, verdict.rating.value)


def _appearance(facts: ReviewFacts) -> dict | None:
    if not facts.article_url:
        return None
    work = {"@type": "CreativeWork", "url": facts.article_url, "headline": facts.article_title}
    if facts.article_published_at:
        work["datePublished"] = _day(facts.article_published_at)
    if facts.article_outlet:
        work["publisher"] = {"@type": "Organization", "name": facts.article_outlet}
    return work


def claim_review(claim: Claim, *, base_url: str, organisation: str) -> dict:
    """schema.org ClaimReview for a published claim, with Google's required properties."""
    return review_of(review_facts(claim), base_url=base_url, author=publisher(base_url, organisation))


def review_of(facts: ReviewFacts, *, base_url: str, author: dict) -> dict:
    """The ClaimReview of `facts`, by `author` (publisher())."""
    review_rating = {"@type": "Rating", "alternateName": facts.rating_label, "name": facts.rating_label}
    if facts.rating_value is not None:
        review_rating.update(ratingValue=facts.rating_value, bestRating=5, worstRating=1)
    item = {"@type": "Claim"}
    if facts.claimant_name is not None:
        item["author"] = {"@type": facts.claimant_kind, "name": facts.claimant_name}
    if facts.claimed_at:
        item["datePublished"] = _day(facts.claimed_at)
    appearance = _appearance(facts)
    if appearance:
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": public_url(facts, base_url),
        "claimReviewed": facts.text,
        "datePublished": _day(facts.first_published_at or facts.published_at),
        "dateModified": (facts.published_at or facts.updated_at).isoformat(),
        "author": author,
        "reviewRating": review_rating,
        "itemReviewed": item,
        "reviewBody": facts.summary,
    }


def publisher(base_url: str, organisation: str) -> dict:
    """The organisation behind every ClaimReview, with its transparency pages (IFCN) as absolute URLs."""
    root = base_url.rstrip("/")
    return {"@type": "Organization", "name": organisation, "url": root + "/",
            **{name: root + page_path(slug) for name, slug in PUBLISHER_PROPERTIES.items()}}


def web_annotation(claim: Claim, *, base_url: str, organisation: str) -> dict:
    """The claim as a W3C Web Annotation: its verdict as the body, its anchor as the target."""
    root = base_url.rstrip("/")
    article = claim.article
    body = []
    if claim.verdict is not None:
        body = [
            {"type": "TextualBody", "purpose": "assessing", "format": "text/plain",
             "value": f"{claim.verdict.rating.label}: {claim.verdict.summary}"},
            {"type": "TextualBody", "purpose": "tagging", "value": claim.verdict.rating_key},
        ]
    if claim.is_published:
        body.append({"id": public_url(claim, base_url), "type": "Text", "format": "text/html",
                     "purpose": "describing"})
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{root}/api/v1/claims/{claim.id}/annotation",
        "type": "Annotation",
        "motivation": "assessing",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "creator": {"type": "Organization", "name": organisation, "homepage": root + "/"},
        "body": body,
        "target": {
            "source": article.url or f"{root}/api/v1/articles/{article.id}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": claim.anchor_exact,
                 "prefix": claim.anchor_prefix or "", "suffix": claim.anchor_suffix or ""},
                {"type": "TextPositionSelector", "start": claim.anchor_start, "end": claim.anchor_end},
            ],
        },
    }
