"""Fetching web pages safely: http(s) only, public addresses only, bounded in time, size and redirects."""

import hashlib
import ipaddress
import os
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx
from flask import current_app, has_app_context

from factcheck.errors import DomainError
from factcheck.i18n import lazy_gettext as _l

ALLOWED_SCHEMES = {"http", "https"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
FETCH_CODES = ("invalid_url", "scheme_not_allowed", "private_address", "too_many_redirects",
               "too_large", "timeout", "connection_failed", "http_error")


def _user_agent() -> str:
    try:
        release = version("factcheck")
    except PackageNotFoundError:  # running from a checkout that was never installed
        release = "0"
    return f"factcheck/{release} (+fact-checking desk)"


USER_AGENT = _user_agent()


class FetchError(DomainError):
    """A URL that cannot or may not be fetched; `.code` says which of FETCH_CODES went wrong."""

    status = 422
    code = "fetch_failed"

    def __init__(self, code: str, message: str, http_status: int | None = None):
        super().__init__(message, {"url": message}, code=code)
        self.http_status = http_status

    @property
    def transient(self) -> bool:
        """Worth trying again later: no answer in time, no connection, or a server error (5xx, 429)."""
        if self.code in ("timeout", "connection_failed"):
            return True
        return self.http_status is not None and (self.http_status >= 500 or self.http_status == 429)


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # the media type alone, lower case ("text/html")
    charset: str | None  # as the Content-Type header declared it, if it did
    body: bytes
    sha256: str
    fetched_at: datetime  # UTC
    redirects: list[str] = field(default_factory=list)  # each URL that answered with a redirect, in order
    headers: list[tuple[str, str]] = field(default_factory=list)  # the final answer's, as sent (for WARC records)
    reason: str = ""  # the final answer's reason phrase ("OK")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class _Target:
    """One hop: the URL as asked for, and the single checked address we will connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


# -- checking a URL and its address ------------------------------------------------------

def allowed_hosts() -> set[str]:
    """Hosts an admin allows even though they resolve to internal addresses (FETCH_ALLOWED_HOSTS)."""
    if has_app_context():
        setting = current_app.config.get("FETCH_ALLOWED_HOSTS", "")
    else:
        setting = os.environ.get("FETCH_ALLOWED_HOSTS", "")
    if isinstance(setting, str):
        setting = setting.split(",")
    return {host.strip().strip("[]").lower() for host in setting if host and host.strip()}


def is_public_address(address: str) -> bool:
    """True for an address on the public internet; False for loopback, private, link-local and the like."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:a.b.c.d is simply a.b.c.d
        ip = ip.ipv4_mapped
    embedded = []
    if ip.version == 6:
        # An IPv6 address can carry an IPv4 one (6to4, Teredo): judge that too.
        embedded = [ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    for candidate in [ip, *(address for address in embedded if address is not None)]:
        if (not candidate.is_global or candidate.is_private or candidate.is_loopback
                or candidate.is_link_local or candidate.is_multicast or candidate.is_reserved
                or candidate.is_unspecified):
            return False
    return True


def split_url(url: str) -> tuple[str, str, int]:
    if not isinstance(url, str) or not url.strip():
        raise FetchError("invalid_url", _l("Give a URL starting with http:// or https://."))
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError("invalid_url", _l("%(url)s is not a valid URL.", url=repr(url))) from error
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchError("invalid_url", _l("Give the full address, starting with http:// or https://."))
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError("scheme_not_allowed", _l("Only http and https URLs can be fetched, not %(scheme)s:.",
                                                  scheme=scheme))
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError("invalid_url", _l("%(url)s has no host name.", url=repr(url)))
    try:  # an international name travels as ASCII (IDNA), in DNS and in the Host header alike
        host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise FetchError("invalid_url", _l("%(host)s is not a valid host name.", host=repr(host))) from error
    return scheme, host, port or (443 if scheme == "https" else 80)


def _resolve(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    # getaddrinfo has no timeout of its own: the system resolver's (a few seconds) bounds it.
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("connection_failed", _l("The host %(host)s could not be found.", host=host)) from error
    if not infos:
        raise FetchError("connection_failed", _l("The host %(host)s has no address.", host=host))
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str) -> _Target:
    """Parse, resolve and vet one hop; every address the host resolves to must be public unless allowed."""
    scheme, host, port = split_url(url)
    addresses = _resolve(host, port)
    if host not in allowed_hosts():
        # Refuse if ANY answer is internal: a host that mixes public and private answers is not trusted.
        private = [address for address in addresses if not is_public_address(address)]
        if private:
            if host == private[0]:
                message = _l("%(host)s is an internal address; only public addresses can be fetched.", host=host)
            else:
                message = _l("%(host)s resolves to %(address)s, an internal address; only public addresses can be "
                             "fetched.", host=host, address=private[0])
            raise FetchError("private_address", message)
    return _Target(url=url.strip(), scheme=scheme, host=host, port=port, address=addresses[0])


# -- one request to the checked address ---------------------------------------------------

def _pinned_request(client: httpx.Client, target: _Target) -> httpx.Request:
    """A request that connects to the checked address while naming the host (Host header, TLS SNI)."""
    url = httpx.URL(target.url)
    pinned = url.copy_with(host=target.address)
    default_port = 443 if target.scheme == "https" else 80
    name = f"[{target.host}]" if ":" in target.host else target.host
    host_header = name if target.port == default_port else f"{name}:{target.port}"
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    return client.build_request("GET", pinned, headers={"Host": host_header}, extensions=extensions)


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError("too_large", _l("The page is %(size)s bytes; the limit is %(limit)s.",
                                         size=format(int(declared), ","), limit=format(max_bytes, ",")))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("too_large", _l("The page is larger than the %(limit)s-byte limit.",
                                             limit=format(max_bytes, ",")))
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the whole response took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _hop(client: httpx.Client, target: _Target, deadline: float, max_bytes: int) -> tuple[httpx.Response, bytes | None]:
    """Send one request; return the response and its body (None for a redirect, whose body we skip)."""
    remaining = max(deadline - time.monotonic(), 0.001)
    request = _pinned_request(client, target)
    request.extensions["timeout"] = httpx.Timeout(remaining).as_dict()
    response = client.send(request, stream=True)
    try:
        if response.status_code in REDIRECT_STATUSES and response.headers.get("location"):
            return response, None
        return response, _read_capped(response, max_bytes, deadline)
    finally:
        response.close()


def fetch(url: str, *, max_bytes: int = 10 * 1024 * 1024, timeout: float = 10.0,
          max_redirects: int = 5) -> Fetched:
    """GET a public http(s) URL, following at most `max_redirects` redirects, each hop checked anew.

    A non-2xx final answer is returned as it is (link checks want it); see fetch_ok for imports.
    """
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"}
    # trust_env=False: a proxy from the environment would connect somewhere we did not check.
    with httpx.Client(headers=headers, follow_redirects=False, trust_env=False,
                      timeout=timeout) as client:
        while True:
            target = check_url(current)
            try:
                response, body = _hop(client, target, deadline, max_bytes)
            except httpx.TimeoutException as error:
                raise FetchError("timeout", _l("%(host)s did not answer within %(seconds)s seconds.",
                                                  host=target.host, seconds=format(timeout, "g"))) from error
            except httpx.InvalidURL as error:
                raise FetchError("invalid_url", _l("%(url)s is not a valid URL.", url=repr(current))) from error
            except httpx.HTTPError as error:
                raise FetchError("connection_failed", _l("Could not fetch %(url)s: %(error)s.", url=current,
                                                            error=str(error))) from error
            if body is None:
                redirects.append(target.url)
                if len(redirects) > max_redirects:
                    raise FetchError("too_many_redirects",
                                     _l("%(url)s redirected more than %(num)s times.", url=url, num=max_redirects))
                current = urljoin(target.url, response.headers["location"])
                continue
            return Fetched(
                url=target.url, status=response.status_code, content_type=_content_type(response),
                charset=response.charset_encoding, body=body, sha256=hashlib.sha256(body).hexdigest(),
                fetched_at=datetime.now(UTC), redirects=redirects, headers=list(response.headers.multi_items()),
                reason=response.reason_phrase,
            )


def fetch_ok(url: str, **limits) -> Fetched:
    """Like fetch, but a final answer other than 2xx is an http_error."""
    fetched = fetch(url, **limits)
    if not fetched.ok:
        raise FetchError("http_error", _l("%(url)s answered %(status)s.", url=fetched.url, status=(
            f"{fetched.status} {httpx.codes.get_reason_phrase(fetched.status)}".rstrip())),
                         http_status=fetched.status)
    return fetched
