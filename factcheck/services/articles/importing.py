"""Importing articles from plain text, HTML files and URLs: decode, extract the main text, store."""

from factcheck.i18n import lazy_gettext as _l
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import trafilatura
from charset_normalizer import from_bytes

from sqlalchemy import select

from factcheck.errors import NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, Role, User
from factcheck.services.articles.articles import create_article, update_article
from factcheck.services.library.fetching import Fetched, FetchError, fetch
from factcheck.services.text.fields import parse_instant

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
MAX_FILE_BYTES = 10 * 1024 * 1024
# A page counts as an article when some block of it reads like prose, not like a menu.
MIN_PROSE_WORDS = 12
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[^\S\n]+")
# WHATWG: these labels mean windows-1252 in a browser, and real pages rely on it (curly quotes in 0x80-0x9F).
_BROWSER_CHARSETS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                     "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


@dataclass(frozen=True)
class Extracted:
    title: str | None
    text: str  # plain text, paragraphs separated by one blank line
    author: str | None
    published_at: datetime | None
    outlet: str | None
    canonical_url: str | None
    language: str | None


# -- bytes to text -------------------------------------------------------------------------

def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    try:
        name = codecs.lookup(_BROWSER_CHARSETS.get(label, label)).name
    except LookupError:
        return None
    return "cp1252" if name == "latin-1" else name


def _bom(data: bytes) -> str | None:
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    return None


def decode_html(html: bytes | str, declared_charset: str | None = None) -> str:
    """Decode as a browser would: byte-order mark, then the HTTP charset, then <meta charset>, then a guess."""
    if isinstance(html, str):
        return html
    meta = _META_CHARSET.search(html[:4096])
    for label in (_bom(html), declared_charset, meta.group(1).decode("ascii") if meta else None):
        codec = _codec(label)
        if codec:
            return html.decode(codec, errors="replace")
    return decode_plain_text(html)


def decode_plain_text(data: bytes) -> str:
    """UTF-8 when it is; otherwise the most likely encoding."""
    bom = _bom(data)
    if bom:
        return data.decode(bom)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("cp1252", errors="replace")


def _refuse_binary(data: bytes, what: str) -> None:
    if b"\x00" in data and not _bom(data):
        raise ValidationError(_l('%(what)s is a binary file, not text or HTML.', what=what), {"source": _l('Not text or HTML.')},
                              code="not_text")


# -- HTML to an article ------------------------------------------------------------------

def _paragraphs(text: str) -> str:
    """Plain text with one paragraph per block, separated by blank lines, spaces tidied."""
    blocks = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n\n".join(block for block in blocks if block)


def _looks_like_article(text: str) -> bool:
    return any(len(block.split()) >= MIN_PROSE_WORDS for block in text.split("\n\n"))


def _language(tree: lxml.html.HtmlElement) -> str | None:
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        found = tree.xpath("//meta[translate(@http-equiv, 'CONTENTLANGUAGE', 'contentlanguage')"
                           "='content-language']/@content") or tree.xpath("//meta[@property='og:locale']/@content")
        declared = found[0] if found else None
    return declared.strip()[:16] or None if declared else None


def _hostname(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _without_title_line(text: str, title: str | None) -> str:
    """Trafilatura repeats the headline as the first block; the article keeps it in `title` instead."""
    first, _, rest = text.partition("\n\n")
    if title and rest and " ".join(first.split()) == " ".join(title.split()):
        return rest
    return text


def extract_article(html: bytes | str, url: str | None = None, declared_charset: str | None = None) -> Extracted:
    """The main text and metadata of an HTML page; ValidationError when the page holds no article."""
    markup = _XML_DECLARATION.sub("", decode_html(html, declared_charset), count=1)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise _no_article() from error
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
    )
    if document is None or not document.text:
        raise _no_article()
    title = " ".join((document.title or "").split()) or None
    text = _without_title_line(_paragraphs(document.text), title)
    if not _looks_like_article(text):
        raise _no_article()
    canonical = document.url if document.url and document.url.startswith(("http://", "https://")) else None
    return Extracted(
        title=title, text=text, author=document.author or None,
        published_at=_published_at(document.date),
        outlet=document.sitename or _hostname(canonical or url),
        canonical_url=canonical, language=_language(tree),
    )


def _published_at(value: str | None) -> datetime | None:
    try:
        return parse_instant(value, "published_at")
    except ValidationError:
        return None


def _no_article() -> ValidationError:
    return ValidationError(_l('No article text found: the page has no block of prose to import.'),
                           {"source": _l('No article text found.')}, code="no_article")


# -- plain text to an article --------------------------------------------------------------

def _looks_like_headline(line: str) -> bool:
    return len(line) <= 200 and (not line.rstrip().endswith((".", "!", "?", ":", ";")) or len(line.split()) <= 12)


def _title_from_name(name: str) -> str:
    stem = Path(unquote(name)).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:]) if stem else "Untitled article"


def split_plain_text(text: str, name: str) -> tuple[str, str]:
    """(title, text): a headline-like first line is the title; otherwise the file's name is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n\ufeff ")
    first, _, rest = text.partition("\n")
    if rest.strip() and _looks_like_headline(first.strip()):
        return first.strip(), rest.strip("\n")
    if not text.strip():
        raise ValidationError(_l('The file is empty.'), {"source": _l('Nothing to import.')}, code="empty")
    return _title_from_name(name), text


# -- importing -------------------------------------------------------------------------------

def _store_html(actor: User, html: bytes | str, *, url: str | None, charset: str | None, name: str) -> Article:
    markup = decode_html(html, charset)
    extracted = extract_article(markup, url, None)
    # A file has no address of its own: its canonical URL is where it was published.
    return create_article(
        actor, title=(extracted.title or _title_from_name(name))[:500], text=extracted.text,
        url=url or extracted.canonical_url, outlet=extracted.outlet, author=extracted.author,
        published_at=extracted.published_at, language=extracted.language, raw_html=markup,
    )


def _store_plain_text(actor: User, data: bytes, *, name: str, url: str | None = None) -> Article:
    title, text = split_plain_text(decode_plain_text(data), name)
    return create_article(actor, title=title[:500], text=text, url=url)


def import_document(actor: User, name: str, content: bytes) -> Article:
    """Import an uploaded or local file: .txt is plain text, .html its main text and metadata."""
    suffix = Path(name).suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise ValidationError(_l('Import a .txt or .html file.'), {"source": _l('Only .txt and .html files.')},
                              code="unsupported_file")
    _refuse_binary(content, name)
    if not content.strip():
        raise ValidationError(_l('The file is empty.'), {"source": _l('Nothing to import.')}, code="empty")
    if suffix in HTML_SUFFIXES:
        return _store_html(actor, content, url=None, charset=None, name=name)
    return _store_plain_text(actor, content, name=name)


def _fetched_name(fetched: Fetched) -> str:
    return Path(urlsplit(fetched.url).path).name or _hostname(fetched.url) or "article"


def import_url(actor: User, url: str, *, fetcher: Callable[..., Fetched] | None = None) -> Article:
    """Fetch a public http(s) URL and import the article it serves."""
    return import_fetched(actor, fetch_page(url, fetcher))


def import_fetched(actor: User, fetched: Fetched) -> Article:
    """Import the article in a page fetch_page fetched."""
    if fetched.content_type in TEXT_TYPES:
        return _store_plain_text(actor, fetched.body, name=_fetched_name(fetched), url=fetched.url)
    return _store_html(actor, fetched.body, url=fetched.url, charset=fetched.charset,
                       name=_fetched_name(fetched))


def fetch_page(url: str, fetcher: Callable[..., Fetched] | None = None) -> Fetched:
    """Fetch a page to import: a success (2xx) that serves HTML or plain text, else FetchError or
    ValidationError."""
    fetched = (fetcher or fetch)(url)
    if not fetched.ok:
        raise FetchError("http_error", _l("%(url)s answered %(status)s; only a page that answers with success (2xx) "
                                          "can be imported.", url=fetched.url, status=fetched.status),
                         http_status=fetched.status)
    content_type = fetched.content_type or "an unknown type"
    if fetched.content_type and fetched.content_type not in HTML_TYPES | TEXT_TYPES:
        raise ValidationError(_l('%(fetched_url)s serves %(content_type)s, not an HTML page or plain text.', fetched_url=fetched.url, content_type=content_type),
                              {"source": _l('Not HTML or plain text.')}, code="not_html")
    _refuse_binary(fetched.body, fetched.url)
    return fetched


def importing_user(email: str | None) -> User:
    """Who imports from the command line: the user named, else the first active admin."""
    from factcheck.services.accounts.users import find_user

    if email:
        user = find_user(email)
        if user is None or not user.active:
            raise NotFound(_l('There is no active user %(email)s.', email=email))
        return user
    user = db.session.scalar(select(User).where(User.role == Role.ADMIN, User.active.is_(True))
                             .order_by(User.id).limit(1))
    if user is None:
        raise NotFound(_l('There is no admin to import as: create one with `flask --app factcheck users create EMAIL --role admin`, or pass --as EMAIL.'))
    return user


def import_article(actor: User, source: str, *, fetcher: Callable[..., Fetched] | None = None) -> Article:
    """Import from a URL (http or https) or a local .txt or .html file. Never call with untrusted paths."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source.strip()):
        return import_url(actor, source.strip(), fetcher=fetcher)
    path = Path(source).expanduser()
    if not path.is_file():
        raise ValidationError(_l('There is no file %(source)s.', source=source), {"source": _l('No such file.')}, code="no_file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError(_l("%(source)s is larger than %(limit)s bytes.", source=source, limit=format(MAX_FILE_BYTES, ",")), {"source": _l('Too large.')},
                              code="too_large")
    return import_document(actor, path.name, path.read_bytes())


def reimport_article(actor: User, article: Article, *, fetcher: Callable[..., Fetched] | None = None):
    """Fetch the article's URL again and replace its text; returns update_article's re-anchoring results."""
    return reimport_fetched(actor, article, fetch_page(article_url(article), fetcher))


def article_url(article: Article) -> str:
    """The URL a re-import fetches; ValidationError for an article that has none."""
    if not article.url:
        raise ValidationError(_l('This article has no URL to fetch again.'), {"url": _l('No URL.')}, code="no_url")
    return article.url


def reimport_fetched(actor: User, article: Article, fetched: Fetched):
    """Replace the article's text with the page fetched again (a new revision, claims re-anchored)."""
    if fetched.content_type in TEXT_TYPES:
        _, text = split_plain_text(decode_plain_text(fetched.body), _fetched_name(fetched))
    else:
        markup = decode_html(fetched.body, fetched.charset)
        text = extract_article(markup, fetched.url, None).text
        article.raw_html = markup  # committed with update_article's transaction, or rolled back with it
    return update_article(actor, article, text=text)
