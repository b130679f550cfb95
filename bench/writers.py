"""Benchmark: concurrent writers on PostgreSQL, with the edition renewed in one row or spread over its shards.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/writers.py \
        [--threads 1,4,8] [--writes 200] [--shards 1,16]

Every write transaction renews the edition of the data as its last statement (factcheck.editions): with one row,
concurrent writers queue on that row's lock until each COMMIT is done; with 16 rows (the default), each writer
takes one at random. Each thread adds and revokes API tokens through the services (an INSERT, an UPDATE and their
audit events per pair: small writes, so the edition's share shows), with its own session and connection. Prints
writes per second, the median / 95th percentile time per write, and the same for the edition's UPDATE alone
(the wait for its row lock), for each number of threads and of rows.
The database in DATABASE_URL is migrated and gets a bench user and its tokens. Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
from sqlalchemy import event  # noqa: E402

from factcheck import create_app, editions  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import User  # noqa: E402
from factcheck.services.accounts.users import create_api_token, create_user, find_user, list_tokens, revoke_token  # noqa: E402

EMAIL = "bench-writer@example.org"


def time_edition_updates(engine, waits: list[float]) -> None:
    """Collect how long each UPDATE of data_edition takes: the wait for its row lock, and the update."""
    started = threading.local()

    @event.listens_for(engine, "before_cursor_execute")
    def before(_conn, _cursor, statement, *_args):
        started.at = time.perf_counter() if statement.startswith("UPDATE data_edition") else None

    @event.listens_for(engine, "after_cursor_execute")
    def after(*_args):
        if getattr(started, "at", None) is not None:
            waits.append(time.perf_counter() - started.at)


def writer(app, user_id: int, writes: int, timings: list[float], start: threading.Barrier) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        start.wait()
        for n in range(writes // 2):
            began = time.perf_counter()
            create_api_token(user, f"bench {n}")
            token_id = list_tokens(user)[0].id
            middle = time.perf_counter()
            revoke_token(user, token_id)
            ended = time.perf_counter()
            timings.extend((middle - began, ended - middle))
        db.session.remove()


def run(app, user_id: int, threads: int, writes: int) -> tuple[float, list[float]]:
    timings: list[float] = []
    start = threading.Barrier(threads + 1)
    workers = [threading.Thread(target=writer, args=(app, user_id, writes, timings, start)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    return time.perf_counter() - began, timings


def p95(ordered: list[float]) -> float:
    return ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,4,8")
    parser.add_argument("--writes", type=int, default=200, help="writes per thread")
    parser.add_argument("--shards", default=f"1,{editions.SHARDS}", help="edition rows writers renew")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of yours (it is migrated and written to).")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20}, "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():
        flask_migrate.upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        user = find_user(EMAIL) or create_user(EMAIL, "editor", "bench-password")
        user_id = user.id
    waits: list[float] = []
    with app.app_context():
        time_edition_updates(db.engine, waits)
    print(f"{'edition rows':>12} {'threads':>8} {'writes/s':>9} {'median ms':>10} {'p95 ms':>8} "
          f"{'edition UPDATE median ms':>25} {'p95 ms':>7}")
    for shards in (int(n) for n in options.shards.split(",")):
        editions.SHARDS = shards  # renew() picks among rows 1..SHARDS; the edition still sums all 16
        for threads in (int(n) for n in options.threads.split(",")):
            waits.clear()
            elapsed, timings = run(app, user_id, threads, options.writes)
            timings.sort()
            waits.sort()
            print(f"{shards:>12} {threads:>8} {len(timings) / elapsed:>9.0f} "
                  f"{statistics.median(timings) * 1000:>10.1f} {p95(timings) * 1000:>8.1f} "
                  f"{statistics.median(waits) * 1000:>25.2f} {p95(waits) * 1000:>7.2f}")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
