"""Sources and evidence: POST /sources, GET /sources/<id>, POST /claims/<id>/evidence."""

from tests.api.conftest import RESTORED, SHOTS

TASS = {"url": "https://TASS.example/world/almaty-shots/?utm_campaign=x#top", "title": "Shots fired",
        "publisher": "TASS", "kind": "news_report", "published_at": "2022-01-07"}


def test_a_source_url_is_stored_once(desk):
    first = desk.call("POST", "/sources", json=TASS)
    assert first.status_code == 201
    assert first.json["url"] == "https://tass.example/world/almaty-shots"
    assert first.json["kind"] == "news_report"
    assert first.json["published_at"] == "2022-01-07T00:00:00+00:00"
    assert first.json["accessed_at"]
    again = desk.call("POST", "/sources", json={"url": "https://tass.example/world/almaty-shots"})
    assert again.status_code == 200
    assert again.json == first.json
    assert again.headers["Location"].endswith(f"/api/v1/sources/{first.json['id']}")


def test_a_source_lists_the_claims_that_cite_it(desk, client):
    article = desk.article()
    draft = desk.claim(article["id"], SHOTS)
    published = desk.claim(article["id"], RESTORED)
    source = desk.call("POST", "/sources", json=TASS).json
    for claim, stance in ((draft, "supports"), (published, "contradicts")):
        desk.call("POST", f"/claims/{claim['id']}/evidence", json={"source_id": source["id"], "stance": stance,
                                                                   "quote": "shots were fired"})
    assert client.get(f"/api/v1/sources/{source['id']}").status_code == 404  # cited by drafts only
    desk.move(desk.move(desk.verdict(desk.call("GET", f"/claims/{published['id']}").json),
                        "in_review", "factchecker"), "published", "editor")

    staff = desk.call("GET", f"/sources/{source['id']}").json
    assert [(c["id"], c["stance"]) for c in staff["claims"]] == [(draft["id"], "supports"),
                                                                 (published["id"], "contradicts")]
    public = client.get(f"/api/v1/sources/{source['id']}").json
    assert public["claims"] == [{"id": published["id"], "text": published["text"], "status": "published",
                                 "stance": "contradicts", "quote": "shots were fired"}]
    assert set(public) >= {"id", "url", "title", "publisher", "author", "published_at", "accessed_at",
                           "archive_url", "kind"}


def test_evidence_by_url_reuses_the_source(desk):
    article = desk.article()
    claim = desk.claim(article["id"])
    source = desk.call("POST", "/sources", json=TASS).json
    response = desk.call("POST", f"/claims/{claim['id']}/evidence",
                         json={"url": "https://tass.example/world/almaty-shots", "stance": "context"})
    assert response.status_code == 201
    assert response.json["source"]["id"] == source["id"]
    assert response.json == {"id": response.json["id"], "stance": "context", "quote": "", "note": "",
                             "source": {"id": source["id"], "url": source["url"], "title": "Shots fired",
                                        "publisher": "TASS"}, "capture": None}
    shown = desk.call("GET", f"/claims/{claim['id']}").json["evidence"]
    assert shown == [response.json]


def test_an_unknown_stance_stores_neither_evidence_nor_source(desk, unchanged):
    claim = desk.claim(desk.article()["id"])
    with unchanged():
        response = desk.call("POST", f"/claims/{claim['id']}/evidence",
                             json={"url": "https://new.example/story", "stance": "agrees"})
    assert response.status_code == 422
    assert "stance" in response.json["error"]["fields"]


def test_evidence_needs_exactly_one_way_to_name_its_source(desk, unchanged):
    claim = desk.claim(desk.article()["id"])
    source = desk.call("POST", "/sources", json=TASS).json
    for body in ({"stance": "supports"}, {"source_id": source["id"], "url": TASS["url"], "stance": "supports"},
                 {"source_id": 999, "stance": "supports"}, {"source_id": "1", "stance": "supports"},
                 {"url": "ftp://example.org/file", "stance": "supports"}):
        with unchanged():
            response = desk.call("POST", f"/claims/{claim['id']}/evidence", json=body)
        assert response.status_code == 422, body
        assert set(response.json["error"]["fields"]) & {"source_id", "url"}, body


def test_evidence_on_an_unknown_claim_is_404(desk, unchanged):
    with unchanged():
        response = desk.call("POST", "/claims/999/evidence", json={"url": TASS["url"], "stance": "supports"})
    assert response.status_code == 404


def test_a_bad_source_is_refused(desk, unchanged):
    for body in ({"url": "not a url"}, {"url": "https://example.org/a", "kind": "rumour"}, {"title": "No url"}):
        with unchanged():
            response = desk.call("POST", "/sources", json=body)
        assert response.status_code == 422, body


def test_an_unknown_source_is_404(desk, client):
    assert desk.call("GET", "/sources/999").status_code == 404
    assert client.get("/api/v1/sources/999").status_code == 404
