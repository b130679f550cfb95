"""The interface in the reader's language: the signed-in user's setting, else Accept-Language, else DEFAULT_LOCALE;
<html lang>, Content-Language and Vary say which, public pages are kept per language, dates are Babel's."""

import re

from babel.dates import format_date
from sqlalchemy import select

from factcheck.cli.demo import CLAIMS, DEMO_PASSWORD, load_demo
from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus, User
from tests.conftest import get_csrf_token
from tests.factories import publish_russian_claim

RUSSIAN = {"Accept-Language": "ru-RU,ru;q=0.9,en-US;q=0.6,en;q=0.4"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def demo_claims(app) -> dict:
    with app.app_context():
        load_demo()
        published = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["restored"][1]))
        draft = db.session.scalar(select(Claim).where(Claim.status == ClaimStatus.DRAFT))
        return {"public": f"/claims/{published.id}-{published.slug}", "draft": draft.id,
                "published_at": published.first_published_at}


def test_a_russian_reader_gets_the_public_claim_page_in_russian(app, client):
    claims = demo_claims(app)
    response = client.get(claims["public"], headers=RUSSIAN)
    page = response.text
    assert response.status_code == 200
    assert html_lang(page) == "ru"
    assert response.headers["Content-Language"] == "ru"
    assert "Accept-Language" in response.headers["Vary"]
    assert "Наш вердикт" in page and "Our verdict" not in page
    assert "Высказывание в контексте" in page
    assert "Перейти к содержанию" in page  # the skip link of base.html
    assert ">Неправда<" in page or ">Правда<" in page or "Вводит в заблуждение" in page  # the rating's name
    # The claim's English words keep their language inside the Russian page.
    assert re.search(r'<h1 id="claim-heading" class="factcheck__claim" lang="en">', page)
    assert format_date(claims["published_at"], "d MMM y", locale="ru") in page


def test_a_russian_reader_gets_the_index_and_the_search_in_russian(app, client):
    demo_claims(app)
    index = client.get("/", headers=RUSSIAN).text
    assert html_lang(index) == "ru"
    assert "Проверки фактов, которые можно проследить до источника" in index
    assert "Поиск по утверждениям" in index and "Любая оценка" in index
    found = client.get("/claims?q=troops", headers=RUSSIAN).text
    assert re.search(r"Найден[ао] \d+ провер", found)
    nothing = client.get("/claims?q=nothing+matches+this", headers=RUSSIAN).text
    assert "Нет опубликованных проверок по запросу «nothing matches this»" in nothing
    fragment = client.get("/claims?q=troops", headers={**RUSSIAN, "HX-Request": "true"}).text
    assert "провер" in fragment and "<html" not in fragment


def test_a_russian_reader_signs_in_in_russian(app, client):
    with app.app_context():
        load_demo()
    page = client.get("/login", headers=RUSSIAN).text
    assert html_lang(page) == "ru"
    assert "Вход в редакцию" in page and ">Электронная почта<" in page
    refused = client.post("/login", headers=RUSSIAN, data={"email": "editor@example.org", "password": "wrong",
                                                            "csrf_token": get_csrf_token(client)})
    assert refused.status_code == 422
    assert "Неверный адрес электронной почты или пароль." in refused.text
    empty = client.post("/login", headers=RUSSIAN, data={"email": "", "password": "",
                                                          "csrf_token": get_csrf_token(client)})
    assert "Введите адрес электронной почты." in empty.text


def test_an_editor_whose_browser_asks_for_russian_gets_the_desk_in_russian(app, client, auth):
    claims = demo_claims(app)
    assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = RUSSIAN["Accept-Language"]
    home = client.get("/desk/")
    assert home.status_code == 200 and html_lang(home.text) == "ru"
    assert ">Источники<" in home.text and ">Выйти<" in home.text
    workspace = client.get(f"/desk/claims/{claims['draft']}")
    assert workspace.status_code == 200 and html_lang(workspace.text) == "ru"
    assert ">Редакция<" in workspace.text
    # A signed-in page is never shared, whatever its language.
    assert workspace.headers["Cache-Control"] == "private, no-store"


def test_the_users_setting_overrides_the_browsers_language(app, client, auth):
    with app.app_context():
        load_demo()
    assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH["Accept-Language"]
    form = client.get("/desk/account/language")
    assert form.status_code == 200 and "Interface language" in form.text
    saved = client.post("/desk/account/language", data={"interface_language": "ru",
                                                         "csrf_token": get_csrf_token(client, "/desk/")})
    assert saved.status_code == 302
    page = client.get("/desk/account/language")
    assert html_lang(page.text) == "ru" and "Язык интерфейса сохранён." in page.text
    assert page.headers["Content-Language"] == "ru"
    assert "Accept-Language" not in page.headers.get("Vary", "")  # the setting chose, not the header
    with app.app_context():
        assert db.session.scalar(select(User.interface_language).where(User.email == "editor@example.org")) == "ru"

    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = RUSSIAN["Accept-Language"]
    client.post("/desk/account/language", data={"interface_language": "en",
                                                "csrf_token": get_csrf_token(client, "/desk/")})
    assert html_lang(client.get("/desk/").text) == "en"  # English although the browser asks for Russian
    client.post("/desk/account/language", data={"interface_language": "",
                                                "csrf_token": get_csrf_token(client, "/desk/")})
    assert html_lang(client.get("/desk/").text) == "ru"  # back to the browser's choice


def test_an_unknown_interface_language_is_refused_and_nothing_changes(app, client, auth):
    auth.login_as("factchecker")
    response = client.post("/desk/account/language", data={"interface_language": "xx",
                                                            "csrf_token": get_csrf_token(client, "/desk/")})
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    without_token = client.post("/desk/account/language", data={"interface_language": "ru"})
    assert without_token.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User.interface_language).where(User.role == "factchecker")) is None


def test_a_page_kept_in_english_is_not_served_to_a_russian_reader(app, client):
    demo_claims(app)
    english = client.get("/", headers=ENGLISH)
    assert html_lang(english.text) == "en" and english.headers["Content-Language"] == "en"
    assert "Accept-Language" in english.headers["Vary"]
    russian = client.get("/", headers=RUSSIAN)
    assert html_lang(russian.text) == "ru" and "Проверки фактов" in russian.text
    assert russian.headers["ETag"] != english.headers["ETag"]
    # The English validator does not answer a Russian reader with 304 either.
    again = client.get("/", headers={**RUSSIAN, "If-None-Match": english.headers["ETag"]})
    assert again.status_code == 200 and html_lang(again.text) == "ru"
    assert client.get("/", headers={**ENGLISH, "If-None-Match": english.headers["ETag"]}).status_code == 304
    assert html_lang(client.get("/", headers=ENGLISH).text) == "en"


def test_without_a_language_we_have_the_site_default_is_used(app, database_url):
    from factcheck import create_app
    from tests.conftest import test_config

    assert html_lang(app.test_client().get("/login", headers={"Accept-Language": "de-DE"}).text) == "en"
    russian_site = create_app(test_config(database_url, DEFAULT_LOCALE="ru"))
    page = russian_site.test_client().get("/login", headers={"Accept-Language": "de-DE"})
    assert html_lang(page.text) == "ru" and "Вход в редакцию" in page.text


def test_russian_content_is_marked_only_where_it_differs_from_the_interface(app, client):
    with app.app_context():
        load_demo()
        ids = publish_russian_claim()
    path = f"/claims/{ids['claim']}-{ids['slug']}"
    english = client.get(path, headers=ENGLISH).text
    assert re.search(r'<h1 id="claim-heading" class="factcheck__claim" lang="ru">', english)
    russian = client.get(path, headers=RUSSIAN).text
    assert html_lang(russian) == "ru"
    assert re.search(r'<h1 id="claim-heading" class="factcheck__claim">', russian)


def test_the_reports_are_in_russian_with_russian_numbers(app, client, auth):
    demo_claims(app)
    assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = RUSSIAN["Accept-Language"]
    page = client.get("/desk/reports").text
    assert html_lang(page) == "ru" and "Отчёты о вердиктах" in page
    assert re.search(r"всего \d+", page)
    assert "100\xa0%" in page  # the share column's total, as Russian writes a percentage


def test_a_services_refusal_is_said_in_the_readers_language_and_the_api_stays_english(app, client, auth):
    auth.login_as("factchecker")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = RUSSIAN["Accept-Language"]
    response = client.post("/desk/account/password", data={
        "current_password": "not-my-password", "new_password": "a-new-password", "confirm": "a-new-password",
        "csrf_token": get_csrf_token(client, "/desk/")})
    assert response.status_code == 422
    assert "Это не ваш текущий пароль." in response.text
    api = client.get("/api/v1/claims/999999", headers=RUSSIAN)
    assert api.status_code in (401, 404)
    assert api.json["error"]["code"] in ("unauthorized", "not_found")
    assert all(ord(char) < 128 for char in api.json["error"]["message"])  # English, whatever the header


def test_labels_of_imported_macros_follow_each_requests_language(app, client, auth):
    """Jinja keeps an imported template's module: its labels must not keep the first request's language."""
    claims = demo_claims(app)
    assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
    english = client.get(f"/desk/claims/{claims['draft']}", headers=ENGLISH).text
    assert ">Draft<" in english
    russian = client.get(f"/desk/claims/{claims['draft']}", headers=RUSSIAN).text
    assert ">Черновик<" in russian and ">Draft<" not in russian
