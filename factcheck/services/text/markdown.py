"""Markdown to safe HTML: rendered without raw HTML, then sanitised."""

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


_HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str | None, *, shift: int = 2) -> Markup:
    """HTML for Markdown `text`: no scripts, event handlers, iframes or javascript: links.

    Headings move `shift` levels down, and never above h2 (the page owns h1): a verdict's `#` becomes h3 under the
    page's h2 sections; a transparency page (shift 0) is the page's own text, so its `#` and `##` are both h2.
    """
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(6, max(2, int(m[2]) + shift))}>", _markdown.render(text or ""))
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)
