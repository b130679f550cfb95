"""The whole loop through the API: article, claims, sources, evidence, verdict, review, publication."""

from tests.api.conftest import RESTORED, SHOTS


def test_a_claim_goes_from_article_to_public_through_the_api(desk, client):
    article = desk.article(url="https://news.example/world/kazakhstan-tokayev")
    assert article["sentences"][0] == {"index": 0, "start": 0, "end": article["sentences"][0]["end"],
                                       "text": article["text"][:article["sentences"][0]["end"]]}

    by_quote = desk.claim(article["id"], RESTORED, text="Order has been restored in Kazakhstan.",
                          claimant="Kassym-Jomart Tokayev", claimed_at="2022-01-07")
    start = article["text"].index(SHOTS)
    by_position = desk.call("POST", f"/articles/{article['id']}/claims", json={
        "selector": {"type": "TextPositionSelector", "start": start, "end": start + len(SHOTS)},
        "claimant": "TASS"}).json
    assert by_quote["anchor"]["exact"] == RESTORED
    assert by_quote["anchor"]["start"] == article["text"].index(RESTORED)
    assert by_quote["anchor"]["suffix"].startswith(".")
    assert by_position["anchor"]["exact"] == SHOTS
    assert by_position["anchor"]["prefix"] == article["text"][start - 32:start]

    source = desk.call("POST", "/sources", json={
        "url": "https://tass.example/world/almaty-shots?utm_source=x", "title": "Shots fired overnight",
        "publisher": "TASS", "kind": "news_report"})
    assert source.status_code == 201
    assert source.json["url"] == "https://tass.example/world/almaty-shots"
    evidence = desk.call("POST", f"/claims/{by_quote['id']}/evidence", json={
        "source_id": source.json["id"], "stance": "contradicts", "quote": SHOTS})
    assert evidence.status_code == 201
    assert evidence.json["source"] == {"id": source.json["id"], "url": "https://tass.example/world/almaty-shots",
                                      "title": "Shots fired overnight", "publisher": "TASS"}
    by_url = desk.call("POST", f"/claims/{by_quote['id']}/evidence", json={
        "url": "https://wire.example/almaty-fighting", "stance": "contradicts", "note": "Friday morning."})
    assert by_url.status_code == 201 and by_url.json["source"]["url"] == "https://wire.example/almaty-fighting"
    link = desk.call("POST", f"/claims/{by_quote['id']}/links", json={
        "target_id": by_position["id"], "relation": "contradicts", "note": "Shots the night before."})
    assert link.status_code == 201
    assert link.json["claim"] == {"id": by_position["id"], "text": by_position["text"], "status": "draft"}

    claim = desk.call("GET", f"/claims/{by_quote['id']}").json
    claim = desk.verdict(claim, "false")
    assert claim["verdict"]["rating"] == "false"
    claim = desk.move(claim, "in_review", "factchecker")
    claim = desk.move(claim, "published", "editor")
    assert claim["status"] == "published"

    public = client.get(f"/api/v1/claims/{claim['id']}")
    assert public.status_code == 200
    assert public.headers["ETag"] == f'"{claim["version"]}"'
    body = public.json
    assert body["verdict"]["rating"] == "false"
    assert body["claimant"] == "Kassym-Jomart Tokayev"
    assert body["public_url"].endswith(f"/claims/{claim['id']}-order-has-been-restored-in-kazakhstan")
    assert [e["stance"] for e in body["evidence"]] == ["contradicts", "contradicts"]
    assert body["links"] == []  # the other end is still a draft
    assert "assignee" not in body
    history = client.get(f"/api/v1/claims/{claim['id']}/history").json
    # The public history: the verdict as published and the publication; the submission is the desk's.
    assert [entry["type"] for entry in history] == ["verdict_revision", "transition"]
    assert history[1]["to"] == "published"
    assert all("by" not in entry and "by_email" not in entry for entry in history)
    assert client.get(f"/api/v1/articles/{article['id']}").json["claims"][0]["id"] == claim["id"]
    cited = client.get(f"/api/v1/sources/{source.json['id']}").json["claims"]
    assert cited == [{"id": claim["id"], "text": claim["text"], "status": "published", "stance": "contradicts",
                      "quote": SHOTS}]


def test_claim_shape_matches_the_contract(desk):
    article = desk.article()
    claim = desk.claim(article["id"], claimant="Kassym-Jomart Tokayev")
    response = desk.call("GET", f"/claims/{claim['id']}")
    assert set(response.json) >= {"id", "status", "version", "public_url", "text", "claimant", "claimed_at",
                                  "article_id", "anchor", "anchor_status", "verdict", "evidence", "links"}
    assert set(response.json["anchor"]) == {"exact", "prefix", "suffix", "start", "end"}
    assert response.json["verdict"] is None
    assert response.json["anchor_status"] == "exact"
    assert response.json["assignee"].endswith("@example.org")  # internal: for token holders only
    assert response.headers["ETag"] == f'"{response.json["version"]}"'


def test_the_editor_sends_a_claim_back_with_a_note(desk):
    article = desk.article()
    claim = desk.move(desk.verdict(desk.claim(article["id"])), "in_review", "factchecker")
    without_note = desk.call("POST", f"/claims/{claim['id']}/transitions", role="editor",
                             if_match=claim["version"], json={"to": "draft"})
    assert without_note.status_code == 422
    assert "note" in without_note.json["error"]["fields"]
    back = desk.move(claim, "draft", "editor", note="Add a second source.")
    assert back["status"] == "draft"
    history = desk.call("GET", f"/claims/{claim['id']}/history").json
    assert history[-1]["note"] == "Add a second source."
    assert history[-1]["by_email"].startswith("editor")


def test_a_published_verdict_changes_only_after_reopening_and_shows_a_correction(desk, client):
    article = desk.article()
    claim = desk.published_claim(article["id"])
    refused = desk.call("PUT", f"/claims/{claim['id']}/verdict", if_match=claim["version"],
                        json={"rating": "mixed", "summary": "Changed."})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "claim_published"
    claim = desk.move(claim, "in_review", "editor")
    claim = desk.verdict(claim, "mostly-false")
    claim = desk.move(claim, "published", "editor", note="We had the time of the shooting wrong.")
    history = client.get(f"/api/v1/claims/{claim['id']}/history").json
    corrections = [entry for entry in history if entry["type"] == "correction"]
    assert [c["note"] for c in corrections] == ["We had the time of the shooting wrong."]
    assert all("note" not in entry for entry in history if entry["type"] != "correction")


def test_patch_changes_only_the_fields_given(desk):
    article = desk.article()
    claim = desk.claim(article["id"], claimant="Tokayev")
    response = desk.call("PATCH", f"/claims/{claim['id']}", if_match=claim["version"],
                         json={"text": "Order was restored.", "claimed_at": "2022-01-07T09:00:00Z"})
    assert response.status_code == 200
    assert response.json["text"] == "Order was restored."
    assert response.json["claimant"] == "Tokayev"
    assert response.json["claimed_at"] == "2022-01-07T09:00:00+00:00"
    assert response.json["version"] == claim["version"] + 1
    assert response.headers["ETag"] == f'"{claim["version"] + 1}"'
    unassigned = desk.call("PATCH", f"/claims/{claim['id']}", role="editor",
                           if_match=f'W/"{response.json["version"]}"',
                           json={"assignee": None, "claimant": "Kassym-Jomart Tokayev"})
    assert unassigned.json["assignee"] is None
    assert unassigned.json["claimant"] == "Kassym-Jomart Tokayev"


def test_if_match_accepts_quoted_weak_and_bare_versions(desk):
    claim = desk.claim(desk.article()["id"])
    for tag in (f'"{claim["version"]}"', f'W/"{claim["version"] + 1}"', str(claim["version"] + 2)):
        response = desk.call("PATCH", f"/claims/{claim['id']}", if_match=tag, json={"text": f"Version {tag}"})
        assert response.status_code == 200, (tag, response.json)


def test_the_public_never_sees_drafts(desk, client):
    article = desk.article()
    draft = desk.claim(article["id"], SHOTS)
    published = desk.published_claim(article["id"])

    listing = client.get("/api/v1/claims").json
    assert [c["id"] for c in listing["items"]] == [published["id"]]
    assert listing["total"] == 1
    assert all("assignee" not in c and "updated_at" not in c for c in listing["items"])
    assert client.get("/api/v1/claims?status=draft").json["items"] == []
    assert client.get(f"/api/v1/claims/{draft['id']}").status_code == 404
    assert client.get(f"/api/v1/claims/{draft['id']}/history").status_code == 404
    assert [c["id"] for c in client.get(f"/api/v1/articles/{article['id']}").json["claims"]] == [published["id"]]
    staff = desk.call("GET", "/claims").json
    assert {c["id"] for c in staff["items"]} == {draft["id"], published["id"]}
