"""Public pages: published claims for everybody."""

import json
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, redirect, render_template, request
from markupsafe import Markup

from factcheck.models import Stance
from factcheck.security import access, viewer
from factcheck.services.claims import get_claim, list_claims
from factcheck.services.links import links_of
from factcheck.services.markdown import render_markdown
from factcheck.services.public import claim_excerpt, published_claimant, published_claims, rating_tally
from factcheck.services.publishing import claim_review, public_path, public_url
from factcheck.services.ratings import rating_scale
from factcheck.web.context import base_url, page_or_fragment

bp = Blueprint("public", __name__)

STANCE_WORDS = {
    Stance.SUPPORTS: "Supports the claim",
    Stance.CONTRADICTS: "Contradicts the claim",
    Stance.CONTEXT: "Context",
}
KIND_WORDS = {
    "news_report": "News report", "official_statement": "Official statement",
    "primary_document": "Primary document", "dataset": "Dataset", "interview": "Interview",
    "social_post": "Social media post", "other": "Other",
}
# U+2028 and U+2029 end a line in older JavaScript parsers; < > & could close the script element.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_for_script(data) -> Markup:
    """`data` as JSON that is safe inside a <script> element: nothing in it can end the element."""
    return Markup(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def long_date(instant) -> str:
    return f"{instant.day} {instant:%B %Y}" if instant else ""


def short_date(instant) -> str:
    return f"{instant.day} {instant:%b %Y}" if instant else ""


def web_href(url: str | None) -> str | None:
    """`url` when it is an http(s) link a reader may follow, else None."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


@bp.context_processor
def public_helpers() -> dict:
    return {"long_date": long_date, "short_date": short_date, "web_href": web_href, "public_path": public_path,
            "stance_words": STANCE_WORDS, "kind_words": KIND_WORDS}


def _search_args() -> dict:
    args = request.args
    return {"q": args.get("q", "").strip(), "rating": args.get("rating", "").strip(),
            "page": args.get("page") or None}


def _claim_list(template: str, *, intro: bool):
    search = _search_args()
    results = list_claims(None, **search)
    return page_or_fragment(template, "public/_claim_list.html", results=results, search=search,
                            ratings=rating_scale(), intro=intro)


@bp.route("/")
@access("public")
def index():
    return _claim_list("public/index.html", intro=True)


@bp.route("/claims")
@access("public")
def claims():
    return _claim_list("public/index.html", intro=False)


@bp.route("/claims/<int:claim_id>", defaults={"slug": None})
@bp.route("/claims/<int:claim_id>-<slug>")
@access("public")
def claim(claim_id: int, slug: str | None):
    found = get_claim(claim_id, None)  # unpublished claims are 404 for staff too: they use the desk
    if slug != found.slug:
        return redirect(public_path(found), code=301)
    canonical = public_url(found, base_url())
    review = claim_review(found, base_url=base_url(), organisation=current_app.config["ORGANISATION_NAME"])
    return render_template(
        "public/claim.html",
        claim=found,
        canonical=canonical,
        excerpt=claim_excerpt(found),
        explanation=render_markdown(found.verdict.explanation),
        related=links_of([found], None)[found.id],
        claim_review_json=json_for_script(review),
        staff=viewer() is not None,
    )


@bp.route("/claimants/<slug>")
@access("public")
def claimant(slug: str):
    person = published_claimant(slug)
    results = list_claims(None, claimant=person.slug, page=request.args.get("page") or None)
    return render_template("public/claimant.html", claimant=person, results=results,
                           tally=rating_tally(person))


FEED_LENGTH = 50


@bp.route("/feed.atom")
@access("public")
def feed():
    claims = published_claims(FEED_LENGTH)
    root = base_url().rstrip("/")
    body = render_template("public/feed.atom.xml", claims=claims, root=root,
                           organisation=current_app.config["ORGANISATION_NAME"],
                           updated=max((c.published_at for c in claims), default=None))
    return Response(body, mimetype="application/atom+xml")


@bp.route("/claimreview.json")
@access("public")
def claimreview_feed():
    """Every published ClaimReview as a schema.org DataFeed."""
    organisation = current_app.config["ORGANISATION_NAME"]
    claims = published_claims()
    root = base_url()
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{organisation}: fact-checks",
        "url": root.rstrip("/") + "/claimreview.json",
        "dateModified": max((c.published_at for c in claims), default=None),
        "dataFeedElement": [claim_review(c, base_url=root, organisation=organisation) for c in claims],
    }
    feed["dateModified"] = feed["dateModified"].isoformat() if feed["dateModified"] else None
    return Response(json.dumps(feed, ensure_ascii=False), mimetype="application/ld+json")
