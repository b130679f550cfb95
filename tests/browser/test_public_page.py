"""What a reader sees on a published claim page, signed out, on a laptop and on a phone."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.cli.demo import CLAIMS, load_demo

pytestmark = pytest.mark.browser


def demo_claim_path(app, key: str) -> str:
    with app.app_context():
        load_demo()
        claim = db.session.scalar(select(Claim).where(Claim.text == CLAIMS[key][1]))
        return f"/claims/{claim.id}-{claim.slug}"


def collect_console_errors(page) -> list[str]:
    """Console errors, CSP violations included, as they happen (the browser's own favicon probe aside)."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_a_reader_sees_the_highlighted_quote_and_the_verdict(app, page, screenshot):
    path = demo_claim_path(app, "restored")
    errors = collect_console_errors(page)

    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text("Order has been restored in Kazakhstan.")
    quote = page.locator("mark.claim-quote")
    expect(quote).to_be_visible()
    expect(quote).to_have_text("order had been restored in Kazakhstan")
    badge = page.locator(".verdict .badge.rating-false")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("False")
    assert badge.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(207, 34, 46)"
    expect(page.get_by_role("link", name="Shots were fired late into the night")).to_be_visible()
    screenshot("public-claim-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    expect(quote).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("public-claim-390")

    assert errors == []


def test_the_index_reads_well_on_a_phone_and_a_laptop(app, page, screenshot):
    demo_claim_path(app, "restored")
    errors = collect_console_errors(page)

    page.goto("/")
    expect(page.get_by_label("Search claims")).to_be_visible()
    expect(page.locator(".claim-card").first).to_be_visible()
    screenshot("public-index-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("public-index-390")

    page.get_by_label("Search claims").fill("troops")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".claim-card")).to_have_count(1)
    expect(page.get_by_role("heading", name="1 fact-check found")).to_be_visible()

    assert errors == []


def test_a_claimant_page_shows_the_tally_and_the_claims(app, page, screenshot):
    demo_claim_path(app, "killed")
    errors = collect_console_errors(page)

    page.goto("/claimants/kazakh-authorities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazakh authorities")
    expect(page.locator(".tally .badge.rating-mixed")).to_be_visible()
    screenshot("public-claimant-1280")
    page.get_by_role("link", name="26 protesters have been killed.").click()
    expect(page.locator("mark.claim-quote")).to_be_visible()

    assert errors == []


def test_a_reader_narrows_the_index_with_more_filters(app, page, screenshot):
    demo_claim_path(app, "restored")
    errors = collect_console_errors(page)

    page.goto("/claims")
    page.get_by_text("More filters").click()
    page.get_by_label("Claimant").fill("Kassym-Jomart Tokayev")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name=re.compile(r"^\d+ fact-checks? found$"))).to_be_visible()
    expect(page.locator(".claim-card__claimant").first).to_have_text("Kassym-Jomart Tokayev")
    assert "claimant=Kassym-Jomart+Tokayev" in page.url  # htmx pushed the URL: the search can be shared
    screenshot("public-filters-1280")
    page.get_by_label("Search claims").fill("restored")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".claim-card")).to_have_count(1)

    assert errors == []


def test_a_reader_follows_a_marked_claim_from_the_article(app, page, screenshot):
    path = demo_claim_path(app, "restored")
    errors = collect_console_errors(page)

    page.goto(path)
    page.get_by_role("link", name="Read the article with our fact-checks").click()
    marked = page.locator("a.checked-claim mark")
    expect(marked.first).to_be_visible()
    assert marked.count() >= 1
    screenshot("public-article-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("public-article-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("a.checked-claim", has_text="order had been restored in Kazakhstan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order has been restored in Kazakhstan.")

    assert errors == []


def test_the_printed_claim_page_leaves_out_navigation(app, page, screenshot):
    path = demo_claim_path(app, "restored")

    page.goto(path)
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".verdict")).to_be_visible()
    expect(page.locator(".aside-card__print")).to_be_visible()
    screenshot("public-claim-print")
