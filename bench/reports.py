"""Benchmark: every verdict report grouping on an existing PostgreSQL database, broken down where its time goes.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/reports.py \
        [--requests 5] [--only claimant] [--ranges none,year,whole] [--desk]

For each grouping (each key, each ordered pair of keys) and date range (none; one year, 2025-01-01 to
2025-12-31; the whole range, 2000-01-01 to 2999-12-31; with `--ranges days`, 2025-01-15 to 2025-12-14), it prints: rows; the median server time of the API's
JSON and CSV answers and their sizes (Flask test client, warm: one untimed request first); the database's
own execution time of the report's statements (EXPLAIN ANALYZE, run again apart); the time spent executing
and fetching them from Python; and the time writing the JSON. `--desk` times the desk's reports page for each
grouping it offers instead. The database is only read (one API token is added for an editor, as bench/run.py
does). Not part of the test suite.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import orjson
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import create_app  # noqa: E402
from factcheck.cli.generator import GENERATED_PASSWORD  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.services.accounts.users import create_api_token, find_user  # noqa: E402
from factcheck.services.reads import reports  # noqa: E402
from factcheck.web.desk.reports import GROUP_CHOICES  # noqa: E402

EDITOR = "editor0@generated.example.org"
KEYS = ("rating", "claimant", "outlet", "article", "month")
GROUPINGS = [*KEYS, *(f"{a},{b}" for a in KEYS for b in KEYS if a != b)]
RANGES = {"none": ("", ""), "year": ("2025-01-01", "2025-12-31"), "whole": ("2000-01-01", "2999-12-31"),
          "days": ("2025-01-15", "2025-12-14")}  # not whole months: counted from the claims


def timed(call, requests: int) -> tuple[float, object]:
    result = call()  # warm
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def explained(statements: list[tuple[str, dict]]) -> float:
    """The database's execution time of these statements (ms), each run again under EXPLAIN ANALYZE."""
    connection = db.session.connection()
    total = 0.0
    with connection.connection.driver_connection.cursor() as cursor:
        for sql, parameters in statements:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters)
            total += cursor.fetchone()[0][0]["Execution Time"]
    return total


def breakdown(app, group_by: str, date_range: tuple[str, str], requests: int) -> dict:
    """Where the service's time goes for one report: its statements (database alone; executed and fetched), the JSON."""
    with app.app_context():
        query = reports.report_query(group_by, *date_range)
        sent: list[tuple[str, dict]] = []

        def record(_connection, _cursor, statement, parameters, _context, _many):
            if "set_config" not in statement:
                sent.append((statement, parameters))

        fetching = []
        original = reports._fetch

        def fetch(statement):
            started = time.perf_counter()
            try:
                return original(statement)
            finally:
                fetching.append((time.perf_counter() - started) * 1000)

        reports._fetch = fetch
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            service, report = timed(lambda: reports.verdict_report(query), requests)
            sent_once = sent[-len(sent) // (requests + 1):] if sent else []
            fetched = sum(fetching[-len(fetching) // (requests + 1):]) if fetching else 0.0
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
            reports._fetch = original
        writing, body = timed(lambda: orjson.dumps(reports.report_json(report)), requests)
        database = explained(sent_once)
        db.session.rollback()
        return {"rows": len(report.rows), "service": service, "database": database, "fetched": fetched,
                "json_write": writing, "statements": len(sent_once)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--only", default="", help="time only the groupings that contain this")
    parser.add_argument("--ranges", default="none,year,whole")
    parser.add_argument("--desk", action="store_true", help="time the desk's reports page for each grouping instead")
    parser.add_argument("--no-breakdown", action="store_true", help="only the API's answers")
    options = parser.parse_args()
    url = os.environ.pop("DATABASE_URL")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():
        token = create_api_token(find_user(EDITOR), "bench")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    ranges = [name for name in options.ranges.split(",") if name]
    if options.desk:
        assert client.post("/login", data={"email": EDITOR, "password": GENERATED_PASSWORD}).status_code == 302
        print(f"{'desk reports page':<24} {'range':<6} {'median ms':>10} {'KB':>8}")
        for group_by in [choice for choice, _ in GROUP_CHOICES if options.only in choice]:
            for name in ranges:
                start, end = RANGES[name]
                url = f"/desk/reports?group_by={group_by}&from={start}&to={end}"
                median, response = timed(lambda: client.get(url), options.requests)
                assert response.status_code == 200, url
                print(f"{group_by:<24} {name:<6} {median:>10.1f} {len(response.data) / 1024:>8.0f}", flush=True)
        return
    print(f"{'grouping':<18} {'range':<6} {'rows':>7} {'JSON ms':>8} {'JSON KB':>8} {'CSV ms':>7} {'CSV KB':>7}"
          f" {'db ms':>7} {'fetch ms':>8} {'service':>8} {'write':>6}")
    results = []
    for group_by in [grouping for grouping in GROUPINGS if options.only in grouping]:
        for name in ranges:
            start, end = RANGES[name]
            base = f"/api/v1/reports/verdicts?group_by={group_by}&from={start}&to={end}"
            as_json, json_response = timed(lambda: client.get(base, headers=headers), options.requests)
            as_csv, csv_response = timed(lambda: client.get(base + "&format=csv", headers=headers), options.requests)
            assert json_response.status_code == csv_response.status_code == 200, base
            parts = ({} if options.no_breakdown else
                     breakdown(app, group_by, (start, end), options.requests))
            row = {"grouping": group_by, "range": name, "json_ms": as_json, "json_kb": len(json_response.data) / 1024,
                   "csv_ms": as_csv, "csv_kb": len(csv_response.data) / 1024,
                   "rows": len(json_response.json["rows"]), **parts}
            results.append(row)
            print(f"{group_by:<18} {name:<6} {row['rows']:>7} {as_json:>8.1f} {row['json_kb']:>8.0f} {as_csv:>7.1f}"
                  f" {row['csv_kb']:>7.0f} {parts.get('database', 0):>7.1f} {parts.get('fetched', 0):>8.1f}"
                  f" {parts.get('service', 0):>8.1f} {parts.get('json_write', 0):>6.1f}", flush=True)
    Path("/tmp/bench-reports.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
