"""Benchmark: writing the ClaimReview DataFeed (`/claimreview.json`) of an existing database, as the first request
after a change does.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/datafeed.py [--runs 3]

Writes the feed into a temporary file `--runs` times (each as a first request would: nothing kept), and prints
the median wall and CPU seconds, the reviews, the size, and the time the statement took to deliver its rows. The
database is only read. Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import create_app  # noqa: E402
from factcheck.services.reads.public import each_published_review, write_claimreview_feed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to read.")
    app = create_app({"REDIS_URL": ""})
    walls, cpus = [], []
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        for _ in range(max(args.runs, 1)):
            path = Path(folder) / "claimreview.json"
            started, cpu = time.perf_counter(), time.process_time()
            with path.open("w", encoding="utf-8") as out:
                write_claimreview_feed(out, "https://factcheck.example.org/", "Factcheck bench")
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        size = path.stat().st_size
        started = time.perf_counter()
        reviews = sum(1 for _ in each_published_review())
        rows = time.perf_counter() - started
    print(f"DataFeed of {reviews:,} reviews, {size / 1e6:,.1f} MB: median {statistics.median(walls):.2f} s "
          f"(CPU {statistics.median(cpus):.2f} s) over {len(walls)} runs; reading the rows alone {rows:.2f} s")


if __name__ == "__main__":
    main()
