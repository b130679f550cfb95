"""Importing a web page in a browser: the job's progress shows while the page is fetched, then the article."""

import re

import pytest
from playwright.sync_api import expect

from factcheck.cli.demo import load_demo
from tests.browser.conftest import new_page, sign_in
from tests.fixtures.page_server import page_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def fetching_app(live_server):
    with live_server.app.app_context():
        load_demo()  # the demo accounts
    live_server.app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    yield live_server.app
    live_server.app.config["FETCH_ALLOWED_HOSTS"] = ""


def test_an_import_shows_its_progress_then_opens_the_article(page, fetching_app, page_server, screenshot):
    sign_in(page, "factchecker@example.org")
    page.goto("/desk/articles/import")
    page.get_by_label("Web address").fill(page_server.url("/slow-article"))  # answers after 1.5 s
    page.get_by_role("button", name="Import article").click()
    page.wait_for_url(re.compile(r"/desk/jobs/\d+$"))
    status = page.locator("#job [role=status]")
    expect(status).to_contain_text("Running")
    expect(status).to_contain_text("Fetching http://127.0.0.1:")
    screenshot("job-in-progress")
    page.wait_for_url(re.compile(r"/desk/articles/\d+$"))  # the poll that sees it done opens the article
    expect(page.get_by_role("heading", name="Almaty curfew extended")).to_be_visible()


def test_without_javascript_the_job_page_reloads_until_the_result_is_linked(browser, live_server, fetching_app,
                                                                            page_server):
    page = new_page(browser, live_server, java_script_enabled=False)
    try:
        sign_in(page, "factchecker@example.org")
        page.goto("/desk/articles/import")
        page.get_by_label("Web address").fill(page_server.url("/slow-article"))
        page.get_by_role("button", name="Import article").click()
        page.wait_for_url(re.compile(r"/desk/jobs/\d+$"))
        expect(page.get_by_role("link", name="Open the article")).to_be_visible(timeout=15_000)
        page.get_by_role("link", name="Open the article").click()
        expect(page.get_by_role("heading", name="Almaty curfew extended")).to_be_visible()
    finally:
        page.context.close()
