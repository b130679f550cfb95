"""What the world reads: public URLs and schema.org ClaimReview markup."""

from factcheck.models import Claim
from factcheck.services.site.transparency import PUBLISHER_PROPERTIES, page_path


def public_path(claim: Claim) -> str:
    return f"/claims/{claim.id}-{claim.slug}"


def public_url(claim: Claim, base_url: str) -> str:
    return base_url.rstrip("/") + public_path(claim)


def _day(instant) -> str | None:
    return instant.date().isoformat() if instant else None


def _appearance(claim: Claim) -> dict | None:
    article = claim.article
    if article is None or not article.url:
        return None
    work = {"@type": "CreativeWork", "url": article.url, "headline": article.title}
    if article.published_at:
        work["datePublished"] = _day(article.published_at)
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    return work


def claim_review(claim: Claim, *, base_url: str, organisation: str) -> dict:
    """schema.org ClaimReview for a published claim, with Google's required properties."""
    verdict = claim.verdict
    rating = verdict.rating
    review_rating = {"@type": "Rating", "alternateName": rating.label, "name": rating.label}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=5, worstRating=1)
    item = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {"@type": claim.claimant.kind, "name": claim.claimant.name}
    if claim.claimed_at:
        item["datePublished"] = _day(claim.claimed_at)
    appearance = _appearance(claim)
    if appearance:
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": public_url(claim, base_url),
        "claimReviewed": claim.text,
        "datePublished": _day(claim.first_published_at or claim.published_at),
        "dateModified": (claim.published_at or claim.updated_at).isoformat(),
        "author": publisher(base_url, organisation),
        "reviewRating": review_rating,
        "itemReviewed": item,
        "reviewBody": verdict.summary,
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
