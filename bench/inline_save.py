"""Server time of an inline save in the claim workspace, and the size of each fragment against the page.

Run: .venv/bin/python bench/inline_save.py [--saves 200]

Builds a fresh SQLite database in a temporary folder (the real migrations), loads the demo data, signs in
as the demo fact-checker through /login, then sends --saves htmx saves through the Flask test client,
turn by turn: the claim text, the verdict, an evidence row and a link (each one a real write with its
AuditEvent, answered with the fragment and its out-of-band blocks). Prints the median and the 95th
percentile in milliseconds, per kind and overall (wall clock, and CPU time), then the bytes of each fragment and of the whole page.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import flask_migrate  # noqa: E402
from sqlalchemy import select  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Claim, ClaimLink  # noqa: E402
from factcheck.cli.demo import DEMO_PASSWORD, load_demo  # noqa: E402

HTMX = {"HX-Request": "true"}
META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def hidden(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="((?:original_\w+)|version)" value="([^"]*)"', html))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="factcheck-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False, "TESTING": False})
    with app.app_context():
        flask_migrate.upgrade()
        load_demo()
        claim = db.session.scalar(select(Claim).where(Claim.status == "draft").order_by(Claim.id))
        claim_id, evidence_id = claim.id, claim.evidence[0].id
        # Linked to a claim that is not published: a published claim's links are locked.
        other = db.session.scalar(select(Claim.id).where(Claim.id != claim_id, Claim.status != "published")
                                  .order_by(Claim.id))

    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": "factchecker@example.org", "password": DEMO_PASSWORD, "csrf_token": token})
    base = f"/desk/claims/{claim_id}"
    token = META_TOKEN.search(client.get(base).get_data(as_text=True)).group(1)
    headers = {**HTMX, "X-CSRFToken": token}
    client.post(f"{base}/links", data={"target_id": str(other), "relation": "contradicts"}, headers=headers)
    with app.app_context():
        link_id = db.session.scalar(select(ClaimLink.id).where(
            ClaimLink.from_claim_id.in_([claim_id, other]), ClaimLink.to_claim_id.in_([claim_id, other])))

    def save(kind: str, n: int):
        if kind == "claim":
            form = hidden(client.get(f"{base}/edit", headers=HTMX).get_data(as_text=True))
            return f"{base}", {**form, "text": f"Almaty is threatened by bandits, take {n}.",
                               "claimant": form["original_claimant"], "claimed_at": form["original_claimed_at"],
                               "assignee": form["original_assignee"]}
        if kind == "verdict":
            form = hidden(client.get(f"{base}/verdict/edit", headers=HTMX).get_data(as_text=True))
            return f"{base}/verdict", {**form, "rating": "unproven", "summary": f"No source, take {n}.",
                                       "explanation": f"The figure was **not sourced** ({n})."}
        if kind == "evidence":
            return f"{base}/evidence/{evidence_id}", {"stance": "context", "quote": "twenty thousand bandits",
                                                      "note": f"Note {n}"}
        return f"{base}/links/{link_id}", {"relation": "contradicts", "note": f"Link note {n}"}

    kinds = ("claim", "verdict", "evidence", "link")
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpu: list[float] = []
    for n in range(args.saves):
        kind = kinds[n % len(kinds)]
        path, data = save(kind, n)  # opening the form is not timed: only the save
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post(path, data=data, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
        times[kind].append(elapsed)

    everything = [t for values in times.values() for t in values]
    print(f"{args.saves} inline saves on SQLite (demo data), Flask test client, server time in ms")
    for kind in kinds:
        print(f"  {kind:<9} n={len(times[kind]):<4} median {statistics.median(times[kind]):6.1f}"
              f"  p95 {percentile(times[kind], 0.95):6.1f}")
    print(f"  {'all':<9} n={len(everything):<4} median {statistics.median(everything):6.1f}"
          f"  p95 {percentile(everything, 0.95):6.1f}")
    print(f"  {'cpu time':<9} n={len(cpu):<4} median {statistics.median(cpu):6.1f}  p95 {percentile(cpu, 0.95):6.1f}"
          "  (this process's CPU: the wall time less waiting for the disk or for a busy machine)")

    print("\nbytes: fragment (htmx) against the whole page (same URL without HX-Request)")
    urls = [f"{base}/details", f"{base}/edit", f"{base}/verdict", f"{base}/verdict/edit", f"{base}/evidence",
            f"{base}/evidence/{evidence_id}", f"{base}/evidence/{evidence_id}/edit", f"{base}/links",
            f"{base}/links/{link_id}", f"{base}/links/{link_id}/edit", f"{base}/evidence/sources?q=almaty",
            f"{base}/links/claims?q=order", f"{base}/workflow", f"{base}/history"]
    for url in urls:
        fragment = len(client.get(url, headers=HTMX).data)
        page = len(client.get(url).data)
        print(f"  {url.removeprefix(base) or '/':<32} {fragment:>7} of {page:>7}  ({fragment / page:5.1%})")
    saved = client.post(f"{base}/evidence/{evidence_id}", headers=headers,
                        data={"stance": "context", "quote": "twenty thousand bandits", "note": "last"})
    print(f"  {'save of an evidence row':<32} {len(saved.data):>7} (row + status, workflow, history out of band)")


if __name__ == "__main__":
    main()
