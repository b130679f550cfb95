"""The locust users of bench/load.py, one class per scenario (run by it; the data comes from FACTCHECK_LOAD_DATA)."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["FACTCHECK_LOAD_DATA"]).read()) if os.environ.get("FACTCHECK_LOAD_DATA") else {}
WORDS = ("bread", "turnout Almaty", "troops", "unemployment", "schools", "petrol")
_evidence_numbers = itertools.count()


class BareView(HttpUser):
    wait_time = between(0, 0)

    @task
    def bare(self):
        self.client.get(f"/bench/bare/{random.choice(DATA['claims'])}", name="/bench/bare/<id>")


class PublicClaimPage(HttpUser):
    wait_time = between(0, 0)

    @task
    def claim_page(self):
        self.client.get(f"/claims/{random.choice(DATA['published'])}", name="/claims/<id>-<slug>")


class Search(HttpUser):
    wait_time = between(0, 0)

    @task
    def search(self):
        self.client.get("/claims", params={"q": random.choice(WORDS)}, name="/claims?q=")


class DeskMix(HttpUser):
    """An editor reading the desk while writers add evidence to a few claims through the API."""

    wait_time = between(0, 0)

    def on_start(self):
        # Signed in once by bench/load.py: the scenario times the desk, not 16 password hashes at once.
        self.client.cookies.set("session", DATA["session"], domain="127.0.0.1")

    @task(5)
    def workspace(self):
        self.client.get(f"/desk/claims/{random.choice(DATA['writable'] + DATA['claims'])}", name="/desk/claims/<id>")

    @task(1)
    def desk_home(self):
        self.client.get("/desk/", name="/desk/")

    @task(2)
    def add_evidence(self):
        number = next(_evidence_numbers)
        self.client.post(f"/api/v1/claims/{random.choice(DATA['writable'])}/evidence",
                         name="POST /api/v1/claims/<id>/evidence",
                         headers={"Authorization": f"Bearer {DATA['token']}"},
                         json={"url": f"{DATA['written_url']}{os.getpid()}/{number}", "stance": "context",
                               "quote": f"Load test excerpt {number}"})
