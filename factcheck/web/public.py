"""Public pages: published claims for everybody."""

import base64
import io
import json
import uuid
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file
from markupsafe import Markup

from factcheck.security import access, viewer
from factcheck.services.library import captures
from factcheck.services.claims.links import links_of
from factcheck.services.text.markdown import render_markdown
from factcheck.services.reads.public import (
    checked_quote, claim_excerpt, public_claim, public_claims, published_article, published_claimant, published_claims,
    rating_tally, read_filters, write_claimreview_feed,
)
from factcheck.services.site.publishing import claim_review, public_path, public_url
from factcheck.services.claims.corrections import recent_corrections
from factcheck.services.reads.history import correction_entries
from factcheck.services.claims.ratings import rating_scale
from factcheck.services.site.transparency import get_page
from factcheck.web.caching import current_edition, public_page
from factcheck.web.context import base_url, page_or_fragment
from factcheck.web.stored import STAND_IN_ROOT, stored_document, with_root

bp = Blueprint("public", __name__)

# U+2028 and U+2029 end a line in older JavaScript parsers; < > & could close the script element.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_for_script(data) -> Markup:
    """`data` as JSON that is safe inside a <script> element: nothing in it can end the element."""
    return Markup(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def web_href(url: str | None) -> str | None:
    """`url` when it is an http(s) link a reader may follow, else None."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


@bp.context_processor
def public_helpers() -> dict:
    return {"web_href": web_href, "public_path": public_path}


def _claim_list(template: str, *, intro: bool):
    filters = read_filters(request.args)
    results = public_claims(filters)
    return page_or_fragment(template, "public/_claim_list.html", results=results, search=filters,
                            ratings=rating_scale(), intro=intro)


@bp.route("/")
@access("public")
@public_page
def index():
    return _claim_list("public/index.html", intro=True)


@bp.route("/claims")
@access("public")
@public_page
def claims():
    return _claim_list("public/index.html", intro=False)


@bp.route("/claims/<int:claim_id>", defaults={"slug": None})
@bp.route("/claims/<int:claim_id>-<slug>")
@access("public")
@public_page
def claim(claim_id: int, slug: str | None):
    found = public_claim(claim_id)  # unpublished claims are 404 for staff too: they use the desk
    if slug != found.slug:
        return redirect(public_path(found), code=301)
    canonical = public_url(found, base_url())
    review = claim_review(found, base_url=base_url(), organisation=current_app.config["ORGANISATION_NAME"])
    excerpt = claim_excerpt(found)
    return render_template(
        "public/claim.html",
        claim=found,
        canonical=canonical,
        excerpt=excerpt,
        as_checked=None if excerpt else checked_quote(found),
        edited_at=found.article_edited_at,
        explanation=render_markdown(found.verdict.explanation),
        related=links_of([found], None)[found.id],
        corrections=correction_entries(found.corrections),
        claim_review_json=json_for_script(review),
        staff=viewer() is not None,
    )


@bp.route("/captures/<int:capture_id>")
@access("public")
@public_page
def capture(capture_id: int):
    """A capture of a cited source for readers: its text with the quotes found in it marked, its date and hashes.

    The captured page itself is never rendered here: its text is shown escaped, and the WARC file is a download.
    """
    view = captures.capture_view(capture_id, viewer())
    return render_template("public/capture.html", capture=view.capture, source=view.source, quoted=view.quoted,
                           passages=view.passages)


@bp.route("/captures/<int:capture_id>.warc.gz")
@access("public")
def capture_warc(capture_id: int):
    """The capture's WARC file, as stored (a gzip stream of WARC records: warcio and replay tools read it)."""
    found = captures.get_capture(capture_id, viewer())
    response = send_file(io.BytesIO(captures.read_warc(found)), mimetype="application/gzip", as_attachment=True,
                         download_name=f"capture-{found.id}.warc.gz", etag=found.warc_sha256, conditional=True,
                         max_age=60)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(found.warc_sha256)).decode()}:"
    return response


@bp.route("/claimants/<slug>")
@access("public")
@public_page
def claimant(slug: str):
    person = published_claimant(slug)
    filters = read_filters({"claimant": person.slug, "older": request.args.get("older"),
                            "newer": request.args.get("newer")})
    tally = rating_tally(person)
    results = public_claims(filters, total=sum(count for _rating, count in tally))  # no second count
    return render_template("public/claimant.html", claimant=person, results=results, search=filters, tally=tally)


@bp.route("/articles/<int:article_id>")
@access("public")
@public_page
def article(article_id: int):
    """The article as published, with only its published claims marked, each linking to its fact-check."""
    return render_template("public/article.html", view=published_article(article_id))


@bp.route("/about/<slug>")
@access("public")
@public_page
def about(slug: str):
    """A transparency page: methodology, corrections policy, ownership and funding, contact."""
    page = get_page(slug)
    return render_template("public/about.html", page=page, body=render_markdown(page.body, shift=0))


@bp.route("/corrections")
@access("public")
@public_page
def corrections():
    """Every correction of a published fact-check, newest first, a page at a time (?older=<correction id>)."""
    older = request.args.get("older", "")
    corrections, next_older = recent_corrections(older=int(older) if older.isdigit() else None)
    return render_template("public/corrections.html", corrections=correction_entries(corrections),
                           older=next_older, paged=bool(older))


FEED_LENGTH = 50


@bp.route("/feed.atom")
@access("public")
@public_page
def feed():
    claims = published_claims(FEED_LENGTH)
    root = base_url().rstrip("/")
    body = render_template("public/feed.atom.xml", claims=claims, root=root,
                           organisation=current_app.config["ORGANISATION_NAME"],
                           updated=max((c.published_at for c in claims), default=None))
    return Response(body, mimetype="application/atom+xml")


@bp.route("/claimreview.json")
@access("public")
@public_page
def claimreview_feed():
    """Every published ClaimReview as a schema.org DataFeed, written once per edition of the public data
    (web.stored) and sent as a file. Without a PUBLIC_BASE_URL (development) it is written once whatever the
    Host, and the request's root is put in as it is sent."""
    configured, organisation = current_app.config.get("PUBLIC_BASE_URL"), current_app.config["ORGANISATION_NAME"]
    root = configured or STAND_IN_ROOT
    edition = current_edition() or uuid.uuid4().hex  # a database without its edition: written afresh
    path = stored_document("claimreview", f"{edition}\n{root}",
                           lambda out: write_claimreview_feed(out, root, organisation))
    if not configured:
        return Response(with_root(path, base_url()), mimetype="application/ld+json",
                        headers={"Content-Disposition": "inline; filename=claimreview.json"})
    return send_file(path, mimetype="application/ld+json", download_name="claimreview.json", conditional=False,
                     etag=False, max_age=None)
