"""A Russian article end to end through the API: its language, hints, a claim, its slug, search by word forms."""

from pathlib import Path

import pytest

RUSSIAN_TEXT = (Path(__file__).resolve().parent.parent / "fixtures" / "russian_article.txt").read_text()
KILLED = "погибли 26 протестующих, которых власти называют «вооружёнными преступниками»"


def _russian_article(desk, **fields) -> dict:
    response = desk.call("POST", "/articles", json={"title": "Токаев приказал стрелять без предупреждения",
                                                    "text": RUSSIAN_TEXT, "outlet": "Пример", **fields})
    assert response.status_code == 201, response.json
    return response.json


def test_a_russian_article_from_hint_to_public_search(desk, client):
    article = _russian_article(desk)
    assert article["language"] == "ru"  # detected: the body gave none
    hints = desk.call("GET", f"/articles/{article['id']}/hints").json
    by_claimant = {}
    for hint in hints:
        assert RUSSIAN_TEXT[hint["start"]:hint["end"]] == hint["quote"]
        by_claimant.setdefault(hint["claimant"], []).append(hint)
    assert {"Касым-Жомарт Токаев", "ТАСС", "Официальные данные", "Представитель полиции"} <= set(by_claimant)
    assert by_claimant["ТАСС"][0]["source"] == "ТАСС"
    [figures] = by_claimant["Официальные данные"]
    assert figures["quote"] == KILLED

    response = desk.call("POST", f"/articles/{article['id']}/claims", json={
        "selector": {"type": "TextPositionSelector", "start": figures["start"], "end": figures["end"]},
        "claimant": figures["claimant"]})
    assert response.status_code == 201, response.json
    claim = response.json
    assert claim["language"] == "ru" and claim["text"] == KILLED
    claim = desk.move(desk.move(desk.verdict(claim), "in_review", "factchecker"), "published", "editor")
    assert claim["public_url"].endswith(f"/claims/{claim['id']}-pogibli-26-protestuyushchikh-kotorykh-vlasti-"
                                        "nazyvayut-vooruzhennymi")  # transliterated, cut at 80 characters
    page = client.get(claim["public_url"])
    assert page.status_code == 200
    assert '<h1 id="claim-heading" class="factcheck__claim" lang="ru">' in page.text
    old = client.get(f"/claims/{claim['id']}-claim")  # the slug the claim would have had before
    assert old.status_code == 301 and old.headers["Location"].endswith(claim["public_url"].split("/claims/")[1])

    english = desk.published_claim(desk.article()["id"])
    for words in ("протестующие", "протестующим", "погиб", "Погибли протестующих", "вооружённые преступники"):
        found = client.get("/api/v1/claims", query_string={"q": words}).json
        assert [c["id"] for c in found["items"]] == [claim["id"]], words
        only_russian = client.get("/api/v1/claims", query_string={"q": words, "lang": "ru"}).json
        assert [c["id"] for c in only_russian["items"]] == [claim["id"]], words
        html = client.get("/claims", query_string={"q": words, "lang": "ru"})
        assert f'/claims/{claim["id"]}-' in html.text, words
    assert client.get("/api/v1/claims", query_string={"q": "погиб", "lang": "en"}).json["items"] == []
    assert client.get("/api/v1/claims", query_string={"q": "протестанты"}).json["items"] == []
    restored = client.get("/api/v1/claims", query_string={"q": "restored", "lang": "en"}).json
    assert [c["id"] for c in restored["items"]] == [english["id"]]


def test_the_language_comes_from_the_body_and_is_corrected_by_patch(desk):
    article = _russian_article(desk, language="ru-RU")
    assert article["language"] == "ru"
    claim = desk.claim(article["id"], exact="порядок в Казахстане восстановлен")
    changed = desk.call("PATCH", f"/articles/{article['id']}", json={"language": "kk"})
    assert changed.status_code == 200 and changed.json["language"] == "kk"
    assert desk.call("GET", f"/claims/{claim['id']}").json["language"] == "kk"  # claims follow their article


@pytest.mark.parametrize("language", ["русский", "e", "en-", 42])
def test_a_language_that_is_no_code_is_422_and_changes_nothing(desk, unchanged, language):
    with unchanged():
        response = desk.call("POST", "/articles", json={"title": "T", "text": RUSSIAN_TEXT, "language": language})
    assert response.status_code == 422


def test_a_lang_filter_that_is_no_code_is_422(client):
    response = client.get("/api/v1/claims", query_string={"q": "погиб", "lang": "ру"})
    assert response.status_code == 422 and "lang" in response.json["error"]["fields"]
