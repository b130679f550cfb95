"""A Russian-speaking editor (the browser's locale is ru-RU) works on a Russian article through the desk in
Russian: signs in, makes a claim from a hint, writes its verdict, and sees it all in Russian."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.cli.demo import DEMO_PASSWORD, load_demo
from factcheck.extensions import db
from factcheck.models import Claim, User
from tests.browser.conftest import ARTIFACTS, new_page
from tests.factories import RUSSIAN_ARTICLE, make_article

pytestmark = pytest.mark.browser


@pytest.fixture
def article_id(live_server) -> int:
    with live_server.app.app_context():
        load_demo()
        editor = db.session.scalar(select(User).where(User.email == "editor@example.org"))
        text = (Path(__file__).resolve().parent.parent.parent / RUSSIAN_ARTICLE).read_text()
        return make_article(editor, text=text, title="Токаев приказал стрелять без предупреждения").id


@pytest.fixture
def russian_page(browser, live_server):
    page = new_page(browser, live_server, locale="ru-RU")
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_a_russian_editor_marks_a_claim_and_writes_its_verdict_in_russian(live_server, russian_page, article_id):
    page = russian_page
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Вход в редакцию")
    page.get_by_label("Электронная почта").fill("editor@example.org")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/desk/")
    expect(page.get_by_role("navigation", name="Главное меню")).to_contain_text("Источники")

    page.goto(f"/desk/articles/{article_id}")
    expect(page.locator("#article-text")).not_to_have_attribute("lang", "en")  # Russian text on a Russian page
    expect(page.get_by_role("heading", name="Предлагаемые утверждения")).to_be_visible()
    hint = page.locator("#hints .hint").filter(has=page.locator(".hint__claimant", has_text="Официальные данные"))
    hint.get_by_role("button", name="Сделать утверждением").click()
    expect(page.locator(".flash--success")).to_contain_text("создано из подсказки, автор — Официальные данные")
    shot(page, "russian-interface-article")

    with live_server.app.app_context():
        claim_id = db.session.scalars(select(Claim.id).where(Claim.article_id == article_id)).one()
    page.locator(f"a[href='/desk/claims/{claim_id}']").first.click()
    page.wait_for_url(f"**/desk/claims/{claim_id}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#claim-status")).to_contain_text("Черновик")

    verdict = page.locator("#verdict-block")
    verdict.get_by_role("link", name="Написать вердикт").click()
    verdict.get_by_label("Оценка").select_option(label="Вводит в заблуждение")
    verdict.get_by_label("Краткий вывод").fill("Число погибших позже выросло.")
    verdict.get_by_label("Обоснование").fill("Власти **позже** назвали другое число.")
    verdict.get_by_role("button", name="Сохранить вердикт").click()
    expect(verdict.locator(".badge")).to_have_text("Вводит в заблуждение")
    expect(verdict).to_contain_text("Число погибших позже выросло.")
    expect(verdict).to_contain_text("Вердикт сохранён.")
    shot(page, "russian-interface-claim")

    with live_server.app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.verdict.rating_key == "misleading"  # the key stays English: the API contract
        assert claim.verdict.summary == "Число погибших позже выросло."
