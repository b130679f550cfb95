"""POST /articles and GET /articles/<id>: the text, its sentences and its claims."""

from factcheck.config import MAX_ARTICLE_CHARS
from tests.api.conftest import RESTORED, SHOTS


def test_an_imported_article_comes_back_with_its_sentences(desk):
    text = "Order was restored. Dr. Smith disagreed!\nFighting continued."
    response = desk.call("POST", "/articles", json={"title": "T", "text": text, "language": "en",
                                                    "published_at": "2022-01-07T12:00:00Z"})
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"/api/v1/articles/{response.json['id']}")
    assert response.json["sentences"] == [
        {"index": 0, "start": 0, "end": 19, "text": "Order was restored."},
        {"index": 1, "start": 20, "end": 40, "text": "Dr. Smith disagreed!"},
        {"index": 2, "start": 41, "end": 60, "text": "Fighting continued."},
    ]
    assert response.json["published_at"] == "2022-01-07T12:00:00+00:00"
    assert response.json["claims"] == []


def test_an_article_lists_its_claims_for_staff(desk):
    article = desk.article()
    first, second = desk.claim(article["id"], SHOTS), desk.claim(article["id"], RESTORED)
    response = desk.call("GET", f"/articles/{article['id']}")
    assert response.status_code == 200
    assert [c["id"] for c in response.json["claims"]] == [first["id"], second["id"]]  # in text order
    assert response.json["text"] == article["text"]
    assert response.json["imported_by"].endswith("@example.org")


def test_the_public_reads_an_article_only_through_a_published_claim(desk, client):
    article = desk.article()
    desk.claim(article["id"], SHOTS)
    assert client.get(f"/api/v1/articles/{article['id']}").status_code == 404
    desk.published_claim(article["id"])
    response = client.get(f"/api/v1/articles/{article['id']}")
    assert response.status_code == 200
    assert [c["status"] for c in response.json["claims"]] == ["published"]
    assert "imported_by" not in response.json


def test_an_empty_article_is_refused(desk, unchanged):
    with unchanged():
        response = desk.call("POST", "/articles", json={"title": "Empty", "text": "   "})
    assert response.status_code == 422
    assert "text" in response.json["error"]["fields"]


def test_an_article_over_a_million_characters_is_refused(desk, unchanged):
    with unchanged():
        response = desk.call("POST", "/articles", json={"title": "Long", "text": "a" * (MAX_ARTICLE_CHARS + 1)})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"
    assert "text" in response.json["error"]["fields"]


def test_a_body_over_five_mebibytes_is_refused(desk, unchanged):
    with unchanged():
        response = desk.call("POST", "/articles", json={"title": "Huge", "text": "a" * (6 * 1024 * 1024)})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_an_unknown_article_is_404(desk, client):
    assert desk.call("GET", "/articles/999").status_code == 404
    assert client.get("/api/v1/articles/999").json["error"]["code"] == "not_found"
    response = desk.call("POST", "/articles/999/claims", json={"selector": {"type": "TextQuoteSelector",
                                                                            "exact": "x"}})
    assert response.status_code == 404


def test_a_claim_by_quote_resolves_both_selectors(desk):
    article = desk.article()
    claim = desk.claim(article["id"], RESTORED)
    start = article["text"].index(RESTORED)
    assert claim["anchor"] == {"exact": RESTORED, "start": start, "end": start + len(RESTORED),
                               "prefix": article["text"][start - 32:start],
                               "suffix": article["text"][start + len(RESTORED):start + len(RESTORED) + 32]}
    assert claim["text"] == RESTORED  # the quote, when no statement is given
    assert claim["status"] == "draft"


def test_an_ambiguous_quote_is_resolved_by_its_prefix(desk):
    article = desk.article()
    text = article["text"]
    second = text.index("Almaty", text.index("Almaty") + 1)
    response = desk.call("POST", f"/articles/{article['id']}/claims", json={
        "selector": {"type": "TextQuoteSelector", "exact": "Almaty", "prefix": text[second - 20:second]},
        "text": "Almaty was under attack."})
    assert response.status_code == 201
    assert response.json["anchor"]["start"] == second


def test_a_quote_not_in_the_text_is_refused(desk, unchanged):
    article = desk.article()
    with unchanged():
        response = desk.call("POST", f"/articles/{article['id']}/claims",
                             json={"selector": {"type": "TextQuoteSelector", "exact": "order was never lost"}})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "quote_not_found"
    assert "selector" in response.json["error"]["fields"]


def test_an_ambiguous_quote_is_refused(desk, unchanged):
    article = desk.article()
    with unchanged():
        response = desk.call("POST", f"/articles/{article['id']}/claims",
                             json={"selector": {"type": "TextQuoteSelector", "exact": "Almaty"}})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "quote_ambiguous"
    assert "times" in response.json["error"]["message"]


def test_a_position_out_of_range_is_refused(desk, unchanged):
    article = desk.article()
    length = len(article["text"])
    for start, end in ((length - 5, length + 1), (-1, 5), (10, 10), (20, 10)):
        with unchanged():
            response = desk.call("POST", f"/articles/{article['id']}/claims", json={
                "selector": {"type": "TextPositionSelector", "start": start, "end": end}})
        assert response.status_code == 422, (start, end)
        assert response.json["error"]["code"] == "position_out_of_range"


def test_a_selector_of_the_wrong_kind_is_refused(desk, unchanged):
    article = desk.article()
    for selector in (None, {"type": "XPathSelector"}, {"type": "TextPositionSelector", "start": "1", "end": 5},
                     "order had been restored"):
        with unchanged():
            response = desk.call("POST", f"/articles/{article['id']}/claims", json={"selector": selector})
        assert response.status_code == 422, selector
        assert "selector" in response.json["error"]["fields"]
