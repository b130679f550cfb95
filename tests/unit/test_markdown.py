"""Markdown explanations are rendered sanitised."""

from html.parser import HTMLParser

import pytest

from factcheck.services.text.markdown import render_markdown


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "<iframe src='https://evil.example'></iframe>",
    '<a href="https://x.example" onclick="alert(1)">x</a>',
])
def test_hostile_markdown_is_inert(payload):
    elements = _Elements(render_markdown(payload)).elements
    assert {tag for tag, _ in elements} <= {"p", "a", "strong", "em"}
    for _, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")]
        assert all(attrs["href"].startswith("https:") for _ in [0] if "href" in attrs)


def test_markdown_renders_emphasis_links_and_lists():
    html = render_markdown("**bold** and [TASS](https://tass.example/x)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert 'href="https://tass.example/x"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert "<li>one</li>" in html


def test_headings_start_below_the_page_headings():
    assert render_markdown("# Title").startswith("<h3>")
