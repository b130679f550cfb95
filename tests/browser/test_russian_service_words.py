"""What a Russian-speaking editor sees of the words services make: the anchor's reason, the links, the
suggestions and the cluster, all in Russian in the browser."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.cli.demo import CLAIMS, DEMO_PASSWORD, load_demo
from factcheck.extensions import db
from factcheck.models import Claim
from tests.browser.test_russian_interface import russian_page, shot  # noqa: F401  the Russian page fixture
from tests.factories import revise_demo_article

pytestmark = pytest.mark.browser


@pytest.fixture
def claims(live_server) -> dict[str, int]:
    with live_server.app.app_context():
        load_demo()
        fuzzy = revise_demo_article()
        ids = {key: db.session.scalar(select(Claim.id).where(Claim.text == claim[1])) for key, claim in CLAIMS.items()}
        return {**ids, "fuzzy": fuzzy["published"]}


def test_the_workspace_says_the_services_words_in_russian(live_server, russian_page, claims):
    page = russian_page
    page.goto("/login")
    page.get_by_label("Электронная почта").fill("editor@example.org")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/desk/")
    page.goto(f"/desk/claims/{claims['fuzzy']}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    reason = page.locator(".facts__anchor .anchor-reason")
    expect(reason).to_contain_text("Цитату изменили: найденный фрагмент похож на")
    expect(page.locator(".facts__anchor .anchor-badge")).to_have_attribute("title", re.compile(r"^Цитату изменили"))
    links = page.locator("#links-block .link-row__label")
    expect(links.first).to_have_text("Опровергает")
    expect(page.locator("#links-block")).not_to_contain_text("Contradicts")
    expect(page.locator("#history-block")).to_contain_text("Цитата привязана к новому тексту статьи.")
    expect(page.locator("#history-block")).not_to_contain_text("claim.reanchor")
    shot(page, "russian-service-words-workspace")

    page.goto(f"/desk/claims/{claims['killed']}")
    suggestions = page.locator(".suggestion__reason")
    expect(suggestions.first).to_contain_text("формулировки похожи на")
    expect(page.locator("#suggestions-block")).not_to_contain_text("similar wording")

    page.goto(f"/desk/claims/{claims['restored']}/cluster")
    expect(page.locator(".cluster-edge__label").first).to_have_text("Опровергает")
    expect(page.locator("main")).not_to_contain_text("Contradicts")
    shot(page, "russian-service-words-cluster")
