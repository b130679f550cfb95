"""The safe fetcher: public http(s) only, every redirect re-checked, bounded in time and size."""

import hashlib
import socket

import pytest

from factcheck.services.library import fetching
from factcheck.services.library.fetching import USER_AGENT, FetchError, fetch, fetch_ok, is_public_address
from tests.fixtures.page_server import PAGES, page_server  # noqa: F401 (a fixture)


@pytest.fixture
def allowed(app):
    """An app context in which the test server's host, 127.0.0.1, may be fetched."""
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    with app.app_context():
        yield


@pytest.fixture
def refused(app):
    """An app context with the default setting: no internal host may be fetched."""
    app.config["FETCH_ALLOWED_HOSTS"] = ""
    with app.app_context():
        yield


def fetch_error(url: str, **limits) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, **limits)
    return caught.value


def test_a_page_comes_back_with_its_final_url_type_and_hash(allowed, page_server):
    fetched = fetch(page_server.url("/pages/news-boilerplate.html"))
    body = (PAGES / "news-boilerplate.html").read_bytes()
    assert (fetched.status, fetched.content_type, fetched.body) == (200, "text/html", body)
    assert fetched.sha256 == hashlib.sha256(body).hexdigest()
    assert fetched.url == page_server.url("/pages/news-boilerplate.html")
    assert fetched.redirects == [] and fetched.fetched_at.tzinfo is not None


def test_the_fetcher_says_who_it_is(allowed, page_server):
    fetch(page_server.url("/pages/no-article.html?ua"))
    path, headers = next(request for request in page_server.requests if request[0].endswith("?ua"))
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("factcheck/") and USER_AGENT.endswith("(+fact-checking desk)")
    assert headers["Host"] == f"127.0.0.1:{page_server.server_address[1]}"


def test_redirects_are_followed_and_listed(allowed, page_server):
    fetched = fetch(page_server.url("/redirect-twice"))
    assert fetched.url == page_server.url("/pages/news-boilerplate.html")
    assert fetched.redirects == [page_server.url("/redirect-twice"), page_server.url("/redirect-once")]


def test_a_declared_charset_is_reported(allowed, page_server):
    assert fetch(page_server.url("/article.txt")).charset == "utf-8"
    assert fetch(page_server.url("/pages/latin1.html")).charset is None


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "localhost",
                                  "[::ffff:127.0.0.1]", "0.0.0.0", "192.168.1.1", "172.16.0.1", "[fe80::1]"])
def test_internal_addresses_are_refused_without_the_allowance(refused, page_server, host):
    port = page_server.server_address[1]
    before = len(page_server.requests)
    error = fetch_error(f"http://{host}:{port}/pages/news-boilerplate.html")
    assert error.code == "private_address" and error.status == 422
    assert "internal address" in error.message
    assert len(page_server.requests) == before  # refused before connecting


def test_an_allowed_host_does_not_allow_other_names_for_the_same_address(allowed, page_server):
    port = page_server.server_address[1]
    assert fetch_error(f"http://localhost:{port}/pages/no-article.html").code == "private_address"


def test_a_redirect_to_a_private_address_is_refused(allowed, page_server):
    assert fetch_error(page_server.url("/redirect-private")).code == "private_address"
    assert fetch_error(page_server.url("/redirect-localhost")).code == "private_address"


def test_a_redirect_to_another_scheme_is_refused(allowed, page_server):
    assert fetch_error(page_server.url("/redirect-ftp")).code == "scheme_not_allowed"


def test_a_redirect_loop_stops(allowed, page_server):
    error = fetch_error(page_server.url("/redirect-loop"), max_redirects=3)
    assert error.code == "too_many_redirects"
    assert fetch_error(page_server.url("/redirect-twice"), max_redirects=1).code == "too_many_redirects"


def test_a_body_over_the_cap_is_refused_while_streaming(allowed, page_server):
    assert fetch_error(page_server.url("/huge")).code == "too_large"
    assert fetch_error(page_server.url("/huge-declared")).code == "too_large"
    assert fetch_error(page_server.url("/pages/news-boilerplate.html"), max_bytes=1000).code == "too_large"


def test_a_slow_answer_times_out(allowed, page_server):
    error = fetch_error(page_server.url("/slow"), timeout=0.5)
    assert error.code == "timeout" and "0.5 seconds" in error.message


def test_a_body_that_trickles_in_past_the_deadline_times_out(allowed, page_server):
    assert fetch_error(page_server.url("/drip"), timeout=0.5).code == "timeout"


def test_a_closed_port_fails_to_connect(allowed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert fetch_error(f"http://127.0.0.1:{port}/").code == "connection_failed"


@pytest.mark.parametrize("url, code", [
    ("ftp://127.0.0.1/file", "scheme_not_allowed"),
    ("file:///etc/passwd", "scheme_not_allowed"),
    ("javascript:alert(1)", "scheme_not_allowed"),
    ("127.0.0.1/page", "invalid_url"),
    ("http://", "invalid_url"),
    ("http://127.0.0.1:99999/", "invalid_url"),
    ("", "invalid_url"),
])
def test_bad_urls_are_refused_with_a_code(allowed, url, code):
    assert fetch_error(url).code == code


def test_a_404_is_returned_to_link_checks_but_refused_by_fetch_ok(allowed, page_server):
    assert fetch(page_server.url("/missing")).status == 404
    with pytest.raises(FetchError) as caught:
        fetch_ok(page_server.url("/missing"))
    assert caught.value.code == "http_error" and "404" in caught.value.message


def test_the_allowance_comes_from_the_environment_outside_an_app(monkeypatch):
    monkeypatch.setenv("FETCH_ALLOWED_HOSTS", " intranet.example , 10.1.2.3")
    assert fetching.allowed_hosts() == {"intranet.example", "10.1.2.3"}


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True), ("2606:4700::6810:85e5", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("100.64.0.1", False), ("169.254.169.254", False),
    ("224.0.0.1", False), ("240.0.0.1", False), ("0.0.0.0", False), ("::1", False), ("::", False),
    ("fc00::1", False), ("fe80::1", False), ("ff02::1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:93.184.216.34", True), ("2002:0a00:0001::1", False), ("64:ff9b::7f00:1", False),
])
def test_which_addresses_count_as_public(address, public):
    assert is_public_address(address) is public


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> None:
    """Resolve the given names to the given addresses, without asking any resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in ("127.0.0.1", "::1"):  # the connection itself, to the pinned address
            return real(host, port, *args, **kwargs)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (address, port)) for address in answers[host]]
    monkeypatch.setattr(fetching.socket, "getaddrinfo", getaddrinfo)


def test_an_unknown_host_fails_to_connect(allowed, monkeypatch):
    fake_dns(monkeypatch, {})
    error = fetch_error("http://no-such-host.example/")
    assert error.code == "connection_failed" and "could not be found" in error.message


def test_a_name_with_any_internal_answer_is_refused(refused, monkeypatch):
    fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    assert fetch_error("https://mixed.example/").code == "private_address"


def test_the_connection_goes_to_the_address_that_was_checked(app, page_server, monkeypatch):
    """Resolved once, connected to that address, with the name in the Host header: no rebinding gap."""
    app.config["FETCH_ALLOWED_HOSTS"] = "news.example"
    lookups = []
    fake_dns(monkeypatch, {"news.example": ["127.0.0.1"]})
    resolve = fetching.socket.getaddrinfo
    monkeypatch.setattr(fetching.socket, "getaddrinfo",
                        lambda *args, **kwargs: lookups.append(args[0]) or resolve(*args, **kwargs))
    port = page_server.server_address[1]
    with app.app_context():
        fetched = fetch(f"http://news.example:{port}/pages/news-boilerplate.html?pinned")
    assert fetched.status == 200 and fetched.url.startswith("http://news.example:")
    assert lookups.count("news.example") == 1  # the name is looked up once, by the check; never by httpx
    _, headers = next(request for request in page_server.requests if request[0].endswith("?pinned"))
    assert headers["Host"] == f"news.example:{port}"
