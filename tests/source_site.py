"""A small web site on 127.0.0.1 for snapshot and link-check tests; pages can change between requests."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE = (b"<!doctype html><html><head><title>Shots fired in Almaty</title></head><body><article>"
           b"<h1>Shots fired in Almaty</h1><p>According to TASS, shots were fired late into the night "
           b"in the center of Almaty, on the square in front of the city administration.</p>"
           b"<p>Witnesses described gunfire for several hours as armoured vehicles moved in.</p>"
           b"</article></body></html>")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HUGE_BYTES = 64 * 1024


class SourceSite:
    """The pages the site serves: path → (status, content type, body); `redirects`: path → location."""

    def __init__(self):
        self.pages = {"/article": (200, "text/html; charset=utf-8", ARTICLE),
                      "/report.pdf": (200, "application/pdf", PDF),
                      "/huge": (200, "text/plain", b"x" * HUGE_BYTES),
                      "/gone": (404, "text/html", b"<h1>Not found</h1>")}
        self.redirects = {"/loop": "/loop", "/amp/article": "/article"}
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: SourceSite):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server interface)
            if self.path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, content_type, body = site.pages.get(self.path, (404, "text/plain", b"no such page"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler


@pytest.fixture
def source_site(app) -> Iterator[SourceSite]:
    """The site, served on 127.0.0.1 only, which the app's fetcher is allowed to visit."""
    site = SourceSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    yield site
    server.shutdown()
    server.server_close()
