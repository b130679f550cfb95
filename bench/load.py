"""Load test: the app under gunicorn (4 workers) on PostgreSQL and Redis, driven by locust on loopback.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/anything REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/load.py [--claims 10000] [--reuse] [--users 16] [--seconds 20] [--port 5017] \\
        [--prefix factcheck_load] [--only NAME] [--rounds 1]

Needs the bench extra (`pip install -e '.[bench]'`, for locust). Generates --claims claims into the database
<prefix>_<claims> (factcheck_load_<claims>) on the server of DATABASE_URL (kept with --reuse; the database named in the URL is
never touched), serves it with `gunicorn --workers 4` on 127.0.0.1 (REDIS_URL for the job queue and the
rate-limit counters; rate limits off, as every user comes from one address), then runs one headless locust
scenario after another, each with --users users for --seconds seconds:

- bare view: one claim by primary key, a one-line template (as bench/run.py's), the floor of any page;
- public claim page: anonymous readers of published claims (pages kept per edition, as in production);
- search: anonymous searches of the public index;
- desk mix: signed-in editors opening claim workspaces and /desk/, while a quarter of the requests are
  writers adding evidence to a few claims through the API (so the pages they read keep changing); each run
  writes to five drafts no earlier run (or round) wrote to, so a reused database gives the same figures run after run.

It prints requests per second, the 50th/95th/99th percentile in ms and the count of 5xx answers for each,
with the bare view's req/s divided by each's, the CPU locust itself spent per request (it shares the cores
with the server, so part of every request's cost is the client's), and the CPU the server's side (gunicorn,
PostgreSQL, Redis) spent per request, PostgreSQL's part of it, and its ratio to the bare view's: the ratio
without the client's share. Targets (issue 16): public claim page ≤ 1.5×,
search ≤ 3×, desk mix ≤ 4×, zero 5xx. On a shared machine one run's figures swing by 10–20 %: --rounds N runs
every scenario N times in turn and reports each one's median round, the ratio as the median of the rounds' ratios
(each against the bare view of its own round) with its range. Not part of the test suite.
"""

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # bench/run.py's postgres_url

from sqlalchemy import select  # noqa: E402

from factcheck.models import Article, Claim, Evidence, Source  # noqa: E402

SCENARIOS = ["BareView", "PublicClaimPage", "Search", "DeskMix"]
TARGETS = {"PublicClaimPage": 1.5, "Search": 3.0, "DeskMix": 4.0}
LOCUSTFILE = Path(__file__).with_name("load_users.py")
WRITTEN_URL = "https://load.example/"  # the sources the desk mix's writers cite


def bench_app():
    """The app as production runs it, plus the bare view; gunicorn's factory (`bench.load:bench_app()`)."""
    from flask import render_template

    from factcheck import create_app
    from factcheck.extensions import db

    app = create_app({"RATELIMIT_ENABLED": False})
    one_line = app.jinja_env.from_string("<p>{{ claim.text }}</p>")

    def bare(claim_id: int):
        return render_template(one_line, claim=db.session.get(Claim, claim_id))

    app.add_url_rule("/bench/bare/<int:claim_id>", "bench_bare", bare)
    return app


def prepare(url: str, claims: int, rounds: int = 1) -> dict:
    """Migrate and (unless it already has them) generate the data; sample ids and make tokens for locust."""
    import flask_migrate

    from factcheck import create_app
    from factcheck.extensions import db
    from factcheck.cli.generator import GENERATED_PASSWORD, generate
    from factcheck.services.accounts.users import create_api_token, find_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        if db.session.scalar(select(Claim.id).limit(1)) is None:
            started = time.perf_counter()
            generate(claims, 1)
            print(f"generated {claims:,} claims in {time.perf_counter() - started:.0f} s")
        rng = random.Random(claims)
        published = [f"{row.id}-{row.slug}" for row in db.session.execute(
            select(Claim.id, Claim.slug).where(Claim.status == "published").limit(5000))]
        # Writers start on drafts no earlier run wrote to, so that every run reads and writes the same sizes
        # of claims (with --reuse, the same five would otherwise carry the evidence of every run before).
        written = select(Evidence.claim_id).join(Source).where(Source.url.startswith(WRITTEN_URL))
        drafts = list(db.session.scalars(select(Claim.id).where(Claim.status == "draft", Claim.id.not_in(written))
                                         .limit(5000)))
        ids = list(db.session.scalars(select(Claim.id).limit(5000)))
        editor = "editor0@generated.example.org"
        token = create_api_token(find_user(editor), "bench/load.py")
        db.session.commit()
        data = {"published": rng.sample(published, 50), "claims": rng.sample(ids, 50),
                "fresh": random.Random().sample(drafts, 5 * rounds), "written_url": WRITTEN_URL,
                "articles": list(db.session.scalars(select(Article.id).limit(50))),
                "editor": editor, "password": GENERATED_PASSWORD, "token": token}
        db.engine.dispose()
    return data


def serve(url: str, redis_url: str, port: int, workers: int) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-load", "REDIS_URL": redis_url,
                   "RATELIMIT_STORAGE_URI": redis_url or "memory://", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:factcheck.serving", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}",
         "--timeout", "60", "--log-level", "warning", "bench.load:bench_app()"], cwd=ROOT, env=environment)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def sign_in(port: int, data: dict) -> str:
    """The editor's session cookie, from signing in through /login once."""
    import re

    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"email": data["editor"], "password": data["password"],
                                                "csrf_token": token})
        assert response.status_code == 302, f"sign-in failed: {response.status_code}"
        return client.cookies["session"]


def server_cpu(server_pid: int) -> tuple[float, float]:
    """CPU seconds spent so far by the server's side: gunicorn (its master and workers), every PostgreSQL process
    and Redis on this machine (Linux /proc; nothing else uses them during a run): (all of it, PostgreSQL's)."""
    ticks, total, database = os.sysconf("SC_CLK_TCK"), 0, 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        command, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        pid, parent = int(stat.parent.name), int(fields[1])
        if pid == server_pid or parent == server_pid or command.startswith(("postgres", "redis-server")):
            spent = int(fields[11]) + int(fields[12])  # utime, stime
            total += spent
            database += spent if command.startswith("postgres") else 0
    return total / ticks, database / ticks


def run_scenario(name: str, port: int, users: int, seconds: int, data_file: str, server_pid: int) -> dict:
    prefix = Path(tempfile.mkdtemp(prefix="factcheck-load-")) / name
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server_cpu(server_pid)
    subprocess.run([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--users", str(users),
                    "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
                    "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", name],
                   env={**os.environ, "FACTCHECK_LOAD_DATA": data_file}, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust's own CPU: it shares the cores with the server
    client_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    server_seconds, database_seconds = (now - then for now, then in zip(server_cpu(server_pid), server_before))
    with open(f"{prefix}_stats.csv", newline="") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    server_errors = 0
    with open(f"{prefix}_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            if "HTTPError('5" in row["Error"] or " 5" in row["Error"][:40]:
                server_errors += int(row["Occurrences"])
    requests = int(total["Request Count"])
    return {"rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p95": float(total["95%"]),
            "p99": float(total["99%"]), "requests": requests,
            "failures": int(total["Failure Count"]), "5xx": server_errors,
            **{f"{part}_ms": seconds * 1000 / max(requests, 1) for part, seconds in
               (("client", client_cpu), ("server", server_seconds), ("database", database_seconds))}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="keep the database an earlier run generated")
    parser.add_argument("--users", type=int, default=16, help="concurrent users in each scenario (at most 64)")
    parser.add_argument("--seconds", type=int, default=20, help="length of each scenario (at most 300)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=5017)
    parser.add_argument("--prefix", default="factcheck_load", help="the database is <prefix>_<claims>")
    parser.add_argument("--only", default="", help="run only the scenarios whose name contains this (and the bare view)")
    parser.add_argument("--rounds", type=int, default=1, help="run the scenarios this many times in turn (at most 9)")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgresql"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (its database is not touched).")
    from run import postgres_url

    url = postgres_url(server_url, args.claims, args.reuse, prefix=args.prefix)
    rounds_wanted = min(max(args.rounds, 1), 9)
    data = prepare(url, args.claims, rounds_wanted)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as data_file:
        json.dump(data, data_file)
    server = serve(url, os.environ.get("REDIS_URL", ""), args.port, args.workers)
    chosen = [name for name in SCENARIOS if name == "BareView" or args.only.lower() in name.lower()]
    rounds: dict[str, list[dict]] = {name: [] for name in chosen}
    try:
        data["session"] = sign_in(args.port, data)  # once: 16 password hashes at once would be the figure
        for number in range(rounds_wanted):
            data["writable"] = data["fresh"][5 * number:5 * number + 5]  # each round's writers start afresh too
            with open(data_file.name, "w") as rewritten:
                json.dump(data, rewritten)
            for name in chosen:
                rounds[name].append(run_scenario(name, args.port, min(args.users, 64), min(args.seconds, 300),
                                                 data_file.name, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    count = len(rounds["BareView"])
    print(f"\ngunicorn --workers {args.workers}, PostgreSQL ({args.claims:,} claims), "
          f"Redis {'on' if os.environ.get('REDIS_URL') else 'off'}; {args.users} users × {args.seconds} s each"
          + (f"; {count} rounds: each scenario's median round, 5xx of all rounds" if count > 1 else ""))
    print(f"{'scenario':<18} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'requests':>9} "
          f"{'5xx':>5} {'bare ÷':>7} {'target':>7} {'locust CPU ms/req':>18} "
          f"{'server CPU ms/req (PostgreSQL)':>31} {'× bare':>7}"
          + ("  ratio range" if count > 1 else ""))
    bare_server = statistics.median(run["server_ms"] for run in rounds["BareView"])
    for name, runs in rounds.items():
        figures = sorted(runs, key=lambda run: run["rps"])[(len(runs) - 1) // 2]
        ratios = sorted(bare["rps"] / run["rps"] if run["rps"] else float("inf")
                        for bare, run in zip(rounds["BareView"], runs))
        ratio = statistics.median(ratios)
        target = f"≤ {TARGETS[name]:g}×" if name in TARGETS else ""
        print(f"{name:<18} {figures['rps']:>8.1f} {figures['p50']:>7.0f} {figures['p95']:>7.0f} "
              f"{figures['p99']:>7.0f} {figures['requests']:>9} {sum(run['5xx'] for run in runs):>5} {ratio:>6.1f}× "
              f"{target:>7} {figures['client_ms']:>18.2f} "
              f"{figures['server_ms']:>23.2f} ({figures['database_ms']:>5.2f}) "
              f"{figures['server_ms'] / bare_server if bare_server else float('inf'):>6.1f}×"
              + (f"  {ratios[0]:.1f}–{ratios[-1]:.1f}×" if count > 1 else ""))


if __name__ == "__main__":
    main()
