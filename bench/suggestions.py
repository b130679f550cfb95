"""Suggested links: precision at 3 on a labelled set, and latency with many claims in SQLite.

Run: .venv/bin/python bench/suggestions.py [--claims 100000] [--runs 200] [--noise ours|generator]

Builds a fresh SQLite database (migrations, then `flask demo`), removes the demo's links so that its known
pairs ("order restored" with the TASS shots and the journalists' fighting; 26 killed with "dozens
eliminated") become things to find, adds labelled families of synthetic claims about the same thing in
other words, then measures precision at 3 on that set, fills the database up to --claims with noise
claims (bulk inserts, with sources, evidence and links), and measures precision at 3 again and the latency
of suggest_claims (median and 95th percentile over --runs claims).
Precision at 3: the share of the top three suggestions in the same family, out of min(3, family size - 1).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, update  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Claim, Claimant, ClaimLink, Evidence, Source  # noqa: E402
from factcheck.models.types import utcnow  # noqa: E402

DEMO_FAMILIES = [
    ["Order has been restored in Kazakhstan.",
     "Shots were fired late into the night in the centre of Almaty on Thursday.",
     "There was fighting in Almaty on Friday morning."],
    ["26 protesters have been killed.", "Dozens of attackers have been eliminated."],
]
# Families of claims about the same thing, said differently, by different people: (claimant, text, evidence),
# evidence as (source key, stance). Each family is a labelled set: its members should suggest each other.
FAMILIES = [
    [("Ministry of Labour", "Unemployment fell to 4.1 percent in March.", [("labour", "supports")]),
     ("Statistics Bureau", "The jobless rate dropped to 4.1% in March, the lowest in a decade.", []),
     ("Independent economists", "Unemployment actually rose in March.", [("labour", "contradicts")])],
    [("Regional governor", "At least 40 people died in the floods in Kostanay.", [("floods", "supports")]),
     ("Opposition leaders", "Hundreds of people died in the Kostanay floods.", []),
     ("Emergency ministry", "The Kostanay floods killed 12 people.", [("floods", "contradicts")])],
    [("The mayor", "The new Ural river bridge cost 300 million dollars.", [("bridge", "supports")]),
     ("Audit chamber", "The Ural bridge cost taxpayers a billion dollars.", [("bridge", "contradicts")]),
     ("Local journalists", "Construction of the bridge over the Ural ran three times over budget.", [])],
    [("Ministry of Health", "Measles vaccination rates in schools have fallen below 80 percent.", []),
     ("Union of paediatricians", "Fewer than eight in ten schoolchildren are vaccinated against measles.", []),
     ("Ministry of Education", "Measles vaccination in schools is at a record high of 97 percent.", [])],
    [("Election Commission", "Turnout in the parliamentary election was 54 percent.", [("turnout", "supports")]),
     ("Observers", "Only a third of voters turned out for the parliamentary election.", [("turnout", "contradicts")]),
     ("State television", "Parliamentary election turnout reached 54 percent.", [])],
    [("Consumer association", "The price of bread has doubled since January.", []),
     ("Bakers' union", "Bread prices rose by 100 percent this year.", []),
     ("Ministry of Trade", "Bread costs no more than it did last January.", [])],
    [("Ministry of Health", "The government closed 2,000 hospital beds last year.", [("beds", "supports")]),
     ("Hospital staff", "Thousands of hospital beds were cut in the last year.", []),
     ("Health minister", "No hospital beds were closed last year.", [("beds", "contradicts")])],
    [("Rights group", "Police detained 150 demonstrators at the Saturday rally in Astana.", [("rally", "supports")]),
     ("Eyewitnesses", "Dozens of demonstrators were detained at the weekend rally in Astana.", []),
     ("Police Department", "Nobody was detained at the Astana rally on Saturday.", [("rally", "contradicts")])],
    [("Prime minister", "Pensions will rise by 10 percent next year.", []),
     ("Economists", "The pension increase next year is only 3 percent once inflation is counted.", []),
     ("Ministry of Labour", "Pensioners will get a ten percent rise in January.", [])],
    [("Residents", "The blackout in Ekibastuz left 100,000 homes without heating.", [("blackout", "supports")]),
     ("Energy company", "Heating was cut to tens of thousands of homes in Ekibastuz after the power plant failure.", []),
     ("Ministry of Energy", "The Ekibastuz power plant failure did not affect home heating.",
      [("blackout", "contradicts")])],
    [("Ministry of Education", "Teachers' salaries have doubled in five years.", []),
     ("Teachers' union", "Teacher pay has risen by 100 percent since 2021.", []),
     ("Economists", "Teachers earn less today than five years ago once inflation is counted.", [])],
    [("Environmental group", "Almaty's air is the most polluted in the country.", []),
     ("Doctors", "Air pollution in Almaty is the worst of any Kazakh city.", []),
     ("City Council", "Smog levels in Almaty fell by half this winter.", [])],
]

# Noise: plausible newsroom claims about the same places and subjects, plus rare words for a large vocabulary.
SPEAKERS = ["The minister", "A spokesman", "The mayor", "Officials", "Police", "Opposition leaders", "Economists",
            "The governor", "Doctors", "Teachers", "Residents", "Analysts", "The president", "Activists"]
PLACES = ["Almaty", "Astana", "Shymkent", "Aktobe", "Karaganda", "Taraz", "Pavlodar", "Semey", "Atyrau",
          "Kostanay", "Kyzylorda", "Uralsk", "Aktau", "Turkistan", "Ekibastuz", "the capital", "the region"]
SUBJECTS = ["prices", "wages", "pensions", "rents", "taxes", "exports", "imports", "crime", "arrests", "protests",
            "hospital waiting times", "school results", "fuel prices", "electricity tariffs", "bus fares",
            "unemployment", "inflation", "the budget deficit", "road deaths", "air quality", "housing starts",
            "mortgage rates", "wheat harvests", "oil output", "tourist numbers", "internet speeds"]
CHANGES = ["rose by {n} percent", "fell by {n} percent", "doubled", "halved", "reached a record high",
           "hit a ten-year low", "stayed flat", "grew faster than anywhere else", "have fallen for {n} months"]
WHEN = ["in January", "in March", "last year", "this year", "since 2020", "over the summer", "last month",
        "in the first quarter", "since the election", "after the reform"]
SYLLABLES = ["ka", "ra", "tem", "bol", "sar", "zhan", "mur", "ten", "gul", "dos", "nur", "bek", "lan", "ast",
             "ur", "ek", "zan", "tor", "vik", "mel", "pol", "dar", "sen", "kir"]


def noise_text(rng: random.Random, rare: list[str]) -> str:
    change = rng.choice(CHANGES).format(n=rng.randint(2, 60))
    extra = " ".join(rng.sample(rare, 2))
    return f"{rng.choice(SPEAKERS)} say {rng.choice(SUBJECTS)} in {rng.choice(PLACES)} {change} {rng.choice(WHEN)} ({extra})."


def remove_demo_links() -> None:
    db.session.execute(update(ClaimLink).values(removed_at=utcnow()))
    db.session.commit()


def add_families() -> list[list[int]]:
    """The labelled synthetic claims, made through the services like a fact-checker would."""
    from factcheck.services.accounts import users
    from factcheck.services.claims import claims, evidence as sources

    actor = users.find_user("factchecker@example.org")
    families = []
    for index, family in enumerate(FAMILIES):
        cited = {}
        ids = []
        for claimant, text, evidence in family:
            claim = claims.create_claim(actor, text=text, claimant=claimant)
            for key, stance in evidence:
                if key not in cited:
                    cited[key] = sources.find_or_create_source(
                        actor, url=f"https://bench.example/{index}/{key}", title=f"Report on {key}",
                        publisher=f"Publisher {key}", kind="news_report")[0]
                sources.attach_evidence(actor, claim, source=cited[key], stance=stance, quote="", note="")
            ids.append(claim.id)
        families.append(ids)
    db.session.commit()
    return families


def demo_families() -> list[list[int]]:
    by_text = {c.text: c.id for c in db.session.scalars(select(Claim))}
    return [[by_text[text] for text in family] for family in DEMO_FAMILIES]


def add_noise(total: int, seed: int) -> None:
    """Bulk-insert claims (with claimants, sources, evidence and links) until there are `total` claims."""
    rng = random.Random(seed)
    missing = total - db.session.scalar(select(func.count(Claim.id)))
    if missing <= 0:
        return
    rare = ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(20000)]
    now = utcnow()
    base_claimant = db.session.scalar(select(func.max(Claimant.id))) or 0
    db.session.execute(insert(Claimant), [{"name": f"Bench claimant {i}", "slug": f"bench-claimant-{i}",
                                           "description": "", "kind": "Person"} for i in range(2000)])
    base_source = db.session.scalar(select(func.max(Source.id))) or 0
    db.session.execute(insert(Source), [{"url": f"https://noise.example/{i}", "title": f"Noise report {i}",
                                         "publisher": f"Outlet {i % 300}", "kind": "news_report", "created_at": now}
                                        for i in range(20000)])
    first = (db.session.scalar(select(func.max(Claim.id))) or 0) + 1
    for start in range(0, missing, 10000):
        rows = [{"text": noise_text(rng, rare), "claimant_id": base_claimant + 1 + rng.randrange(2000),
                 "slug": "noise", "status": rng.choice(["draft", "in_review", "published"]), "version": 1,
                 "created_at": now, "updated_at": now} for _ in range(min(10000, missing - start))]
        db.session.execute(insert(Claim), rows)
    last = db.session.scalar(select(func.max(Claim.id)))
    evidence = [{"claim_id": claim_id, "source_id": base_source + 1 + rng.randrange(20000),
                 "stance": rng.choice(["supports", "contradicts", "context"]), "quote": "", "note": "",
                 "created_at": now} for claim_id in range(first, last + 1) for _ in range(2)]
    for start in range(0, len(evidence), 20000):
        db.session.execute(insert(Evidence), evidence[start:start + 20000])
    pairs = {tuple(sorted(rng.sample(range(first, last + 1), 2))) for _ in range(missing // 20)}
    db.session.execute(insert(ClaimLink), [{"from_claim_id": a, "to_claim_id": b, "relation": "contradicts",
                                            "note": "", "created_at": now} for a, b in pairs])
    db.session.commit()


def precision_at_3(families: list[list[int]]) -> tuple[float, list[str]]:
    from factcheck.services.reads.suggestions import suggest_claims

    scores, misses = [], []
    for family in families:
        for claim_id in family:
            db.session.expire_all()
            top = [s.claim.id for s in suggest_claims(db.session.get(Claim, claim_id), 3)]
            wanted = set(family) - {claim_id}
            scores.append(len(wanted & set(top)) / min(3, len(wanted)))
            if scores[-1] < 1:
                misses.append(f"#{claim_id} found {sorted(wanted & set(top))} of {sorted(wanted)}; top 3: {top}")
    return statistics.mean(scores), misses


def latency(claim_ids: list[int]) -> list[float]:
    from factcheck.services.reads.suggestions import suggest_claims

    timings = []
    for claim_id in claim_ids:
        db.session.remove()
        started = time.perf_counter()
        suggest_claims(db.session.get(Claim, claim_id))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="List the labelled claims that missed.")
    args = parser.parse_args()

    path = Path(tempfile.gettempdir()) / "factcheck-bench-suggestions.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        import flask_migrate

        from factcheck.cli.demo import load_demo

        flask_migrate.upgrade()
        load_demo()
        remove_demo_links()
        families = demo_families() + add_families()
        labelled = sum(len(f) for f in families)
        p3, misses = precision_at_3(families)
        print(f"labelled set: {len(families)} families, {labelled} claims")
        print(f"precision at 3, {db.session.scalar(select(func.count(Claim.id)))} claims in the database: {p3:.3f}")
        if args.verbose:
            print("\n".join("  miss " + m for m in misses))

        started = time.perf_counter()
        add_noise(args.claims, args.seed)
        count = db.session.scalar(select(func.count(Claim.id)))
        print(f"filled to {count} claims in {time.perf_counter() - started:.1f} s")
        p3, misses = precision_at_3(families)
        print(f"precision at 3, {count} claims in the database: {p3:.3f}")
        if args.verbose:
            print("\n".join("  miss " + m for m in misses))

        rng = random.Random(args.seed)
        sample = [rng.randint(1, count) for _ in range(args.runs)]
        latency(sample[:10])  # warm the page cache
        timings = sorted(latency(sample))
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(f"suggest_claims latency over {len(timings)} random claims: median {statistics.median(timings):.1f} ms, "
              f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
