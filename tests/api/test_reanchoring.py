"""PATCH /articles/<id> with a new text re-anchors every claim; annotations carry both selectors."""

from tests.api.conftest import RESTORED, SEED_TEXT, SHOTS


def test_a_new_text_reports_each_claims_anchor_status(desk):
    article = desk.article()
    restored = desk.claim(article["id"], RESTORED)
    shots = desk.claim(article["id"], SHOTS)
    arrests = desk.claim(article["id"], "More than 3,000 protesters have been arrested.")
    new_text = ("Editor's note: this article was updated.\n\n" + SEED_TEXT
                .replace(RESTORED, "order had largely been restored in Kazakhstan")
                .replace("More than 3,000 protesters have been arrested.", ""))
    response = desk.call("PATCH", f"/articles/{article['id']}", json={"text": new_text})
    assert response.status_code == 200, response.json
    status = {c["id"]: c["anchor_status"] for c in response.json["claims"]}
    assert status == {restored["id"]: "fuzzy", shots["id"]: "moved", arrests["id"]: "orphaned"}
    moved = next(c for c in response.json["claims"] if c["id"] == shots["id"])
    assert new_text[moved["anchor"]["start"]:moved["anchor"]["end"]] == SHOTS
    fuzzy = next(c for c in response.json["claims"] if c["id"] == restored["id"])
    assert 0.5 < fuzzy["anchor_similarity"] < 1 and fuzzy["anchor_reason"]


def test_deleting_the_lpg_sentence_orphans_its_claim_instead_of_moving_it_onto_other_words(desk):
    article = desk.article()
    lpg = desk.claim(article["id"], "the price of LPG doubled")
    sentence = "Protests in Kazakhstan broke out after the price of LPG doubled at the beginning of this year. "
    assert sentence in SEED_TEXT
    response = desk.call("PATCH", f"/articles/{article['id']}", json={"text": SEED_TEXT.replace(sentence, "")})
    assert response.status_code == 200, response.json
    claim = next(c for c in response.json["claims"] if c["id"] == lpg["id"])
    assert claim["anchor_status"] == "orphaned"
    assert claim["anchor"] == lpg["anchor"]  # the old anchor is kept, never moved onto "the price hike, b"
    assert "the price hike" in claim["anchor_reason"] and "too little to be sure" in claim["anchor_reason"]


def test_patching_an_article_needs_a_token_and_valid_text(desk, client):
    article = desk.article()
    assert client.patch(f"/api/v1/articles/{article['id']}", json={"text": "x"}).status_code == 401
    response = desk.call("PATCH", f"/articles/{article['id']}", json={"text": ""})
    assert response.status_code == 422 and "text" in response.json["error"]["fields"]
    assert desk.call("GET", f"/articles/{article['id']}").json["text"] == SEED_TEXT.strip()


def test_annotation_is_a_w3c_web_annotation_with_both_selectors(desk):
    article = desk.article(url="https://news.example/almaty")
    claim = desk.claim(article["id"], RESTORED)
    response = desk.call("GET", f"/claims/{claim['id']}/annotation")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    annotation = response.json
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation" and annotation["id"].startswith("http")
    assert annotation["target"]["source"] == "https://news.example/almaty"
    quote, position = annotation["target"]["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": RESTORED, "prefix": claim["anchor"]["prefix"],
                     "suffix": claim["anchor"]["suffix"]}
    assert position == {"type": "TextPositionSelector", "start": claim["anchor"]["start"],
                        "end": claim["anchor"]["end"]}


def test_the_public_gets_no_annotation_of_a_draft(desk, client):
    article = desk.article()
    claim = desk.claim(article["id"], RESTORED)
    assert client.get(f"/api/v1/claims/{claim['id']}/annotation").status_code == 404
