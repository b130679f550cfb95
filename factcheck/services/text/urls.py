"""URL normalisation, so that one source is never stored twice (a pure function)."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from factcheck.i18n import lazy_gettext as _l

TRACKING_PARAMETER = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2048


class InvalidUrl(ValueError):
    """Not an absolute http(s) URL."""


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment, tracking parameters or trailing slash."""
    url = (url or "").strip()
    if not url:
        raise InvalidUrl(_l("Enter a URL."))
    if len(url) > MAX_URL_LENGTH:
        raise InvalidUrl(_l("A URL may have at most %(num)s characters.", num=MAX_URL_LENGTH))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidUrl(_l("This URL cannot be read: %(error)s.", error=str(error))) from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidUrl(_l("Only http and https URLs can be sources."))
    host = (parts.hostname or "").rstrip(".")
    if not host or any(ch.isspace() for ch in url):
        raise InvalidUrl(_l("This URL has no valid host name."))
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal keeps its brackets
        netloc = f"[{host}]" + ("" if port in (None, DEFAULT_PORTS[scheme]) else f":{port}")
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not TRACKING_PARAMETER.match(k)],
        doseq=True,
    )
    return urlunsplit((scheme, netloc, path, query, ""))
