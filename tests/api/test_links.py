"""POST /claims/<id>/links: typed links, shown on both claims."""

from tests.api.conftest import RESTORED, SHOTS


def test_a_link_appears_on_both_claims(desk):
    article = desk.article()
    restored, shots = desk.claim(article["id"], RESTORED), desk.claim(article["id"], SHOTS)
    response = desk.call("POST", f"/claims/{shots['id']}/links",
                         json={"target_id": restored["id"], "relation": "contradicts", "note": "Same night."})
    assert response.status_code == 201
    assert response.json == {"id": response.json["id"], "relation": "contradicts", "note": "Same night.",
                             "claim": {"id": restored["id"], "text": restored["text"], "status": "draft"}}
    seen_from_restored = desk.call("GET", f"/claims/{restored['id']}").json["links"]
    assert seen_from_restored == [{"id": response.json["id"], "relation": "contradicts", "note": "Same night.",
                                   "claim": {"id": shots["id"], "text": shots["text"], "status": "draft"}}]


def test_a_directed_link_says_which_way_it_points(desk):
    article = desk.article()
    restored, shots = desk.claim(article["id"], RESTORED), desk.claim(article["id"], SHOTS)
    link = desk.call("POST", f"/claims/{restored['id']}/links",
                     json={"target_id": shots["id"], "relation": "updates"}).json
    assert link["direction"] == "outgoing"
    incoming = desk.call("GET", f"/claims/{shots['id']}").json["links"]
    assert [(lv["relation"], lv["direction"], lv["claim"]["id"]) for lv in incoming] == [
        ("updates", "incoming", restored["id"])]


def test_a_claim_cannot_link_to_itself(desk, unchanged):
    claim = desk.claim(desk.article()["id"])
    with unchanged():
        response = desk.call("POST", f"/claims/{claim['id']}/links",
                             json={"target_id": claim["id"], "relation": "same-as"})
    assert response.status_code == 422
    assert "target_id" in response.json["error"]["fields"]


def test_a_duplicate_link_is_a_conflict(desk, unchanged):
    article = desk.article()
    restored, shots = desk.claim(article["id"], RESTORED), desk.claim(article["id"], SHOTS)
    desk.call("POST", f"/claims/{restored['id']}/links", json={"target_id": shots["id"], "relation": "contradicts"})
    with unchanged():
        response = desk.call("POST", f"/claims/{shots['id']}/links",  # the same symmetric link, other end
                             json={"target_id": restored["id"], "relation": "contradicts"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "duplicate_link"


def test_a_link_needs_a_known_relation_and_target(desk, unchanged):
    article = desk.article()
    restored, shots = desk.claim(article["id"], RESTORED), desk.claim(article["id"], SHOTS)
    for body in ({"target_id": shots["id"], "relation": "refutes"}, {"target_id": 999, "relation": "supports"}):
        with unchanged():
            response = desk.call("POST", f"/claims/{restored['id']}/links", json=body)
        assert response.status_code == 422, body
