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


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica), written by hand: no PDF writer needed."""
    def escaped(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = " T* ".join(f"({escaped(line)}) Tj" for line in lines)
    content = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
