"""The public pages: published claim pages, the index, search, claimant pages."""

import itertools
import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services.articles import articles
from factcheck.services.claims import claims, evidence as sources, verdicts, workflow
from factcheck.cli.demo import CLAIMS, load_demo
from factcheck.services.reads.public import quote_in_context
from factcheck.web.public import json_for_script
from tests.factories import make_user
from tests.fixtures.claim_review import expand_offline, missing_google_properties

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "</script>",
]
_source_numbers = itertools.count(1)
ARTICLE_TEXT = ("The debate went on all evening in the chamber. The minister said that {quote} since "
                "last spring. Critics said the figures were chosen to flatter the government.")


def make_checked_claim(*, status="published", quote="unemployment fell by half", text=None,
                       claimant="Jane Minister", rating="false", summary="The figures show a small fall.",
                       explanation="Official data show a **fall of 3%**.", source_titles=("Labour survey",),
                       evidence_note="Internal: ask the statistics office again.") -> int:
    """A claim in an article, with a verdict and sources, moved to `status`; returns its id."""
    editor = make_user("editor")
    article = articles.create_article(
        editor, title="Minister defends record", text=ARTICLE_TEXT.format(quote=quote),
        url="https://news.example/minister-record", outlet="News Example", published_at="2024-03-04",
    )
    claim = claims.create_claim(editor, article=article, text=text, claimant=claimant,
                                selector={"type": "TextQuoteSelector", "exact": quote})
    add_sources(editor, claim, source_titles, note=evidence_note)
    verdicts.set_verdict(editor, claim, rating=rating, summary=summary, explanation=explanation)
    if status in ("in_review", "published"):
        workflow.transition(editor, claim, "in_review")
    if status == "published":
        workflow.transition(editor, claim, "published")
    return claim.id


def add_sources(actor, claim, titles, note=""):
    for title in titles:
        source, _ = sources.find_or_create_source(
            actor, url=f"https://stats.example/tables/{next(_source_numbers)}", title=title,
            publisher="Statistics Office", kind="dataset", archive_url="https://archive.example/snapshot/1",
        )
        sources.attach_evidence(actor, claim, source=source, stance="contradicts",
                                quote="The rate fell from 6.1% to 5.9%.", note=note)


def claim_path(app, claim_id: int) -> str:
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        return f"/claims/{claim.id}-{claim.slug}"


def demo_claim_path(app, key: str) -> str:
    with app.app_context():
        load_demo()
        claim = db.session.scalar(select(Claim).where(Claim.text == CLAIMS[key][1]))
        return f"/claims/{claim.id}-{claim.slug}"


def claim_review_of(html: str) -> dict:
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1, f"expected one JSON-LD block, found {len(blocks)}"
    return json.loads(blocks[0])


# -- the serialiser and the excerpt --------------------------------------------------------

def test_json_for_script_keeps_a_closing_script_tag_inert():
    text = "</script><script>alert(1)</script> & \u2028"
    serialised = str(json_for_script({"claimReviewed": text}))

    assert "<" not in serialised and ">" not in serialised and "&" not in serialised
    assert "\u2028" not in serialised
    assert "\\u003c/script\\u003e" in serialised
    assert json.loads(serialised) == {"claimReviewed": text}


def test_the_excerpt_is_a_window_around_the_quote_cut_at_words():
    text = " ".join(f"word{n}" for n in range(200))
    start = text.index("word100")
    excerpt = quote_in_context(text, start, start + len("word100"), window=100)

    assert excerpt.quote == "word100"
    assert excerpt.cut_before and excerpt.cut_after
    assert excerpt.before.startswith("word") and excerpt.after.endswith(tuple("0123456789"))
    assert 80 <= len(excerpt.before + excerpt.quote + excerpt.after) <= 110


def test_a_quote_near_the_start_keeps_the_whole_beginning():
    excerpt = quote_in_context("Short text with a quote in it.", 0, 5)
    assert (excerpt.before, excerpt.quote, excerpt.cut_before, excerpt.cut_after) == ("", "Short", False, False)


# -- the claim page ------------------------------------------------------------------------

def test_a_published_claim_page_shows_the_quote_in_context_and_the_verdict(app, client):
    path = demo_claim_path(app, "restored")

    response = client.get(path)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<mark class="claim-quote">order had been restored in Kazakhstan</mark>' in html
    assert '<span class="badge rating-false">False</span>' in html
    assert "Shots and fighting were reported in Almaty" in html
    assert "order <strong>had been restored</strong>" in html  # the explanation's Markdown
    assert "Tokayev orders troops to fire without warning" in html  # the article title
    assert 'href="https://web.archive.org' not in html
    assert 'rel="noopener noreferrer nofollow"' in html
    archived = 'href="https://archive.example/20220107/tass.example/world/almaty-shots-fired-overnight"'
    assert archived in html and html.count(">Archived copy<") == 3  # each of its three sources
    assert "Contradicts" in html and "Shots were fired late into the night" in html
    assert "No corrections." in html
    assert "Published" in html and "Draft" not in html and "In review" not in html


def test_the_claim_page_embeds_one_claim_review_with_googles_required_properties(app, client):
    path = demo_claim_path(app, "restored")

    html = client.get(path).get_data(as_text=True)
    review = claim_review_of(html)

    canonical = f"http://localhost{path}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta name="description"' in html
    assert review["@type"] == "ClaimReview"
    assert review["url"] == canonical
    assert review["claimReviewed"] == "Order has been restored in Kazakhstan."
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["author"]["name"]
    assert review["datePublished"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == "Kassym-Jomart Tokayev"
    assert item["appearance"]["url"] == item["firstAppearance"]["url"]


def test_the_bare_id_redirects_permanently_to_the_canonical_url(app, client):
    path = demo_claim_path(app, "restored")
    claim_id = path.split("/")[2].split("-")[0]

    for wrong in (f"/claims/{claim_id}", f"/claims/{claim_id}-an-old-slug"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response.headers["Location"].endswith(path)


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_unpublished_claims_are_not_found_by_anybody(app, client, auth, status):
    with app.app_context():
        claim_id = make_checked_claim(status=status)
    path = claim_path(app, claim_id)

    assert client.get(path).status_code == 404
    assert client.get(f"/claims/{claim_id}").status_code == 404
    auth.login_as("editor")
    assert client.get(path).status_code == 404


def test_a_missing_claim_is_not_found(client):
    assert client.get("/claims/999999").status_code == 404


def test_staff_get_an_edit_link_and_the_public_does_not(app, client, auth):
    with app.app_context():
        claim_id = make_checked_claim()
    path = claim_path(app, claim_id)

    assert "Edit in desk" not in client.get(path).get_data(as_text=True)
    auth.login_as("factchecker")
    assert f'href="/desk/claims/{claim_id}">Edit in desk' in client.get(path).get_data(as_text=True)


def test_internal_notes_and_staff_emails_stay_off_the_public_page(app, client):
    with app.app_context():
        claim_id = make_checked_claim(evidence_note="Internal: ask the statistics office again.")
        staff_email = db.session.get(Claim, claim_id).assignee.email

    html = client.get(claim_path(app, claim_id)).get_data(as_text=True)

    assert "ask the statistics office" not in html
    assert staff_email not in html and "@example.org" not in html
    assert "The rate fell from 6.1% to 5.9%." in html  # the quote from the source is public
    assert "Archived copy" in html


def test_hostile_text_is_inert_on_the_page_and_in_the_json_ld(app, client):
    hostile = " ".join(HOSTILE)
    with app.app_context():
        claim_id = make_checked_claim(
            text=f"Claim {hostile}", claimant=f"Mallory {HOSTILE[0]}", summary=f"Summary {hostile}",
            explanation=f"Explanation {hostile}\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))",
            source_titles=(f"Source {hostile}",),
        )

    html = client.get(claim_path(app, claim_id)).get_data(as_text=True)

    for tag in SCRIPT_TAG.findall(html):
        assert "src=" in tag or tag == '<script type="application/ld+json">', tag
    assert html.count("</script>") == len(SCRIPT_TAG.findall(html))
    assert "<img" not in html
    assert not re.search(r"""href\s*=\s*["']?\s*javascript""", html, re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    block = JSON_LD.findall(html)[0]
    assert "<" not in block and ">" not in block
    review = json.loads(block)
    assert review["claimReviewed"] == f"Claim {hostile}"
    assert review["itemReviewed"]["author"]["name"] == f"Mallory {HOSTILE[0]}"


def test_related_claims_show_only_published_ones_with_their_wording(app, client):
    path = demo_claim_path(app, "restored")

    html = client.get(path).get_data(as_text=True)

    # "fighting" contradicts "restored" but is still in review.
    assert "There was fighting in Almaty on Friday morning." not in html
    assert html.count('class="related__item"') == 1


def test_a_correction_shows_with_its_date_and_note(app, client):
    with app.app_context():
        claim_id = make_checked_claim()
        editor = make_user("editor")
        claim = db.session.get(Claim, claim_id)
        workflow.transition(editor, claim, "in_review")
        workflow.transition(editor, claim, "published", note="We corrected the survey date.")

    html = client.get(claim_path(app, claim_id)).get_data(as_text=True)

    assert "We corrected the survey date." in html
    assert "No corrections." not in html


def test_the_claim_page_query_count_does_not_grow_with_its_sources(app, client, count_queries):
    with app.app_context():
        claim_id = make_checked_claim(source_titles=("First source",))
    path = claim_path(app, claim_id)
    client.get(path)
    app.extensions["rendered_pages"].clear()

    with count_queries() as one_source:
        assert client.get(path).status_code == 200
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        editor = make_user("editor")
        workflow.transition(editor, claim, "in_review")
        add_sources(editor, claim, [f"Source {n}" for n in range(5)])
        workflow.transition(editor, claim, "published", note="More sources.")
        assert len(claim.evidence) == 6
    with count_queries() as six_sources:
        html = client.get(path).get_data(as_text=True)  # a new edition: rendered again

    assert html.count('class="source"') == 6
    assert len(six_sources) == len(one_source)


def test_a_page_rendered_for_one_reader_serves_the_next_until_anything_changes(app, client, count_queries):
    with app.app_context():
        claim_id = make_checked_claim(source_titles=("First source",))
    path = claim_path(app, claim_id)
    first = client.get(path)
    with count_queries() as again:
        second = client.get(path)
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        editor = make_user("editor")
        workflow.transition(editor, claim, "in_review")
        add_sources(editor, claim, ["Second source"])
        workflow.transition(editor, claim, "published", note="One more source.")
    after_change = client.get(path).get_data(as_text=True)

    assert second.get_data() == first.get_data()
    assert len(again) == 1  # the edition: nothing else is read for a page already rendered
    assert "Second source" in after_change


def test_with_page_cache_off_every_request_renders_the_page_and_nothing_is_kept(app, client, count_queries):
    with app.app_context():
        claim_id = make_checked_claim(source_titles=("First source",))
    path = claim_path(app, claim_id)
    app.config["PAGE_CACHE"] = False
    first = client.get(path)
    with count_queries() as again:
        second = client.get(path)

    assert second.status_code == 200 and second.get_data() == first.get_data()
    assert len(again) > 1  # the page's own queries, not only the edition
    assert second.headers["ETag"] == first.headers["ETag"]  # validators and 304s stay
    assert len(app.extensions["rendered_pages"]._pages) == 0


def test_anonymous_readers_get_no_cookie_and_signed_in_staff_never_a_shared_page(app, client, auth):
    with app.app_context():
        claim_id = make_checked_claim()
    path = claim_path(app, claim_id)
    anonymous = client.get(path)
    auth.login_as("editor")
    signed_in = client.get(path)

    assert "Set-Cookie" not in anonymous.headers and 'name="csrf-token"' not in anonymous.get_data(as_text=True)
    assert anonymous.headers["Cache-Control"].startswith("public")
    assert signed_in.headers["Cache-Control"] == "private, no-store"
    assert "Edit in desk" in signed_in.get_data(as_text=True)
    assert "Edit in desk" not in anonymous.get_data(as_text=True)


def test_public_pages_send_a_content_security_policy(app, client):
    path = demo_claim_path(app, "restored")
    for url in ("/", "/claims", path):
        policy = client.get(url).headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


# -- the index and search ------------------------------------------------------------------

def published_texts():
    return [text for _, text, _, status, *_ in CLAIMS.values() if status == "published"]


def unpublished_texts():
    return [text for _, text, _, status, *_ in CLAIMS.values() if status != "published"]


@pytest.mark.parametrize("url", ["/", "/claims"])
def test_the_index_lists_only_published_claims(app, client, url):
    with app.app_context():
        load_demo()

    html = client.get(url).get_data(as_text=True)

    assert all(text in html for text in published_texts())
    assert not any(text in html for text in unpublished_texts())
    assert html.count('class="claim-card"') == len(published_texts())
    assert '<label for="search-q">' in html and '<label for="search-rating">' in html
    assert html.count("<h1") == 1


def test_search_finds_published_claims_by_their_words(app, client):
    with app.app_context():
        load_demo()

    html = client.get("/claims?q=troops").get_data(as_text=True)

    assert "Russia is sending 2,500 troops to Kazakhstan." in html
    assert html.count('class="claim-card"') == 1
    assert "1 fact-check found" in html


def test_search_never_finds_unpublished_claims(app, client):
    with app.app_context():
        load_demo()

    html = client.get("/claims?q=bandits").get_data(as_text=True)

    assert "twenty thousand bandits" not in html
    assert "No published fact-checks match" in html


def test_the_rating_filter_keeps_one_rating(app, client):
    with app.app_context():
        load_demo()

    html = client.get("/claims?rating=true").get_data(as_text=True)

    assert "Russia is sending 2,500 troops to Kazakhstan." in html
    assert html.count('class="claim-card"') == 1
    assert '<option value="true" selected>True</option>' in html


def test_an_htmx_search_gets_only_the_results(app, client):
    with app.app_context():
        load_demo()

    html = client.get("/claims?q=order", headers={"HX-Request": "true"}).get_data(as_text=True)

    assert '<section id="claim-results"' in html and "<html" not in html


def test_the_index_pages_by_keyset_with_older_and_newer_links(app, client):
    with app.app_context():
        ids = [make_checked_claim(quote=f"unemployment fell by {n} percent") for n in range(45)]

    first = client.get("/claims").get_data(as_text=True)
    older = re.search(r'href="(/claims\?older=\d+)"', first).group(1)
    second = client.get(older).get_data(as_text=True)
    third = client.get(re.search(r'href="(/claims\?older=\d+)"', second).group(1)).get_data(as_text=True)
    back = client.get(re.search(r'href="(/claims\?newer=\d+)"', third).group(1)).get_data(as_text=True)

    assert "Newer" not in first and first.count('class="claim-card"') == 20
    assert second.count('class="claim-card"') == 20 and "Newer" in second
    assert third.count('class="claim-card"') == 5 and "Older" not in third
    assert card_ids(back) == card_ids(second)
    assert card_ids(first) + card_ids(second) + card_ids(third) == sorted(ids, reverse=True)


def card_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3 class="claim-card__claim"><a href="/claims/(\d+)-', html)]


def test_search_ranks_by_relevance_then_newest(app, client):
    with app.app_context():
        weak = make_checked_claim(quote="the troops left", text="The troops left the city after talks about the border.")
        strong = make_checked_claim(quote="troops troops", text="Troops, more troops and troops again.")
        newest = make_checked_claim(quote="no soldiers", text="No soldiers were sent anywhere.")

    html = client.get("/claims?q=troop").get_data(as_text=True)

    assert card_ids(html) == [strong, weak]  # stemmed: "troop" finds "troops"; newest does not match
    assert newest not in card_ids(html)


def test_search_finds_words_from_the_claim_and_the_claimant_together(app, client):
    with app.app_context():
        load_demo()

    html = client.get("/claims?q=Tokayev+restored").get_data(as_text=True)

    assert "Order has been restored in Kazakhstan." in html
    assert html.count('class="claim-card"') == 1


@pytest.mark.parametrize("query", ['"', "troops\"", "*", "troops*", "NEAR(a b)", "a AND OR NOT", "text:troops",
                                   "-troops", "'; DROP TABLE claim; --", "(", "^troops", "💥", "\x00", "a" * 300])
def test_search_syntax_never_reaches_the_database(app, client, query):
    with app.app_context():
        load_demo()

    response = client.get("/claims", query_string={"q": query})

    assert response.status_code == 200


def test_the_api_searches_with_the_same_index(app, client):
    with app.app_context():
        load_demo()

    items = client.get("/api/v1/claims?q=Tokayev+restored").get_json()["items"]

    assert [item["text"] for item in items] == ["Order has been restored in Kazakhstan."]


def test_filters_by_claimant_outlet_and_dates(app, client):
    with app.app_context():
        first = make_checked_claim(claimant="Jane Minister")
        second = make_checked_claim(claimant="John Critic", quote="jobs grew fast")
        db.session.get(Claim, first).published_at = datetime(2024, 1, 10, 12, tzinfo=UTC)
        db.session.get(Claim, second).published_at = datetime(2024, 2, 20, 12, tzinfo=UTC)
        db.session.commit()

    by_claimant = client.get("/claims?claimant=john-critic").get_data(as_text=True)
    by_name = client.get("/claims?claimant=JANE+MINISTER").get_data(as_text=True)
    by_outlet = client.get("/claims?outlet=news+example").get_data(as_text=True)
    january = client.get("/claims?from=2024-01-01&to=2024-01-10").get_data(as_text=True)
    nothing = client.get("/claims?outlet=Elsewhere").get_data(as_text=True)

    assert card_ids(by_claimant) == [second] and card_ids(by_name) == [first]
    assert card_ids(by_outlet) == [second, first]
    assert card_ids(january) == [first] and "1 fact-check found" in january
    assert card_ids(nothing) == [] and "No published fact-checks match" in nothing
    assert 'value="2024-01-10"' in january and '<details class="search-form__more" open>' in january
    assert client.get("/claims?from=yesterday").status_code == 422


def test_filters_survive_pagination(app, client):
    with app.app_context():
        for n in range(21):
            make_checked_claim(quote=f"unemployment fell by {n} percent")

    html = client.get("/claims?outlet=News+Example&rating=false").get_data(as_text=True)

    assert re.search(r'href="/claims\?older=\d+&amp;rating=false&amp;outlet=News\+Example"', html)


# -- the public article view ---------------------------------------------------------------

def test_the_public_article_marks_only_published_claims(app, client):
    with app.app_context():
        load_demo()
        article_id = db.session.scalar(select(Claim.article_id).where(Claim.text == CLAIMS["restored"][1]))
        claims_of_article = db.session.scalars(select(Claim).where(Claim.article_id == article_id)).all()
        published = {c.anchor_exact: f"/claims/{c.id}-{c.slug}" for c in claims_of_article if c.is_published}
        unpublished = [c.anchor_exact for c in claims_of_article if not c.is_published]

    response = client.get(f"/articles/{article_id}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    marked = re.findall(r'<a class="checked-claim[^"]*" href="([^"]+)"><mark>(.*?)</mark>', html)
    assert {text: href for href, text in marked} == published
    assert unpublished and not any(f"<mark>{quote}" in html for quote in unpublished)
    assert html.count("<h1") == 1


def test_an_article_without_published_claims_is_not_found(app, client):
    with app.app_context():
        claim_id = make_checked_claim(status="in_review")
        article_id = db.session.get(Claim, claim_id).article_id

    assert client.get(f"/articles/{article_id}").status_code == 404
    assert client.get("/articles/999999").status_code == 404


# -- sharing and printing ------------------------------------------------------------------

def test_the_claim_page_has_opengraph_and_twitter_cards(app, client):
    path = demo_claim_path(app, "restored")

    html = client.get(path).get_data(as_text=True)

    assert f'<meta property="og:url" content="http://localhost{path}">' in html
    assert '<meta property="og:title" content="False: Order has been restored in Kazakhstan.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert re.search(r'<meta property="og:description" content="[^"]+">', html)
    assert re.search(r'<meta name="twitter:description" content="[^"]+">', html)


def test_the_public_css_has_a_print_layout(client):
    css = client.get("/static/css/public.css").get_data(as_text=True)

    assert "@media print" in css and ".site-header" in css.split("@media print", 1)[1]


# -- ClaimReview against Google's list and a JSON-LD processor -------------------------------

def test_the_claim_review_has_googles_required_and_recommended_properties(app, client):
    path = demo_claim_path(app, "restored")

    review = claim_review_of(client.get(path).get_data(as_text=True))

    assert missing_google_properties(review) == []
    assert review["reviewRating"]["ratingValue"] == 1
    assert (review["reviewRating"]["worstRating"], review["reviewRating"]["bestRating"]) == (1, 5)
    assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"


def test_the_claim_review_expands_as_json_ld_without_errors(app, client):
    path = demo_claim_path(app, "restored")

    expanded = expand_offline(claim_review_of(client.get(path).get_data(as_text=True)))

    (review,) = expanded
    assert review["@type"] == ["https://schema.org/ClaimReview"]
    assert review["https://schema.org/url"] == [{"@id": f"http://localhost{path}"}]
    assert review["https://schema.org/reviewRating"][0]["https://schema.org/alternateName"] == [{"@value": "False"}]


# -- caching -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/claims?q=troops", "restored", "/claimants/kazakh-authorities",
                                  "/feed.atom", "/claimreview.json", "article"])
def test_anonymous_public_pages_answer_304_until_something_changes(app, client, path):
    path = public_url_for(app, path)

    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    assert first.headers["ETag"].startswith('W/"')
    assert again.status_code == 304 and again.data == b""
    with app.app_context():
        claim = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["restored"][1]))
        workflow.transition(make_user("editor"), claim, "in_review")
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code in (200, 404) and changed.headers.get("ETag") != first.headers["ETag"]


def public_url_for(app, path: str) -> str:
    if path == "restored":
        return demo_claim_path(app, "restored")
    with app.app_context():
        load_demo()
        if path == "article":
            return f"/articles/{db.session.scalar(select(Claim.article_id).where(Claim.text == CLAIMS['restored'][1]))}"
    return path


def test_signed_in_views_are_never_cached(app, client, auth):
    path = demo_claim_path(app, "restored")
    auth.login_as("editor")

    for url in (path, "/", "/claims", "/desk/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url
        assert "ETag" not in response.headers, url


def test_signed_in_pages_are_rendered_for_every_request_and_never_kept(app, client, auth):
    path = demo_claim_path(app, "restored")
    claim_id = int(path.split("/")[2].split("-")[0])
    auth.login_as("editor")
    assert "A text nobody has seen yet." not in client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    with app.app_context():
        db.session.get(Claim, claim_id).text = "A text nobody has seen yet."
        db.session.commit()

    for url in (f"/desk/claims/{claim_id}", path, "/desk/"):
        assert client.get(url).status_code == 200
    assert "A text nobody has seen yet." in client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert len(app.extensions["rendered_pages"]._pages) == 0


def test_a_signed_in_view_of_a_public_page_reads_no_edition(app, client, auth, count_queries):
    path = demo_claim_path(app, "restored")
    auth.login_as("editor")
    client.get(path)

    with count_queries() as statements:
        assert client.get(path).status_code == 200
    assert not any("data_edition" in statement for statement in statements)
    assert client.get("/claimreview.json").status_code == 200  # the DataFeed reads it when it needs it


def test_an_htmx_fragment_and_the_page_have_different_etags(app, client):
    with app.app_context():
        load_demo()

    page = client.get("/claims?q=order")
    fragment = client.get("/claims?q=order", headers={"HX-Request": "true"})

    assert page.headers["ETag"] != fragment.headers["ETag"]
    assert "HX-Request" in page.headers["Vary"] and "Cookie" in page.headers["Vary"]


# -- a fixed number of SQL statements per page ------------------------------------------------

def statements_for(client, count_queries, path: str) -> int:
    """The statements of rendering `path` (not of answering it from the rendered pages)."""
    client.application.extensions["rendered_pages"].clear()
    with count_queries() as statements:
        assert client.get(path).status_code == 200, path
    return len(statements)


# A search asks first which claimants' names hold its words, then counts and loads one page.
PAGE_STATEMENTS = {"/": 3, "/claims?q=minister": 5, "/claims?rating=false&outlet=News+Example": 4,
                   "claim": 3, "claimant": 5, "article": 3, "/feed.atom": 2, "/claimreview.json": 3}


def test_public_pages_issue_a_fixed_number_of_statements_whatever_the_data_size(app, client, count_queries):
    def measure() -> dict:
        with app.app_context():
            claim = db.session.get(Claim, ids[-1])
            paths = {"claim": f"/claims/{claim.id}-{claim.slug}", "claimant": f"/claimants/{claim.claimant.slug}",
                     "article": f"/articles/{claim.article_id}"}
        return {key: statements_for(client, count_queries, paths.get(key, key)) for key in PAGE_STATEMENTS}

    with app.app_context():
        ids = [make_checked_claim(quote=f"unemployment fell by {n} percent") for n in range(3)]
    small = measure()
    with app.app_context():
        ids += [make_checked_claim(quote=f"jobs grew by {n} percent", source_titles=("A", "B", "C"))
                for n in range(25)]
    large = measure()

    assert small == large == PAGE_STATEMENTS
# -- claimant pages ------------------------------------------------------------------------

def test_a_claimant_page_lists_published_claims_with_a_count_per_rating(app, client):
    with app.app_context():
        load_demo()

    response = client.get("/claimants/kazakh-authorities")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Kazakh authorities</h1>" in html
    assert "26 protesters have been killed." in html
    assert "More than 3,000 protesters have been arrested." not in html  # in review
    assert re.search(r'rating-mixed">Mixed</span>\s*<span class="tally__count">1</span>', html)
    assert "1 published fact-check by rating" in html


def test_a_claimant_page_counts_follow_publishing_and_reopening_without_counting_claims(app, client, count_queries):
    with app.app_context():
        first = make_checked_claim(claimant="Jane Minister", rating="false")
        make_checked_claim(claimant="Jane Minister", rating="false", quote="jobs grew by 9 percent")
        make_checked_claim(claimant="Jane Minister", rating="mixed", quote="prices rose by 2 percent")
        make_checked_claim(claimant="Jane Minister", rating="true", quote="wages stood still", status="in_review")

    def page():
        return client.get("/claimants/jane-minister").get_data(as_text=True)

    with count_queries() as statements:
        html = page()
    assert "3 published fact-checks by rating" in html
    assert re.search(r'rating-false">False</span>\s*<span class="tally__count">2</span>', html)
    # One statement reads the counts per rating; the total is their sum, not a second count of the claims.
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    assert sum("count(" in statement.lower() for statement in statements) == (0 if postgresql else 1)

    with app.app_context():
        editor = make_user("editor")
        workflow.transition(editor, db.session.get(Claim, first), "in_review", note="Fix the figure.")
    html = page()
    assert "2 published fact-checks by rating" in html
    assert re.search(r'rating-false">False</span>\s*<span class="tally__count">1</span>', html)


def test_a_claimant_with_nothing_published_is_not_found(app, client):
    with app.app_context():
        make_checked_claim(status="draft", claimant="Secret Source")

    assert client.get("/claimants/secret-source").status_code == 404
    assert client.get("/claimants/nobody-at-all").status_code == 404


def test_a_search_matching_more_than_can_be_ranked_lists_them_newest_first(app, client):
    app.config["SEARCH_RANKED_AT_MOST"] = 2
    with app.app_context():
        strong = make_checked_claim(quote="troops troops", text="Troops, more troops and troops again.")
        weak = [make_checked_claim(quote=f"troops {n}", text=f"The troops left town {n} after long talks about the border.")
                for n in range(3)]

    html = client.get("/claims?q=troop").get_data(as_text=True)
    api = client.get("/api/v1/claims?q=troop").get_json()

    assert "More than 2 fact-checks found, newest first" in html
    assert card_ids(html) == [*reversed(weak), strong]  # not ranked: the strongest match is the oldest
    assert api["total"] == 4 and [item["id"] for item in api["items"]] == [*reversed(weak), strong]


def test_a_search_matching_few_enough_is_ranked_and_counted(app, client):
    app.config["SEARCH_RANKED_AT_MOST"] = 2
    with app.app_context():
        strong = make_checked_claim(quote="troops troops", text="Troops, more troops and troops again.")
        weak = make_checked_claim(quote="the troops left", text="The troops left the city after talks about the border.")

    html = client.get("/claims?q=troop").get_data(as_text=True)

    assert "2 fact-checks found" in html and "More than" not in html
    assert card_ids(html) == [strong, weak]
