"""The claim workspace in a browser with JavaScript turned off: plain links and forms do every job."""

import pytest
from playwright.sync_api import expect

from factcheck.cli.demo import CLAIMS
from tests.browser.conftest import ARTIFACTS, new_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser, live_server):
    page = new_page(browser, live_server, java_script_enabled=False)
    yield page
    page.context.close()



def test_evidence_and_links_are_added_with_plain_forms(no_js_page, draft_claim):
    page = no_js_page
    sign_in(page, "factchecker@example.org")
    page.goto(f"/desk/claims/{draft_claim}")

    evidence = page.locator("#evidence-block")
    evidence.locator("summary").click()
    evidence.get_by_role("link", name="Open the form").click()
    page.wait_for_url(f"**/desk/claims/{draft_claim}/evidence/new")
    evidence = page.locator("#evidence-block")
    evidence.get_by_label("Find a source in the library by URL or title").fill("almaty")
    evidence.get_by_role("button", name="Find").click()
    evidence.get_by_role("link", name="Shots fired overnight in central Almaty").first.click()
    expect(page.locator("#evidence-url")).to_have_value("https://tass.example/world/almaty-shots-fired-overnight")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "no-js-evidence-form.png", full_page=True)
    page.locator("#evidence-stance").select_option("context")
    page.get_by_role("button", name="Add evidence").click()
    page.wait_for_url(f"**/desk/claims/{draft_claim}#evidence-block")
    expect(page.locator("#flash-messages")).to_contain_text("the source was already in the library")
    expect(page.locator("#evidence-block .evidence-row")).to_have_count(2)

    links = page.locator("#links-block")
    links.locator("summary").click()
    links.get_by_role("link", name="Open the form").click()
    page.wait_for_url(f"**/desk/claims/{draft_claim}/links/new")
    fighting = CLAIMS["fighting"][1]  # in review: a published claim's links are locked
    page.get_by_label("Claim in this article").select_option(label=f"#3: {fighting}")
    page.locator("#link-relation").select_option("contradicts")
    page.get_by_role("button", name="Link claims").click()
    page.wait_for_url(f"**/desk/claims/{draft_claim}#links-block")
    expect(page.locator("#links-block .link-row")).to_contain_text(fighting)
