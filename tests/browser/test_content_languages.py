"""A Russian article in a real browser: its language on the desk, a hint accepted, the claim found by a word form."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, User
from factcheck.cli.demo import load_demo
from factcheck.services.claims.workflow import transition
from tests.browser.conftest import sign_in
from tests.factories import RUSSIAN_ARTICLE, make_article, make_verdict

pytestmark = pytest.mark.browser


@pytest.fixture
def article_id(live_server) -> int:
    with live_server.app.app_context():
        load_demo()
        editor = db.session.scalar(select(User).where(User.email == "editor@example.org"))
        text = (Path(__file__).resolve().parent.parent.parent / RUSSIAN_ARTICLE).read_text()
        return make_article(editor, text=text, title="Токаев приказал стрелять без предупреждения").id


def test_a_russian_hint_becomes_a_claim_found_by_another_word_form(live_server, page, article_id, screenshot):
    sign_in(page, "editor@example.org")
    page.goto(f"/desk/articles/{article_id}")
    expect(page.locator("#article-text")).to_have_attribute("lang", "ru")
    expect(page.get_by_label("Language")).to_have_value("ru")  # detected from the text
    figures = page.locator("#hints .hint").filter(has=page.locator(".hint__claimant", has_text="Официальные данные"))
    expect(figures.locator(".hint__quote")).to_contain_text("погибли 26 протестующих")
    screenshot("russian-article-with-hints")
    figures.get_by_role("button", name="Make claim").click()
    expect(page.locator(".flash--success")).to_contain_text("claimed by Официальные данные")
    expect(page.locator("mark.claim-quote")).to_contain_text("погибли 26 протестующих")

    with live_server.app.app_context():
        claim = db.session.scalars(select(Claim).where(Claim.article_id == article_id)).one()
        editor = db.session.scalar(select(User).where(User.email == "editor@example.org"))
        make_verdict(editor, claim, summary="Число погибших позже выросло.")
        transition(editor, claim, "in_review")
        transition(editor, claim, "published")
        assert claim.language == "ru" and claim.slug.startswith("pogibli-26-protestuyushchikh")
        claim_id = claim.id

    page.goto("/claims")
    page.get_by_role("searchbox").first.fill("протестующим погиб")
    page.get_by_role("searchbox").first.press("Enter")
    result = page.locator(f"a[href^='/claims/{claim_id}-pogibli-26-protestuyushchikh']").first
    expect(result).to_be_visible()
    screenshot("russian-claim-found")
    result.click()
    expect(page.locator("h1#claim-heading")).to_have_attribute("lang", "ru")
    expect(page.locator("h1#claim-heading")).to_contain_text("погибли 26 протестующих")
    screenshot("russian-claim-page")
