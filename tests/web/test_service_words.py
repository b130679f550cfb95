"""Words the services make (anchor reasons, job steps and failures, cluster and link wording, correction lines,
suggestion reasons, snapshot notes, transparency defaults, conflicts) in the reader's language; the API's stay
English."""

import html
import re

import pytest
from sqlalchemy import select

from factcheck.cli.demo import CLAIMS, DEMO_PASSWORD, load_demo
from factcheck.errors import Conflict
from factcheck.extensions import db
from factcheck.i18n import kept_words
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Claim, ClaimStatus, SourceSnapshot
from factcheck.services.claims.claims import three_way
from factcheck.services.library.snapshots import no_text_reason
from tests.conftest import get_csrf_token
from tests.factories import revise_demo_article

RUSSIAN = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.4"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def text_of(page: str) -> str:
    """The page's words as a reader sees them: tags out, entities decoded, spaces as one."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def demo(app) -> dict[str, int]:
    with app.app_context():
        load_demo()
        return {key: db.session.scalar(select(Claim.id).where(Claim.text == claim[1])) for key, claim in CLAIMS.items()}


@pytest.fixture
def russian_editor(client, auth, demo):
    assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = RUSSIAN["Accept-Language"]
    return client


def test_anchor_reasons_are_russian_on_the_desk_and_english_in_the_api(app, client, russian_editor):
    with app.app_context():
        fuzzy = revise_demo_article()
        stored = db.session.get(Claim, fuzzy["published"]).anchor_reason
    assert stored.startswith('{"msgid": "the quote was edited')  # a message and its figures, not words
    workspace = text_of(client.get(f"/desk/claims/{fuzzy['published']}").text)
    assert "Цитату изменили: найденный фрагмент похож на" in workspace
    assert "the quote was edited" not in workspace.lower()
    assert "Цитата привязана к новому тексту статьи. Цитату изменили" in workspace  # the history says why
    assert "claim.reanchor" not in workspace
    article = client.get(f"/desk/claims/{fuzzy['draft']}").text
    assert "Цитату изменили" in text_of(article) and "passage found" not in article  # the badge's title too
    api = client.get(f"/api/v1/claims/{fuzzy['published']}").json  # published: readable without a token
    assert api["anchor_status"] == "fuzzy"
    assert api["anchor_reason"].startswith("the quote was edited: the passage found is ")


def test_an_anchor_reason_stored_as_english_text_is_shown_as_it_is(app, client, russian_editor, demo):
    with app.app_context():
        claim = db.session.get(Claim, demo["troops"])
        claim.anchor_status, claim.anchor_reason = "moved", "moved from 10 to 20: an older reason"
        db.session.commit()
    assert "Moved from 10 to 20: an older reason." in text_of(client.get(f"/desk/claims/{demo['troops']}").text)


def test_link_relations_roles_and_suggestions_are_russian_in_the_workspace(client, russian_editor, demo):
    page = text_of(client.get(f"/desk/claims/{demo['restored']}").text)
    assert "Опровергает" in page and "Contradicts" not in page
    shots = text_of(client.get(f"/desk/claims/{demo['shots']}").text)
    assert "Подтверждает" in shots and "Supports" not in shots
    suggestions = text_of(client.get(f"/desk/claims/{demo['killed']}/suggestions").text)
    assert "формулировки похожи на" in suggestions and "similar wording" not in suggestions
    home = text_of(client.get("/desk/").text)
    assert "(Фактчекер)" in home and "(factchecker)" not in home


def test_the_suggestions_api_keeps_its_english_reasons(app, client, demo):
    from factcheck.models import User
    from factcheck.services.accounts.users import create_api_token

    with app.app_context():
        token = create_api_token(db.session.scalar(select(User).where(User.email == "editor@example.org")), "words")
        db.session.commit()
    response = client.get(f"/api/v1/claims/{demo['killed']}/suggestions",
                          headers={**RUSSIAN, "Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json
    assert any("similar wording" in item["reason"] for item in response.json)
    assert all(item["reason"].isascii() for item in response.json)


def test_the_cluster_is_described_in_russian(client, russian_editor, demo):
    page = client.get(f"/desk/claims/{demo['restored']}/cluster").text
    words = text_of(page)
    assert "Опровергает" in words and "Contradicts" not in words
    assert re.search(r"Утверждение \d+ и \d+ связанн", words)
    assert "connected claims" not in words and "No verdict" not in words


def test_a_jobs_label_step_and_failure_are_russian_and_english_in_the_api(app, client, russian_editor):
    app.config["FETCH_ALLOWED_HOSTS"] = ""
    response = client.post("/desk/articles/import", data={"csrf_token": get_csrf_token(client, "/desk/articles/import"),
                                                          "url": "http://127.0.0.1:9/"},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    wait_for_jobs(app)
    page = text_of(client.get(response.headers["Location"]).text)
    assert "Импорт из интернета" in page and "Import from the web" not in page
    assert ("Страницу не удалось загрузить: 127.0.0.1 — внутренний адрес; загружать можно только публичные адреса."
            in page)
    assert "Ошибка" in page and "internal address" not in page
    jobs = text_of(client.get("/desk/jobs").text)
    assert "Импорт из интернета" in jobs and "внутренний адрес" in jobs
    with app.app_context():
        from factcheck.models import Job

        job = db.session.scalar(select(Job).order_by(Job.id.desc()))
        assert kept_words(job.error) == ("The page could not be fetched: 127.0.0.1 is an internal address; only "
                                         "public addresses can be fetched.")
        assert kept_words(job.step) == "Failed"
        from factcheck.services.accounts.users import create_api_token

        job_id = job.id
        token = create_api_token(job.created_by, "words")
        db.session.commit()
    api = client.get(f"/api/v1/jobs/{job_id}", headers={**RUSSIAN, "Authorization": f"Bearer {token}"}).json
    assert api["step"] == "Failed" and api["error"].startswith("The page could not be fetched: 127.0.0.1 is an")


def test_a_correction_lists_its_changes_in_the_readers_language(app, client, demo):
    with app.app_context():
        claim = db.session.get(Claim, demo["killed"])
        path = f"/claims/{claim.id}-{claim.slug}"
    russian = text_of(client.get(path, headers=RUSSIAN).text)
    assert "Добавлен источник: «" in russian and "(контекст)." in russian
    assert "Source added" not in russian
    english = text_of(client.get(path, headers=ENGLISH).text)
    assert "Source added: “" in english and "(context)." in english
    corrections = client.get("/corrections", headers=RUSSIAN).text
    assert '<meta name="description" content="Все исправления наших опубликованных проверок' in corrections
    assert "Добавлен источник" in text_of(corrections)


def test_transparency_pages_not_yet_written_show_their_default_in_the_readers_language(app, client):
    russian = text_of(client.get("/about/methodology", headers=RUSSIAN).text)
    assert "Как мы проверяем утверждение" in russian and "How we check a claim" not in russian
    english = text_of(client.get("/about/methodology", headers=ENGLISH).text)
    assert "How we check a claim" in english


def test_an_edit_conflict_names_what_changed_in_russian(app):
    with app.test_request_context(headers=RUSSIAN):
        for what, words in (("claim", "это утверждение"), ("verdict", "этот вердикт"), ("link", "эту связь")):
            with pytest.raises(Conflict) as conflict:
                three_way({"text": "theirs"}, {"text": "base"}, {"text": "mine"}, what)
            assert f"Кто-то другой изменил {words}" in str(conflict.value.message)
            assert str(conflict.value.fields["text"]) == "Изменено кем-то другим, пока вы редактировали."


def test_a_snapshot_without_text_says_why_in_russian(app):
    snapshot = SourceSnapshot(content_type="application/pdf")
    other = SourceSnapshot(content_type="image/png")
    with app.test_request_context(headers=RUSSIAN):
        assert str(no_text_reason(snapshot)).startswith("Текст PDF не извлекается")
        assert str(no_text_reason(other)) == "Из image/png текст не извлекается; сохранены размер и SHA-256."
    with app.test_request_context(headers=ENGLISH):
        assert str(no_text_reason(snapshot)).startswith("PDF text is not extracted")


def test_a_form_version_that_is_not_a_number_is_refused_in_russian(app, client, russian_editor):
    with app.app_context():
        draft = db.session.scalar(select(Claim.id).where(Claim.status == ClaimStatus.DRAFT))
    path = f"/desk/claims/{draft}"
    response = client.post(f"{path}/transitions", data={"csrf_token": get_csrf_token(client, path), "version": "abc",
                                                        "to": "in_review"})
    assert response.status_code == 422
    assert "Версия в форме — не число." in text_of(response.text)


def test_a_page_that_is_not_there_says_so_in_russian(client):
    response = client.get("/no/such/page", headers=RUSSIAN)
    assert response.status_code == 404
    assert "По этому адресу ничего нет." in text_of(response.text)
    assert "requested URL" not in response.text
    assert client.get("/api/v1/no-such-thing", headers=RUSSIAN).json["error"]["message"].isascii()
