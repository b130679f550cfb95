"""Attribution hints on the desk's article page in a real browser: dismissed and accepted with one click each."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services.articles.articles import create_article
from factcheck.cli.demo import ARTICLE
from tests.browser.conftest import new_page, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

SEED = ("Kazakh President Kassym-Jomart Tokayev said in a televised address Friday morning that he has ordered the "
        "military to fire without warning at protesters.\n\n"
        "According to the Russian news agency TASS, shots were fired late into the night in the center of Almaty on "
        "Thursday. Also on Friday morning, journalists report that there is fighting in the city.")


@pytest.fixture
def article_id(live_server) -> int:
    with live_server.app.app_context():
        actor = make_user("factchecker", email="farida@example.org", password="password123", name="Farida")
        return create_article(actor, title=ARTICLE["title"], text=SEED).id


def hint(page, claimant: str):
    return page.locator("#hints .hint").filter(has=page.locator(".hint__claimant", has_text=claimant))


def test_a_fact_checker_dismisses_one_hint_and_makes_a_claim_of_another(live_server, page, article_id, screenshot):
    sign_in(page, "farida@example.org", "password123")
    page.goto(f"/desk/articles/{article_id}")
    expect(page.locator("#hints .hint")).to_have_count(3)
    expect(hint(page, "TASS").locator(".hint__source")).to_have_text("TASS")
    expect(hint(page, "TASS").locator(".hint__quote")).to_contain_text("shots were fired late into the night")
    screenshot("article-with-hints")

    page.evaluate("window.stillTheSamePage = true")
    hint(page, "Journalists").get_by_role("button", name="Dismiss").click()
    expect(hint(page, "Journalists")).to_have_count(0)
    expect(page.locator("#hints .hint")).to_have_count(2)
    assert page.evaluate("window.stillTheSamePage") is True  # the panel was swapped, the page kept

    hint(page, "TASS").get_by_role("button", name="Make claim").click()
    expect(page.locator(".flash--success")).to_contain_text("made from the hint, claimed by TASS")
    expect(page.locator(".claim-list__item")).to_have_count(1)
    expect(page.locator(".claim-list__item")).to_contain_text("TASS")
    expect(page.locator("mark.claim-quote")).to_contain_text("shots were fired late into the night")
    expect(page.locator("#hints .hint")).to_have_count(1)
    expect(hint(page, "Kassym-Jomart Tokayev")).to_be_visible()
    with live_server.app.app_context():
        claim = db.session.scalars(select(Claim)).one()
        assert claim.anchor_exact.startswith("shots were fired") and claim.claimant.name == "TASS"

    page.reload()
    expect(page.locator("#hints .hint")).to_have_count(1)  # the dismissal and the claim are remembered


def test_hints_work_without_javascript(browser, live_server, article_id):
    page = new_page(browser, live_server, java_script_enabled=False)
    try:
        sign_in(page, "farida@example.org", "password123")
        page.goto(f"/desk/articles/{article_id}")
        hint(page, "Journalists").get_by_role("button", name="Dismiss").click()
        expect(page.locator(".flash")).to_contain_text("Hint dismissed")
        hint(page, "Kassym-Jomart Tokayev").get_by_role("button", name="Make claim").click()
        expect(page.locator(".claim-list__item")).to_contain_text("Kassym-Jomart Tokayev")
        expect(page.locator("#hints .hint")).to_have_count(1)
    finally:
        page.context.close()
