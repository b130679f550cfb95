"""GET /api/v1/claims/<id>/suggestions: staff only, a bare list best first, in a fixed number of queries."""

import pytest

from factcheck.services.claims.claims import create_claim
from tests.api.conftest import API, bearer
from tests.factories import make_user

TEXTS = ["Bread prices doubled in Almaty since January.",
         "Bread prices in Almaty have doubled since January, bakers say.",
         "Almaty bread prices doubled this year.",
         "The price of bread in Almaty went up twofold since January.",
         "Bakers in Almaty say bread prices doubled.",
         "Bread in Almaty costs twice what it did in January."]


@pytest.fixture
def staff_token(desk):
    return desk.token("factchecker")


def make_claims(app, texts, claimant="The bakers' union"):
    """Draft claims made by a fact-checker of their own, through the service."""
    with app.app_context():
        actor = make_user("factchecker")
        return [create_claim(actor, text=text, claimant=claimant).id for text in texts]


def test_suggestions_are_a_list_of_claims_with_score_and_reason(app, client, staff_token):
    first, second, *_ = make_claims(app, TEXTS[:3])
    response = client.get(f"{API}/claims/{first}/suggestions", headers=bearer(staff_token))
    assert response.status_code == 200 and isinstance(response.json, list)
    top = response.json[0]
    assert set(top) == {"claim", "score", "reason"} and set(top["claim"]) == {"id", "text", "status"}
    assert top["claim"]["status"] == "draft" and 0 < top["score"] <= 1 and top["reason"]
    assert first not in [s["claim"]["id"] for s in response.json]
    assert [s["score"] for s in response.json] == sorted((s["score"] for s in response.json), reverse=True)


def test_linked_claims_are_not_suggested(app, client, desk, staff_token):
    first, second, third = make_claims(app, TEXTS[:3])
    desk.call("POST", f"/claims/{second}/links", json={"target_id": first, "relation": "contradicts"})
    response = client.get(f"{API}/claims/{first}/suggestions", headers=bearer(staff_token))
    assert [s["claim"]["id"] for s in response.json] == [third]


def test_suggestions_need_a_staff_token(app, client):
    [claim_id] = make_claims(app, TEXTS[:1])
    response = client.get(f"{API}/claims/{claim_id}/suggestions")
    assert response.status_code == 401 and response.json["error"]["code"]


def test_the_limit_is_checked(app, client, staff_token):
    [first] = make_claims(app, TEXTS[:1])
    for limit in ("0", "51", "ten"):
        response = client.get(f"{API}/claims/{first}/suggestions?limit={limit}", headers=bearer(staff_token))
        assert response.status_code == 422 and "limit" in response.json["error"]["fields"]
    assert client.get(f"{API}/claims/{first}/suggestions?limit=1", headers=bearer(staff_token)).status_code == 200


def test_an_unknown_claim_is_404(client, staff_token):
    assert client.get(f"{API}/claims/999999/suggestions", headers=bearer(staff_token)).status_code == 404


def test_suggestions_take_the_same_queries_for_few_and_many_candidates(app, client, desk, staff_token, count_queries):
    counts = []
    for texts in (TEXTS[:2], TEXTS[2:] * 5):
        ids = make_claims(app, texts)
        source = desk.call("POST", "/sources", json={"url": f"https://bakers.example/{ids[0]}"}).json
        for claim_id in ids:
            desk.call("POST", f"/claims/{claim_id}/evidence", json={"source_id": source["id"], "stance": "supports"})
        client.get(f"{API}/claims/{ids[0]}/suggestions", headers=bearer(staff_token))
        with count_queries() as statements:
            response = client.get(f"{API}/claims/{ids[0]}/suggestions", headers=bearer(staff_token))
        assert response.json
        counts.append(len(statements))
    assert counts[0] == counts[1] and counts[0] <= 16, counts
