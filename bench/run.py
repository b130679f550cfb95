"""Benchmark: build databases of 10,000 and 100,000 generated claims, then time the pages that matter.

    .venv/bin/python bench/run.py [--sizes 10000,100000] [--requests 30] [--seed 1] [--reuse]
    .venv/bin/python bench/run.py --backends postgresql --sizes 1000000 --database NAME --only report
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/anything .venv/bin/python bench/run.py

SQLite databases go to /tmp/factcheck-bench-<size>.sqlite. With DATABASE_URL set, the same runs also go to
PostgreSQL, in dedicated databases named factcheck_bench_<size> on that server (dropped and recreated each
run; the database named in the URL is never touched). `--database NAME` times an existing PostgreSQL database
instead (migrated, and given an API token: pass a copy of the data), never dropped. Server time is measured around the Flask test client,
warm (one untimed request per URL first), and compared with a bare view that loads one claim by primary key
and renders a one-line template, measured in the same run for the same client: public pages are asked for by
an anonymous reader, desk pages and the API by an editor; public pages kept rendered per edition are timed both
as kept and as a first view (rendered again, as after any change). Signed-in pages are rendered every time.
Not part of the test suite.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
from flask import render_template  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Article, Claim, Claimant, Evidence, Source  # noqa: E402
from factcheck.cli.generator import GENERATED_PASSWORD, generate  # noqa: E402
from factcheck.services.accounts.users import create_api_token, find_user  # noqa: E402

EDITOR = "editor0@generated.example.org"
TARGETS = "public claim page and workspace ≤ 3× bare; reports < 300 ms median; search < 50 ms median"


def sqlite_url(size: int, reuse: bool) -> str:
    path = Path(f"/tmp/factcheck-bench-{size}.sqlite")
    for suffix in ("", "-wal", "-shm") if not reuse else ():
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url(server_url: str, size: int, reuse: bool, prefix: str = "factcheck_bench", name: str = "") -> str:
    """A fresh database <prefix>_<size> (or `name`) on the server of `server_url` (kept as it is with --reuse)."""
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = name or f"{prefix}_{size}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
        if not (reuse and exists):
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def make_app(url: str):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench", "TESTING": False})

    one_line = app.jinja_env.from_string("<p>{{ claim.text }}</p>")  # compiled once, as template files are
    in_layout = app.jinja_env.from_string(
        '{% extends "base.html" %}{% block content %}<p>{{ claim.text }}</p>{% endblock %}')

    def bare(claim_id: int):
        claim = db.session.get(Claim, claim_id)
        return render_template(one_line, claim=claim)

    def layout(claim_id: int):
        """The bare view's row in the site's layout (navigation, CSRF meta tag, footer): the floor of any page."""
        claim = db.session.get(Claim, claim_id)
        return render_template(in_layout, claim=claim)

    app.add_url_rule("/bench/bare/<int:claim_id>", "bench_bare", bare)
    app.add_url_rule("/bench/layout/<int:claim_id>", "bench_layout", layout)
    return app


def sample_ids(size: int):
    rng = random.Random(size)
    published = [f"{row.id}-{row.slug}" for row in
                 db.session.execute(select(Claim.id, Claim.slug).where(Claim.status == "published"))]
    everyone = list(db.session.scalars(select(Claim.id)))
    articles = list(db.session.scalars(select(Article.id)))
    return rng.sample(published, 20), rng.sample(everyone, 20), rng.sample(articles, 20)


def busiest() -> dict[str, list]:
    """The pages that grow with the data: the claimants with the most published claims, the sources cited most,
    and a few random ones of each (slugs and ids)."""
    rng = random.Random(1)
    claimants = db.session.execute(select(Claimant.slug, func.count(Claim.id)).join(Claim, Claim.claimant_id == Claimant.id)
                                   .where(Claim.status == "published").group_by(Claimant.slug)
                                   .order_by(func.count(Claim.id).desc()).limit(3)).scalars().all()
    sources = db.session.execute(select(Evidence.source_id).group_by(Evidence.source_id)
                                 .order_by(func.count().desc()).limit(3)).scalars().all()
    # A cursor half way down each one's citations, for a page in the middle of its desk page.
    counts = [db.session.scalar(select(func.count()).where(Evidence.source_id == source_id)) for source_id in sources]
    middles = [db.session.scalar(select(Evidence.id).where(Evidence.source_id == source_id).order_by(Evidence.id)
                                 .offset(count // 2).limit(1)) for source_id, count in zip(sources, counts)]
    every_source = list(db.session.scalars(select(Source.id)))
    return {"claimants": claimants, "sources": sources, "source_middles": list(zip(sources, middles)),
            "some_sources": rng.sample(every_source, 10)}


READER, EDITOR_CLIENT = "reader", "editor"
REPORT_GROUPINGS = ["rating", "claimant", "outlet", "article", "claimant,rating", "outlet,rating", "month,rating"]
DESK_GROUPINGS: list[str] = []


def every_grouping() -> None:
    """--all-groupings: the API report for each key and each ordered pair of keys, the desk page for each choice."""
    keys = ("rating", "claimant", "outlet", "article", "month")
    REPORT_GROUPINGS[:] = [*keys, *(f"{a},{b}" for a in keys for b in keys if a != b)]
    DESK_GROUPINGS[:] = ["claimant", "outlet", "article", "month", "claimant,rating", "outlet,rating",
                         "month,rating", "article,rating"]


def pages(published, claims, articles, big=None) -> list[tuple[str, str, list[str], bool]]:
    """(name, who asks, URLs cycled through, whether each request is a first view) for every figure.

    Public pages are asked for by an anonymous reader, as the public asks; a "first view" forgets the
    public pages kept rendered before each request, so the page is rendered as after any change to the data.
    Signed-in pages are never kept: each request renders them.
    """
    reports = [("report: " + group, EDITOR_CLIENT, [f"/api/v1/reports/verdicts?group_by={group}"], False)
               for group in REPORT_GROUPINGS]
    words = ("bread", "turnout Almaty", "troops", "unemployment", "schools", "petrol")
    return [
        ("bare view, reader", READER, [f"/bench/bare/{i}" for i in claims], False),
        ("bare view, signed in", EDITOR_CLIENT, [f"/bench/bare/{i}" for i in claims], False),
        ("bare view in the layout, reader", READER, [f"/bench/layout/{i}" for i in claims], False),
        ("bare view in the layout, signed in", EDITOR_CLIENT, [f"/bench/layout/{i}" for i in claims], False),
        ("public claim page", READER, [f"/claims/{i}" for i in published], False),
        ("public claim page, first view", READER, [f"/claims/{i}" for i in published], True),
        ("public claim page, signed in", EDITOR_CLIENT, [f"/claims/{i}" for i in published], False),
        ("desk claim workspace", EDITOR_CLIENT, [f"/desk/claims/{i}" for i in claims], False),
        ("review queue /desk/", EDITOR_CLIENT, ["/desk/"], False),
        ("public index, first view", READER, ["/claims"], True),
        ("search, first view", READER, [f"/claims?q={word}" for word in words], True),
        *reports,
        ("report: CSV claimant,rating", EDITOR_CLIENT,
         ["/api/v1/reports/verdicts?group_by=claimant,rating&format=csv"], False),
        ("desk reports page", EDITOR_CLIENT, ["/desk/reports"], False),
        *[(f"desk reports page by {group}", EDITOR_CLIENT, [f"/desk/reports?group_by={group}"], False)
          for group in DESK_GROUPINGS],
        ("per-article report", EDITOR_CLIENT, [f"/desk/reports/articles/{i}" for i in articles], False),
        *([] if big is None else [
            ("claimant page, biggest, first view", READER, [f"/claimants/{slug}" for slug in big["claimants"]], True),
            ("public article page, first view", READER, [f"/articles/{i}" for i in articles], True),
            ("Atom feed, first view", READER, ["/feed.atom"], True),
            ("corrections page, first view", READER, ["/corrections"], True),
            ("desk article page", EDITOR_CLIENT, [f"/desk/articles/{i}" for i in articles], False),
            ("desk source page, most cited", EDITOR_CLIENT, [f"/desk/sources/{i}" for i in big["sources"]], False),
            ("desk source page, most cited, middle page", EDITOR_CLIENT,
             [f"/desk/sources/{i}?older={middle}" for i, middle in big["source_middles"]], False),
            ("desk source page, most cited, oldest page", EDITOR_CLIENT,
             [f"/desk/sources/{i}?newer=0" for i in big["sources"]], False),
            ("desk source page", EDITOR_CLIENT, [f"/desk/sources/{i}" for i in big["some_sources"]], False),
            ("API source, most cited", EDITOR_CLIENT, [f"/api/v1/sources/{i}" for i in big["sources"]], False),
            ("desk library", EDITOR_CLIENT, ["/desk/sources"], False),
            ("desk articles", EDITOR_CLIENT, ["/desk/articles"], False),
            ("desk anchors to review", EDITOR_CLIENT, ["/desk/anchors"], False),
        ]),
    ]


def measure(client, urls: list[str], headers: dict, requests: int, before=None) -> list[float]:
    for url in urls:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for n in range(requests):
        url = urls[n % len(urls)]
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(backend: str, url: str, size: int, requests: int, seed: int, only: str = "") -> None:
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        started = time.perf_counter()
        generation = None
        if not db.session.scalar(select(Claim.id).limit(1)):
            generate(size, seed)
            generation = time.perf_counter() - started
        token = create_api_token(find_user(EDITOR), "bench")
        published, claims, articles = sample_ids(size)
        big = busiest()
    clients = {READER: app.test_client(), EDITOR_CLIENT: app.test_client()}
    signed_in = clients[EDITOR_CLIENT].post("/login", data={"email": EDITOR, "password": GENERATED_PASSWORD})
    assert signed_in.status_code == 302
    headers = {"Authorization": f"Bearer {token}"}
    made = f"generated in {generation:.1f} s" if generation is not None else "reused from an earlier run"
    print(f"\n{backend}, {size:,} claims — {made}; {requests} warm requests per page")
    print(f"{'page':<42} {'median ms':>10} {'p95 ms':>8} {'× bare':>7}")
    bare: dict[str, float] = {}
    for name, who, urls, first_view in pages(published, claims, articles, big):
        if not name.startswith("bare view") and only and only not in name:
            continue
        forget = app.extensions["rendered_pages"].clear if first_view else None
        timings = measure(clients[who], urls, headers if "/api/" in urls[0] else {}, requests, forget)
        median = statistics.median(timings)
        bare.setdefault(who, median)
        print(f"{name:<42} {median:>10.1f} {p95(timings):>8.1f} {median / bare[who]:>7.1f}")
    sys.stdout.flush()
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--reuse", action="store_true", help="keep a database an earlier run generated")
    parser.add_argument("--database", default="", help="PostgreSQL: time this existing database (implies --reuse)")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this (and the bare view)")
    parser.add_argument("--all-groupings", action="store_true",
                        help="time the report for every group key and pair of keys, and the desk page for each")
    options = parser.parse_args()
    if options.all_groupings:
        every_grouping()
    sizes = [int(size) for size in options.sizes.split(",")]
    server = os.environ.pop("DATABASE_URL", "")
    print(f"Targets at 100,000 claims: {TARGETS}")
    for size in sizes:
        if "sqlite" in options.backends:
            run("SQLite", sqlite_url(size, options.reuse), size, options.requests, options.seed, options.only)
        if server and "postgresql" in options.backends:
            url = postgres_url(server, size, options.reuse or bool(options.database), name=options.database)
            run("PostgreSQL", url, size, options.requests, options.seed, options.only)


if __name__ == "__main__":
    main()
