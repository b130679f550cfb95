"""Fuzzy anchors in a real browser: confirm, select again and mark orphaned in one click each (htmx swaps);
a published claim whose quote changed reaches the editor's review queue, and the public page says so."""

import re

import pytest
from playwright.sync_api import expect

from factcheck.extensions import db
from factcheck.models import Claim, User
from factcheck.services.articles.articles import create_article, update_article
from factcheck.services.claims.claims import create_claim
from factcheck.cli.demo import load_demo
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import make_user, revise_demo_article

pytestmark = pytest.mark.browser

TEXT = ("Tokayev said order had been restored in Kazakhstan. "
        "TASS reported that shots were fired late into the night in the center of Almaty. "
        "Officials said 26 armed criminals were killed on Thursday.")
EDITED = ("Tokayev said order had been partly restored in Kazakhstan. "
          "TASS reported that shots were fired late into the night in the centre of Almaty. "
          "Officials said 26 armed attackers were killed on Thursday.")
QUOTES = ("order had been restored in Kazakhstan", "shots were fired late into the night in the center of Almaty",
          "26 armed criminals were killed on Thursday")


def three_fuzzy_claims(app) -> list[int]:
    with app.app_context():
        actor = make_user("factchecker", email="farida@example.org", password="password123", name="Farida")
        article = create_article(actor, title="Violence continues in Almaty", text=TEXT)
        claims = [create_claim(actor, article=article, claimant="TASS",
                               selector={"type": "TextQuoteSelector", "exact": quote}) for quote in QUOTES]
        update_article(db.session.get(User, actor.id), article, text=EDITED)
        assert [claim.anchor_status for claim in claims] == ["fuzzy"] * 3
        return [claim.id for claim in claims]


def anchor_of(app, claim_id: int) -> tuple[str, str]:
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        return claim.anchor_status, claim.anchor_exact


def test_a_fact_checker_confirms_reselects_and_orphans_fuzzy_anchors(live_server, page, screenshot):
    confirm_id, reselect_id, orphan_id = three_fuzzy_claims(live_server.app)
    sign_in(page, "farida@example.org", "password123")
    page.goto("/desk/")
    page.get_by_role("link", name="Compare the old and new words and confirm them").click()
    page.wait_for_url("**/desk/anchors")
    expect(page.locator(".anchor-item")).to_have_count(3)
    expect(page.locator(f"#anchor-{confirm_id} ins")).to_have_text("partly ")
    expect(page.locator(f"#anchor-{reselect_id} del")).to_have_text("center")
    screenshot("anchors-to-confirm")
    page.evaluate("window.stillTheSamePage = true")  # every action below is an htmx swap, not a page load

    page.locator(f"#anchor-{confirm_id}").get_by_role("button", name="Confirm the new words").click()
    expect(page.locator(f"#anchor-{confirm_id}")).to_contain_text("now quotes the edited words")
    assert anchor_of(live_server.app, confirm_id) == ("exact", "order had been partly restored in Kazakhstan")

    item = page.locator(f"#anchor-{reselect_id}")
    item.get_by_role("link", name="Select again").click()
    words = item.get_by_label("The exact words the claim quotes now")
    expect(words).to_have_value("shots were fired late into the night in the centre of Almaty")
    words.fill("shots were fired late into the night")
    item.get_by_role("button", name="Anchor on these words").click()
    expect(page.locator(f"#anchor-{reselect_id}")).to_contain_text("now quotes the words you selected")
    assert anchor_of(live_server.app, reselect_id) == ("exact", "shots were fired late into the night")

    page.locator(f"#anchor-{orphan_id}").get_by_role("button", name="Mark orphaned").click()
    expect(page.locator(f"#anchor-{orphan_id}")).to_contain_text("marked orphaned")
    assert anchor_of(live_server.app, orphan_id) == ("orphaned", QUOTES[2])
    assert page.evaluate("window.stillTheSamePage") is True

    page.reload()
    expect(page.locator(".anchor-item")).to_have_count(0)
    expect(page.get_by_text("No anchor waits for confirmation.")).to_be_visible()


def test_a_changed_published_quote_reaches_the_review_queue_and_the_public_page(live_server, page, screenshot,
                                                                                browser):
    with live_server.app.app_context():
        load_demo()
        ids = revise_demo_article()
        published = db.session.get(Claim, ids["published"])
        public_path = f"/claims/{published.id}-{published.slug}"

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(public_path)
    expect(public.locator(".excerpt__changed")).to_contain_text("The article has changed since we checked this claim")
    expect(public.locator(".excerpt__text mark")).to_have_text("order had been restored in Kazakhstan")
    ARTIFACTS.mkdir(exist_ok=True)
    public.screenshot(path=ARTIFACTS / "public-claim-as-checked.png", full_page=True)
    public.context.close()

    sign_in(page, "factchecker@example.org")
    page.goto("/desk/anchors")
    locked = page.locator(f"#anchor-{ids['published']}")
    expect(locked.get_by_role("button", name="Confirm the new words")).to_be_disabled()
    expect(locked).to_contain_text("An editor must reopen it")
    screenshot("anchors-to-confirm-with-a-published-claim")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "editor@example.org")
    queue = page.locator("#review-queue-panel")
    expect(queue).to_contain_text("The quoted words changed after publication")
    queue.locator(".changed-quotes").get_by_role("link", name=published.text).click()
    page.wait_for_url(re.compile(rf"/desk/claims/{ids['published']}$"))
    page.get_by_label("Note (optional)").fill("The article was edited: place the quote again.")
    page.get_by_role("button", name="Reopen for correction").click()
    expect(page.locator("#claim-status")).to_contain_text("In review")

    page.goto("/desk/anchors")
    page.locator(f"#anchor-{ids['published']}").get_by_role("button", name="Confirm the new words").click()
    expect(page.locator(f"#anchor-{ids['published']}")).to_contain_text("now quotes the edited words")
    assert anchor_of(live_server.app, ids["published"]) == ("exact", "order had been fully restored in Kazakhstan")
