"""A list of claims loads its verdicts, claimants, evidence and links in a fixed number of queries."""

import re

import pytest

from factcheck.services.text.sentences import split_sentences
from tests.api.conftest import API, SEED_TEXT

# Sentences that occur once in the seed article, so that each quote anchors without context.
QUOTES = [s.text for s in split_sentences(SEED_TEXT) if len(s.text) > 40 and SEED_TEXT.count(s.text) == 1]


def _claims_with_everything(desk, count: int) -> None:
    article = desk.article()
    source = desk.call("POST", "/sources", json={"url": "https://tass.example/a", "publisher": "TASS"}).json
    made = []
    for quote in QUOTES[:count]:
        claim = desk.claim(article["id"], quote, claimant=f"Claimant {quote[:12]}")
        desk.call("POST", f"/claims/{claim['id']}/evidence", json={"source_id": source["id"], "stance": "supports"})
        if made:  # linked while both are drafts: a published claim's links are locked
            desk.call("POST", f"/claims/{claim['id']}/links",
                      json={"target_id": made[-1]["id"], "relation": "contradicts"})
        made.append(claim)
    for claim in made:
        claim = desk.call("GET", f"/claims/{claim['id']}").json
        claim = desk.move(desk.verdict(claim), "in_review", "factchecker")
        desk.move(claim, "published", "editor")


@pytest.mark.parametrize("as_staff", [False, True])
def test_a_claim_list_issues_the_same_queries_for_2_and_10_claims(desk, client, count_queries, as_staff):
    assert len(QUOTES) >= 10
    counts = []
    for count, first in ((2, True), (8, False)):
        _claims_with_everything(desk, count)
        headers = {"Authorization": f"Bearer {desk.token()}"} if as_staff else {}
        client.get(f"{API}/claims?per_page=100", headers=headers)  # token bookkeeping settles
        with count_queries() as statements:
            response = client.get(f"{API}/claims?per_page=100", headers=headers)
        assert len(response.json["items"]) == (2 if first else 10)
        assert all(c["verdict"] and c["evidence"] and c["claimant"] for c in response.json["items"])
        assert any(c["links"] for c in response.json["items"])
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_an_article_loads_its_claims_in_a_fixed_number_of_queries(desk, client, count_queries):
    article = desk.article()
    counts = []
    for quotes in (QUOTES[:2], QUOTES[2:10]):
        for quote in quotes:
            claim = desk.claim(article["id"], quote, claimant=f"Claimant {quote[:12]}")
            desk.call("POST", f"/claims/{claim['id']}/evidence",
                      json={"url": f"https://news.example/{claim['id']}", "stance": "context"})
            desk.verdict(desk.call("GET", f"/claims/{claim['id']}").json)
        headers = {"Authorization": f"Bearer {desk.token()}"}
        client.get(f"{API}/articles/{article['id']}", headers=headers)
        with count_queries() as statements:
            response = client.get(f"{API}/articles/{article['id']}", headers=headers)
        assert all(c["verdict"] and c["evidence"] for c in response.json["claims"])
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_adding_evidence_reads_neither_the_claims_evidence_nor_its_article(desk, client, count_queries):
    """An addition locks the claim's row and inserts: what the claim already cites is not read, so the write
    costs the same on the fortieth source as on the first (bench/load.py's writers add to a few claims)."""
    claim = desk.claim(desk.article()["id"], QUOTES[0])
    headers = {"Authorization": f"Bearer {desk.token()}"}
    counts = []
    for n in range(6):
        with count_queries() as statements:
            response = client.post(f"{API}/claims/{claim['id']}/evidence", headers=headers,
                                   json={"url": f"https://news.example/cited-{n}", "stance": "context"})
        assert response.status_code == 201, response.json
        counts.append(len(statements))
        assert not any("JOIN evidence" in s or "article.text" in s for s in statements)
    assert len(set(counts[1:])) == 1, counts
    assert len(desk.call("GET", f"/claims/{claim['id']}").json["evidence"]) == 6


def test_adding_evidence_reads_the_claim_and_the_signed_in_user_once(desk, client, count_queries):
    """The claim is read under the write's lock (not read, then locked), and the request log names the token's
    user from what the request loaded, not by reading the row again after the COMMIT expired it."""
    claim = desk.claim(desk.article()["id"], QUOTES[0])
    headers = {"Authorization": f"Bearer {desk.token()}"}
    with count_queries() as statements:
        response = client.post(f"{API}/claims/{claim['id']}/evidence", headers=headers,
                               json={"url": "https://news.example/read-once", "stance": "context"})
    assert response.status_code == 201, response.json
    reads = [re.search(r"\bFROM\s+(\S+)", s).group(1).strip('"') for s in statements
             if s.lstrip().startswith("SELECT") and re.search(r"\bFROM\s", s)]
    assert reads.count("claim") == 1, reads
    assert reads.count("user") == 1, reads
