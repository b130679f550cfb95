"""In a browser: a much cited source's desk page pages its citations with htmx (only the list is swapped, the
address follows, the list's top comes into view), and without JavaScript the same links load whole pages."""

import re

import pytest
from playwright.sync_api import expect

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services.accounts.users import find_user
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from factcheck.cli.demo import load_demo
from sqlalchemy import select
from tests.browser.conftest import new_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cited_often(live_server) -> int:
    """A source cited 60 times by the demo's draft claim (quotes "quote 1" … "quote 60", oldest first)."""
    with live_server.app.app_context():
        load_demo()
        editor = find_user("editor@example.org")
        claim = db.session.scalar(select(Claim).where(Claim.status == "draft").order_by(Claim.id))
        source = find_or_create_source(editor, url="https://example.org/cited-often", title="Cited often")[0]
        for number in range(1, 61):
            attach_evidence(editor, claim, source=source, stance="supports", quote=f"quote {number}")
        return source.id


def test_paging_swaps_only_the_citations_and_keeps_the_address(page, cited_often, screenshot):
    sign_in(page, "editor@example.org")
    page.goto(f"/desk/sources/{cited_often}")
    page.wait_for_load_state("networkidle")
    citations = page.locator("#citations")
    expect(citations).to_contain_text("Citations 1–50 of 60, newest first.")
    page.evaluate("document.querySelector('#captures').dataset.marker = 'kept'")  # a full load would lose it
    citations.get_by_role("link", name="Older →").click()
    expect(citations).to_contain_text("Citations 51–60 of 60, newest first.")
    expect(page).to_have_url(re.compile(rf"/desk/sources/{cited_often}\?older=\d+$"))
    assert page.evaluate("document.querySelector('#captures').dataset.marker") == "kept"
    assert page.evaluate("document.querySelector('#citations').getBoundingClientRect().top") < 200  # in view
    expect(citations.locator("blockquote").first).to_have_text("quote 10")
    screenshot("source-citations-older-page")
    citations.get_by_role("link", name="« Newest").click()
    expect(citations).to_contain_text("Citations 1–50 of 60, newest first.")


def test_paging_works_without_javascript(browser, live_server, cited_often):
    page = new_page(browser, live_server, java_script_enabled=False)
    sign_in(page, "editor@example.org")
    page.goto(f"/desk/sources/{cited_often}")
    page.get_by_role("link", name="Oldest »").click()
    expect(page).to_have_url(re.compile(rf"/desk/sources/{cited_often}\?newer=0$"))
    expect(page.locator("#citations")).to_contain_text("Citations 11–60 of 60, newest first.")
    expect(page.locator("#citations blockquote").last).to_have_text("quote 1")
    page.context.close()
