"""Every payload of the hostile corpus, in every user-controlled field, is inert on every public URL."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus
from factcheck.services.articles import articles
from factcheck.services.claims import claims, evidence as sources, links, verdicts, workflow
from tests.factories import make_user
from tests.fixtures.hostile import HOSTILE, MARKER

# Every element the public templates (and sanitised Markdown) may produce.
KNOWN_ELEMENTS = {
    "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav", "ul", "ol", "li", "form",
    "input", "button", "main", "div", "p", "h1", "h2", "h3", "h4", "section", "article", "aside", "footer",
    "span", "time", "mark", "blockquote", "figure", "figcaption", "cite", "dl", "dt", "dd", "select", "option",
    "label", "details", "summary", "strong", "em", "code", "pre", "br", "hr", "abbr",
}
URL_ATTRIBUTES = {"href", "src", "action", "cite", "formaction", "data", "poster", "background"}
ORGANISATION_JSON_LD = '<script type="application/ld+json">'


class ElementCollector(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture
def hostile_site(app):
    """One published claim per payload, the payload in every field a person can type into."""
    with app.app_context():
        editor = make_user("editor")
        made = [_hostile_claim(editor, n, payload) for n, payload in enumerate(HOSTILE)]
        for first, second in zip(made, made[1:]):
            links.link_claims(editor, first, second, "contradicts", note=f"Link note {HOSTILE[0]}")
        for claim in made:
            workflow.transition(editor, claim, "in_review")
            workflow.transition(editor, claim, "published")
        for n, claim in enumerate(made):  # a correction, whose note is public
            workflow.transition(editor, claim, "in_review")
            workflow.transition(editor, claim, "published", note=f"Correction {HOSTILE[n]}")
        rows = db.session.scalars(select(Claim).where(Claim.status == ClaimStatus.PUBLISHED).order_by(Claim.id)).all()
        return [{"id": c.id, "path": f"/claims/{c.id}-{c.slug}", "article": c.article_id,
                 "claimant": c.claimant.slug} for c in rows]


def _hostile_claim(editor, n: int, payload: str):
    article = articles.create_article(
        editor, title=f"Title {payload}", url=f"https://news.example/{n}", outlet=f"Outlet {payload}",
        author=f"Author {payload}", published_at="2024-03-04",
        text=f"The speech began at noon. Then she said: Quote {n} {payload} and left the hall.",
    )
    claim = claims.create_claim(editor, article=article, text=f"Claim {payload}", claimant=f"Claimant {n} {payload}",
                                selector={"type": "TextQuoteSelector", "exact": f"Quote {n} {payload}"})
    source, _ = sources.find_or_create_source(
        editor, url=f"https://stats.example/{n}", title=f"Source {payload}", publisher=f"Publisher {payload}",
        author=f"Source author {payload}", kind="dataset", archive_url=f"https://archive.example/{n}",
    )
    sources.attach_evidence(editor, claim, source=source, stance="contradicts", quote=f"Evidence {payload}",
                            note=f"Note {payload}")
    verdicts.set_verdict(editor, claim, rating="false", summary=f"Summary {payload}",
                         explanation=f"Explanation {payload}\n\n{payload}\n\n- item {payload}")
    return claim


def public_urls(site) -> list[str]:
    urls = ["/", "/claims", "/claims?q=" + quote(MARKER), "/claims?q=" + quote(HOSTILE[0]),
            "/claims?claimant=" + quote(site[0]["claimant"]) + "&outlet=" + quote("Outlet " + HOSTILE[1]),
            "/feed.atom", "/claimreview.json", "/api/v1/claims", "/api/v1/claims?q=script"]
    for claim in site:
        urls += [claim["path"], f"/claimants/{claim['claimant']}", f"/articles/{claim['article']}",
                 f"/api/v1/claims/{claim['id']}"]
    return urls


def assert_inert_html(url: str, html: str) -> None:
    page = ElementCollector()
    page.feed(html)
    for tag, attributes in page.elements:
        assert tag in KNOWN_ELEMENTS, f"{url}: a payload made a <{tag}> element"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"{url}: <{tag} {name}> is an event handler"
            assert name not in ("style", "srcdoc", "autofocus"), f"{url}: <{tag} {name}>"
            assert MARKER not in name, f"{url}: a payload made the attribute {name!r}"
            if name in URL_ATTRIBUTES and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in ("", "http", "https"), f"{url}: <{tag} {name}={value!r}>"
                assert "evil.example" not in value, f"{url}: <{tag} {name}={value!r}>"
        if tag == "meta":
            assert "http-equiv" not in attributes, f"{url}: a payload made a <meta http-equiv>"
        if tag == "script":
            assert attributes.get("src", "").startswith("/static/") or attributes == {"type": "application/ld+json"}, (
                f"{url}: <script {attributes}>")
        if tag == "form":
            assert not urlsplit(attributes.get("action", "")).netloc, f"{url}: a form posts elsewhere"
    for script in page.scripts:
        if script:
            assert "<" not in script and ">" not in script, f"{url}: markup inside a JSON-LD block"
            review = json.loads(script)  # the block is JSON, whatever the payload
            assert review["@type"] == "ClaimReview"
            assert review["claimReviewed"].startswith("Claim ")


def assert_payloads_are_text(url: str, value) -> None:
    """Each payload in a JSON document is a string value, never a key or structure."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert MARKER not in key, f"{url}: a payload became the key {key!r}"
            assert_payloads_are_text(url, item)
    elif isinstance(value, list):
        for item in value:
            assert_payloads_are_text(url, item)


def test_every_public_url_keeps_every_payload_inert(client, hostile_site):
    urls = public_urls(hostile_site)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        body = response.get_data(as_text=True)
        if response.mimetype == "text/html":
            assert_inert_html(url, body)
            assert "7*7" not in body or "{{ 7*7 }}" in body  # shown, never evaluated as a template
        elif response.mimetype == "application/atom+xml":
            feed = ET.fromstring(response.data)  # well-formed whatever the payload
            namespaces = {element.tag.split("}")[0] for element in feed.iter()}
            assert namespaces == {"{http://www.w3.org/2005/Atom"}, f"{url}: a payload made an element"
        else:
            assert response.mimetype in ("application/json", "application/ld+json"), url
            assert_payloads_are_text(url, json.loads(body))
    assert len(urls) >= 4 * len(HOSTILE)


def test_payloads_are_shown_as_text_where_a_reader_reads_them(client, hostile_site):
    claim = hostile_site[1]  # </script><script>alert('xss')</script>
    html = client.get(claim["path"]).get_data(as_text=True)

    escaped = "&lt;/script&gt;&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"
    for label in ("Claim", "Summary", "Source", "Publisher", "Evidence", "Correction", "Outlet", "Title"):
        assert f"{label} {escaped}" in html, label
    assert "Note " not in html  # evidence notes are internal


def test_a_search_for_a_payload_is_safe_and_finds_its_claim(client, hostile_site):
    response = client.get("/claims?q=" + quote("<svg onload=alert('xss')>"))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert_inert_html("search", html)
    assert "Claim &lt;svg onload=alert(&#39;xss&#39;)&gt;" in html
