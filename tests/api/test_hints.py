"""GET /api/v1/articles/<id>/hints: attributed statements as claim candidates, offsets in code points."""

from tests.api.conftest import SHOTS


def test_the_seed_article_hints_name_each_claimant_and_source(desk):
    article = desk.article()
    response = desk.call("GET", f"/articles/{article['id']}/hints")
    assert response.status_code == 200 and response.mimetype == "application/json"
    hints = response.json
    claimants = [hint["claimant"] for hint in hints]
    assert claimants.count("Kassym-Jomart Tokayev") >= 3
    for name in ("TASS", "Official figures", "Police spokesman", "Kazakh state television", "Journalists"):
        assert name in claimants
    tass = next(hint for hint in hints if hint["claimant"] == "TASS")
    assert tass["quote"].startswith(SHOTS) and tass["source"] == "TASS"
    for hint in hints:
        assert set(hint) <= {"start", "end", "quote", "claimant", "source"}
        assert article["text"][hint["start"]:hint["end"]] == hint["quote"]
    assert "source" not in next(hint for hint in hints if hint["claimant"] == "Journalists")


def test_offsets_are_code_points_after_emoji_and_cyrillic(desk):
    text = "Сводка 🇰🇿 дня 😀.\n\nTokayev said order had been restored in Kazakhstan."
    article = desk.article(text=text)
    [hint] = desk.call("GET", f"/articles/{article['id']}/hints").json
    assert hint["quote"] == "order had been restored in Kazakhstan"
    assert hint["start"] == text.index("order") and text[hint["start"]:hint["end"]] == hint["quote"]


def test_an_unknown_article_is_404(desk):
    response = desk.call("GET", "/articles/999999/hints")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_the_public_reads_hints_only_of_an_article_a_published_claim_uses(desk, client):
    article = desk.article()
    path = f"/api/v1/articles/{article['id']}/hints"
    assert client.get(path).status_code == 404
    desk.claim(article["id"])  # a draft is not enough
    assert client.get(path).status_code == 404
    desk.published_claim(article["id"], SHOTS)
    response = client.get(path)
    assert response.status_code == 200 and response.json == desk.call("GET", path[len("/api/v1"):]).json


def test_an_article_without_attributions_has_no_hints(desk):
    article = desk.article(text="The river rose two metres overnight. Roads were closed.")
    assert desk.call("GET", f"/articles/{article['id']}/hints").json == []

