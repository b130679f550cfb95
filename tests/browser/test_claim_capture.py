"""Capturing a claim from a pasted article with a real browser: click a sentence, name the claimant, save."""

import re

import pytest
from playwright.sync_api import expect

from factcheck import ROOT
from factcheck.cli.demo import load_demo
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SEED_TEXT = (ROOT / "factcheck" / "data" / "seed-article.txt").read_text()
SENTENCE = re.compile(r"order had been restored")


@pytest.fixture
def demo_desk(app):
    with app.app_context():
        load_demo()


def sign_in_as_fact_checker(page) -> None:
    sign_in(page, "factchecker@example.org")


def paste_article(page) -> None:
    page.goto("/desk/articles/new")
    page.get_by_label("Title").fill("Tokayev: order restored (second wire copy)")
    page.get_by_label("Text", exact=True).fill(SEED_TEXT)
    page.get_by_label("Outlet").fill("Wire Example")
    page.get_by_label("Published").fill("2022-01-07")
    page.get_by_role("button", name="Save article").click()
    page.wait_for_url(re.compile(r"/desk/articles/\d+$"))


def test_a_fact_checker_makes_a_claim_by_clicking_a_sentence(demo_desk, page, screenshot):
    sign_in_as_fact_checker(page)
    paste_article(page)
    article_url = page.url

    sentence = page.locator("a.sentence", has_text=SENTENCE).first
    sentence.click()
    composer = page.locator(".claim-composer")
    expect(composer).to_be_visible()
    expect(page).to_have_url(article_url)  # htmx opened the form in place
    expect(composer.get_by_label("Claim as checked")).to_have_value(re.compile("order had been restored"))
    expect(composer.get_by_label("Claimant")).to_be_focused()
    composer.get_by_label("Claimant").fill("Kassym-Jomart Tokayev")
    screenshot("article-claim-form-1280")
    composer.get_by_role("button", name="Save claim").click()

    page.wait_for_url(re.compile(r"/desk/claims/\d+$"))


def test_a_quote_that_is_not_in_the_text_is_answered_in_place(demo_desk, page):
    sign_in_as_fact_checker(page)
    paste_article(page)
    form = page.locator("#quote-claim")
    form.get_by_label("Quote (exact)").fill("order was never restored")
    form.get_by_role("button", name="Save claim").click()
    expect(page.locator("#quote-claim [role=alert], #quote-exact-error").first).to_contain_text(
        "does not occur in the article text")
    expect(page.locator("#quote-claim").get_by_label("Quote (exact)")).to_have_value("order was never restored")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_desk_and_an_article_page_fit_the_screen(demo_desk, page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as_fact_checker(page)
    screenshot(f"desk-home-{width}")
    page.get_by_role("link", name=re.compile("Tokayev orders troops")).first.click()
    page.wait_for_url(re.compile(r"/desk/articles/\d+$"))
    expect(page.locator("mark.claim-quote").first).to_be_visible()
    screenshot(f"desk-article-{width}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the article page scrolls sideways by {overflow}px at {width}px"
