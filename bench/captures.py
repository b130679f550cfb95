"""Capture time and store size per source, over the demo's sources served by a local web server.

Run: .venv/bin/python bench/captures.py [--paragraphs 40] [--rounds 3]

Builds a fresh SQLite database in a temporary folder (the real migrations), loads the demo data, and serves
each demo source from 127.0.0.1 as a news-like HTML page (its title, --paragraphs paragraphs of filler text
with the quotes that cite it among them); official statements and primary documents are served as a PDF
with the same text. Each source's URL is pointed at its local page, then every source is captured --rounds
times through factcheck.services.library.captures.capture_source (the safe fetcher, the WARC record written to the
content-addressed store, the text read by trafilatura or pypdf, the quotes checked), as the capture job does.
Prints, per source: the type, the body and WARC sizes, the median capture time (fetch, WARC, text, quote
checks and the database write), and how many of its quotes were found; then the store's size on disk.
"""

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import flask_migrate  # noqa: E402
from sqlalchemy import select  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Evidence, Source  # noqa: E402
from factcheck.services.library import captures  # noqa: E402
from factcheck.cli.demo import load_demo  # noqa: E402
from tests.source_site import text_pdf  # noqa: E402

WORDS = ("the city police said protesters square administration night witnesses government reported "
         "officials troops airport fighting statement ministry security forces residents curfew").split()
PDF_KINDS = ("official_statement", "primary_document")


def filler(rng: random.Random, sentences: int) -> str:
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
                    for _ in range(sentences))


def pages_for(sources: list[Source], quotes: dict[int, list[str]], paragraphs: int) -> dict[str, tuple[str, bytes]]:
    rng = random.Random(17)
    pages = {}
    for source in sources:
        texts = [filler(rng, 4) for _ in range(paragraphs)]
        for quote in quotes.get(source.id, []):
            texts.insert(rng.randrange(len(texts) + 1), f"{filler(rng, 1)} {quote} {filler(rng, 1)}")
        title = source.title or f"Source {source.id}"
        if source.kind in PDF_KINDS:
            lines = [title] + [line for text in texts for line in _wrapped(text)]
            pages[f"/{source.id}.pdf"] = ("application/pdf", text_pdf(lines))
        else:
            body = "".join(f"<p>{text}</p>" for text in texts)
            html = (f"<!doctype html><html><head><title>{title}</title></head><body><header>Site menu</header>"
                    f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>")
            pages[f"/{source.id}"] = ("text/html; charset=utf-8", html.encode())
    return pages


def _wrapped(text: str, width: int = 90) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def serve(pages: dict[str, tuple[str, bytes]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            content_type, body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*.warc.gz"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="factcheck-bench-captures-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite'}", "SECRET_KEY": "bench",
                      "CAPTURE_FOLDER": str(work / "captures"), "FETCH_ALLOWED_HOSTS": "127.0.0.1",
                      "CAPTURE_ON_ATTACH": False, "REDIS_URL": ""})
    with app.app_context():
        flask_migrate.upgrade()
        load_demo()
        sources = list(db.session.scalars(select(Source).order_by(Source.id)))
        quotes: dict[int, list[str]] = {}
        for row in db.session.scalars(select(Evidence).where(Evidence.quote != "")):
            quotes.setdefault(row.source_id, []).append(row.quote)
        pages = pages_for(sources, quotes, args.paragraphs)
        server = serve(pages)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for source in sources:
            source.url = base + next(path for path in pages if path.split(".")[0] == f"/{source.id}")
        db.session.commit()

        print(f"{len(sources)} demo sources, {args.rounds} captures each, {args.paragraphs} paragraphs a page\n")
        print(f"{'source':<44} {'type':<16} {'body B':>8} {'WARC B':>8} {'median ms':>9} {'quotes found':>13}")
        all_times = []
        for source in sources:
            times = []
            for _ in range(args.rounds):
                db.session.execute(Evidence.__table__.update().where(Evidence.source_id == source.id)
                                   .values(capture_id=None, quote_found=None))
                db.session.commit()
                started = time.perf_counter()
                capture = captures.capture_source(None, db.session.get(Source, source.id))
                times.append((time.perf_counter() - started) * 1000)
            rows = list(db.session.scalars(select(Evidence).where(Evidence.source_id == source.id,
                                                                  Evidence.quote != "")))
            found = f"{sum(bool(row.quote_found) for row in rows)}/{len(rows)}"
            all_times.extend(times)
            name = (source.title or source.url)[:43]
            print(f"{name:<44} {capture.content_type:<16} {capture.size:>8,} {capture.warc_size:>8,} "
                  f"{statistics.median(times):>9.1f} {found:>13}")
        store = work / "captures"
        files = list(store.rglob("*.warc.gz"))
        print(f"\ncapture time over all: median {statistics.median(all_times):.1f} ms, "
              f"max {max(all_times):.1f} ms ({len(all_times)} captures)")
        print(f"store: {len(files)} WARC files, {folder_size(store):,} bytes on disk, "
              f"{folder_size(store) / max(len(files), 1):,.0f} bytes a capture")
        server.shutdown()


if __name__ == "__main__":
    main()
