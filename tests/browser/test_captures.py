"""In a browser: evidence cited on the desk is captured, its badge says the quote was found, and the capture
page shows the quote marked in the source's text."""

import re

import pytest
from playwright.sync_api import expect

from factcheck.job_queue import wait_for_jobs
from tests.browser.conftest import sign_in
from tests.source_site import source_site  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
FOUND = "shots were fired late into the night in the center of Almaty"


@pytest.fixture
def capturing_app(live_server, source_site):
    live_server.app.config["CAPTURE_ON_ATTACH"] = True
    yield live_server.app
    live_server.app.config.update(CAPTURE_ON_ATTACH=False, FETCH_ALLOWED_HOSTS="")


def test_citing_a_page_shows_the_quote_found_in_its_capture_and_the_capture_page(
        page, capturing_app, source_site, draft_claim, screenshot):
    sign_in(page, "factchecker@example.org")
    page.goto(f"/desk/claims/{draft_claim}")
    page.wait_for_load_state("networkidle")  # htmx is ready to fetch the form when "Add evidence" opens
    evidence = page.locator("#evidence-block")
    evidence.locator("summary").click()
    evidence.get_by_label("Source URL").fill(source_site.url("/article"))
    evidence.get_by_label("Title", exact=True).fill("Shots fired in Almaty")
    evidence.get_by_label("Stance").select_option("contradicts")
    evidence.get_by_label("Quoted excerpt").fill(FOUND)
    evidence.get_by_role("button", name="Add evidence").click()
    expect(evidence).to_contain_text("Capturing the source to check the quote in it", timeout=20_000)
    wait_for_jobs(capturing_app)

    page.reload()
    row = page.locator(".evidence-row", has_text="Shots fired in Almaty")
    expect(row.locator(".quote-check")).to_contain_text(re.compile(r"Quote found\s+in the capture of"), timeout=20_000)
    row.scroll_into_view_if_needed()
    row.screenshot(path=screenshot("capture-evidence-row").parent / "capture-evidence-row-only.png")

    row.get_by_role("link", name=re.compile("Open the capture")).click()
    page.wait_for_url(re.compile(r"/captures/\d+$"))
    expect(page.locator("mark.claim-quote")).to_have_text(FOUND, timeout=20_000)
    expect(page.get_by_role("link", name="Download the WARC file")).to_be_visible()
    screenshot("capture-page")
