"""Server time of the public pages with many published claims in SQLite (or DATABASE_URL).

Run: .venv/bin/python bench/public_pages.py [--claims 100000] [--runs 50]

Builds a fresh SQLite database in a temporary folder (migrations), bulk-inserts --claims published claims
(10 a claimant-article, with verdicts; the FTS triggers index them as they go), then times GET requests
through the Flask test client, signed out and without a validator (so no 304): the index, the index deep
in its keyset pagination, a claim page, a claimant page, the public article view, two searches and a
filtered list. Prints the median and the 95th percentile in milliseconds, and the SQL statements per page.
"""

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import flask_migrate  # noqa: E402
from sqlalchemy import event, insert, select, text  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Article, Claim, Claimant, Verdict  # noqa: E402

WORDS = ("troops order restored protesters killed arrested minister economy unemployment inflation border "
         "election vaccine budget police city capital fighting shots night president spokesman figures "
         "official report growth taxes schools hospital drought water energy prices wages").split()
RATINGS = ["true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven"]
PER_ARTICLE = 10
BATCH = 5000


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def fill(claims: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    articles = claims // PER_ARTICLE
    claimants = max(claims // 50, 1)
    db.session.execute(insert(Claimant), [
        {"id": n + 1, "name": f"Claimant {n} {rng.choice(WORDS)}", "slug": f"claimant-{n}", "description": "",
         "kind": "Person"} for n in range(claimants)])
    for first in range(0, articles, BATCH):
        rows = []
        for n in range(first, min(first + BATCH, articles)):
            body = " ".join(sentence(rng, 12) for _ in range(PER_ARTICLE))
            rows.append({"id": n + 1, "title": sentence(rng, 6), "url": f"https://news.example/{n}",
                         "outlet": f"Outlet {n % 40}", "text": body,
                         "text_sha256": hashlib.sha256(body.encode()).hexdigest(),
                         "imported_at": start, "published_at": start + timedelta(hours=n)})
        db.session.execute(insert(Article), rows)
    for first in range(0, claims, BATCH):
        claim_rows, verdict_rows = [], []
        for n in range(first, min(first + BATCH, claims)):
            article_id, sentence_index = n // PER_ARTICLE + 1, n % PER_ARTICLE
            at = start + timedelta(minutes=7 * n)
            words = sentence(rng, 9)
            claim_rows.append({
                "id": n + 1, "article_id": article_id, "text": words, "slug": f"claim-{n}",
                "claimant_id": rng.randrange(claimants) + 1, "status": "published", "version": 1,
                "anchor_status": None, "created_at": at, "updated_at": at, "published_at": at,
                "first_published_at": at,
            })
            verdict_rows.append({"id": n + 1, "claim_id": n + 1, "rating_key": rng.choice(RATINGS),
                                 "summary": sentence(rng, 10), "explanation": sentence(rng, 30), "updated_at": at})
            del sentence_index
        db.session.execute(insert(Claim), claim_rows)
        db.session.execute(insert(Verdict), verdict_rows)
        db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def timed(client, path: str, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def statements(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="factcheck-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        flask_migrate.upgrade()
        began = time.perf_counter()
        fill(options.claims)
        print(f"inserted {options.claims:,} published claims in {time.perf_counter() - began:.1f} s ({url})")
        middle = options.claims // 2
        claim = db.session.get(Claim, middle)
        deep = db.session.scalar(select(Claim.id).where(Claim.id == 1000))
        paths = {
            "index /": "/",
            "index, keyset page 5000": f"/claims?older={deep}",
            "claim page": f"/claims/{claim.id}-{claim.slug}",
            "claimant page": f"/claimants/claimant-{claim.claimant_id - 1}",
            "public article": f"/articles/{claim.article_id}",
            "search ?q=troops": "/claims?q=troops",
            "search ?q=troops+border+night": "/claims?q=troops+border+night",
            "filtered rating+outlet": "/claims?rating=false&outlet=Outlet+7",
        }
    client = app.test_client()
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'SQL':>4}")
    for name, path in paths.items():
        client.get(path)  # warm the caches of SQLite and Jinja
        median, p95 = timed(client, path, options.runs)
        print(f"{name:34} {median:10.1f} {p95:8.1f} {statements(app, client, path):4}")


if __name__ == "__main__":
    main()
