"""Compare trafilatura and readability-lxml on the test pages: quality and median milliseconds per page.

Run: .venv/bin/python bench/extraction.py [--runs N]
Then it times whole imports (extraction + storing, on a throw-away SQLite database): the seed article
as .txt and as .html, and a 200,000-character HTML article.
Quality per page: the share of expected article passages found in the text, the boilerplate passages that
leaked in, metadata fields right (title, author, date, outlet, canonical URL), and whether a page
without an article was told apart. Both libraries get the same decoded markup (importing.decode_html).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import lxml.html
import readability
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from factcheck.services.articles.importing import decode_html  # noqa: E402

PAGES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"
METADATA = ("title", "author", "date", "outlet", "canonical_url")


def with_trafilatura(markup: str) -> dict:
    document = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                           include_links=False, include_images=False)
    if document is None:
        return {"text": ""}
    return {"text": document.text or "", "title": document.title, "author": document.author,
            "date": document.date, "outlet": document.sitename, "canonical_url": document.url}


def with_readability(markup: str) -> dict:
    document = readability.Document(markup)
    summary = document.summary(html_partial=True)
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    # readability gives the main text and a title only; no author, date, outlet or canonical URL.
    return {"text": text, "title": document.short_title()}


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


def score(result: dict, expected: dict) -> dict:
    text = flat(result["text"])
    if expected.get("no_article"):
        prose = [block for block in result["text"].split("\n") if len(block.split()) >= 12]
        return {"no_article_detected": not prose}
    found = sum(flat(passage) in text for passage in expected["include"])
    leaked = [passage for passage in expected["exclude"] if passage in text]
    metadata = sum(bool(result.get(key)) and flat(str(result[key])).startswith(expected[key])
                   for key in METADATA)
    return {"recall": found / len(expected["include"]), "leaked": leaked, "metadata": metadata}


def timed(extract, markup: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        extract(markup)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page (default 20)")
    runs = parser.parse_args().runs
    expectations = json.loads((PAGES / "expectations.json").read_text())
    pages = {name: decode_html((PAGES / name).read_bytes()) for name in sorted(expectations)}
    for label, extract in (("trafilatura", with_trafilatura), ("readability-lxml", with_readability)):
        print(f"== {label}")
        medians = []
        for name, markup in pages.items():
            extract(markup)  # warm up imports and caches
            median = timed(extract, markup, runs)
            medians.append(median)
            print(f"  {name:<28} {median:7.2f} ms  {score(extract(markup), expectations[name])}")
        print(f"  median over pages: {statistics.median(medians):.2f} ms per page ({runs} runs each)")


def long_article_html(chars: int = 200_000) -> bytes:
    """A page whose article text is about `chars` long: the seed's paragraphs, numbered so none repeat."""
    seed = (PAGES.parents[2] / "factcheck" / "data" / "seed-article.txt").read_text().split("\n\n")
    paragraphs, size, number = [], 0, 0
    while size < chars:
        paragraph = f"Update {number}: {seed[number % len(seed)]}"
        paragraphs.append(f"<p>{paragraph}</p>")
        size, number = size + len(paragraph) + 2, number + 1
    wrapper = (PAGES / "news-boilerplate.html").read_text()
    start, end = wrapper.index("<article>"), wrapper.index("</article>")
    return (wrapper[:start] + "<article><h1>A long report</h1>" + "".join(paragraphs) + wrapper[end:]).encode()


def import_times(runs: int) -> None:
    import tempfile

    from factcheck import create_app
    from factcheck.extensions import db
    from factcheck.services.articles.importing import import_document
    from factcheck.services.accounts.users import create_user

    seed_text = (PAGES.parents[2] / "factcheck" / "data" / "seed-article.txt").read_bytes()
    cases = [("seed article (.txt)", "seed-article.txt", seed_text),
             ("seed article (.html)", "seed.html", (PAGES / "news-boilerplate.html").read_bytes()),
             ("200,000-character article (.html)", "long.html", long_article_html())]
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"})
        with app.app_context():
            db.create_all()
            actor = create_user("bench@example.org", role="admin", password="bench-password")
            print(f"== import (extract + store), median of {runs} runs")
            for label, name, content in cases:
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    article = import_document(actor, name, content)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"  {label:<36} {statistics.median(times):8.1f} ms  ({len(article.text):,} characters)")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
    import_times(5)
