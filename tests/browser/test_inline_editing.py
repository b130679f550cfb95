"""Every inline editor of the claim workspace in a real browser: open, edit, save, Escape, errors, conflicts."""

import pytest
from playwright.sync_api import expect

from factcheck.extensions import db
from factcheck.models import Claimant
from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser




def open_workspace(page, claim_id, email="factchecker@example.org"):
    sign_in(page, email)
    page.goto(f"/desk/claims/{claim_id}")
    # A marker that a full page load would wipe out: every step must be an htmx swap.
    page.evaluate("window.stillTheSamePage = true")


def still_the_same_page(page) -> bool:
    return page.evaluate("window.stillTheSamePage") is True


def shoot(page, name, block):
    """The whole page at 1280 and 390 px wide, and the block being edited at 390 px."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    page.locator(block).screenshot(path=ARTIFACTS / f"{name}-390-block.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_claimant_field_suggests_the_known_claimants_holding_what_is_typed(live_server, page, draft_claim):
    with live_server.app.app_context():
        db.session.add_all([Claimant(name=f"Aardvark Speaker {n:03}", slug=f"aardvark-speaker-{n:03}")
                            for n in range(30)])
        db.session.commit()
    open_workspace(page, draft_claim)
    block = page.locator("#claim-block")
    block.get_by_role("link", name="Edit the claim").click()

    block.get_by_label("Claimant").fill("speaker 02")

    options = page.locator("#claimant-names option")
    expect(options).to_have_count(10)
    expect(options.first).to_have_attribute("value", "Aardvark Speaker 020")
    block.get_by_label("Claimant").fill("")
    block.get_by_label("Claimant").press_sequentially("tokay")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Kassym-Jomart Tokayev")
    assert still_the_same_page(page)


def test_the_claim_editor_saves_with_enter_cancels_with_escape_and_keeps_text_on_errors(live_server, page,
                                                                                       draft_claim):
    open_workspace(page, draft_claim)
    block = page.locator("#claim-block")

    block.get_by_role("link", name="Edit the claim").click()
    expect(block.get_by_label("Claim as checked")).to_be_focused()
    block.get_by_label("Claim as checked").fill("Twenty thousand bandits threaten Almaty.")
    block.get_by_label("Claimant").press("Escape")
    expect(block.locator(".claim-text")).to_have_text("Almaty is threatened by twenty thousand bandits.")
    expect(block.get_by_role("link", name="Edit the claim")).to_be_focused()

    block.get_by_role("link", name="Edit the claim").press("Enter")
    block.get_by_label("Claim as checked").fill("")
    block.get_by_label("Claimant").fill("A new claimant")
    block.get_by_label("Claimant").press("Enter")
    expect(block).to_contain_text("Say what the claim states.")
    expect(block.get_by_label("Claimant")).to_have_value("A new claimant")

    block.get_by_label("Claim as checked").fill("Twenty thousand bandits threaten Almaty.")
    expect(block.locator("#claim-saving")).to_have_class("saving htmx-indicator")
    block.get_by_label("Claimant").press("Enter")
    expect(block.locator(".claim-text")).to_have_text("Twenty thousand bandits threaten Almaty.")
    expect(block.get_by_role("link", name="Edit the claim")).to_be_focused()
    expect(page.locator("#history-block del").first).to_be_visible()
    assert still_the_same_page(page)


def test_the_verdict_editor_previews_markdown_saves_cancels_and_reports_errors(live_server, page, draft_claim):
    open_workspace(page, draft_claim)
    block = page.locator("#verdict-block")

    block.get_by_role("link", name="Edit the verdict").click()
    expect(block.get_by_label("Rating")).to_be_focused()
    block.get_by_label("Explanation").press_sequentially("The president gave **no source**.", delay=5)
    expect(block.locator("#verdict-preview strong")).to_have_text("no source")
    expect(block.get_by_label("Explanation")).to_be_focused()  # the preview does not steal focus
    shoot(page, "inline-edit-mode", "#verdict-block")

    block.get_by_label("Summary").fill("")
    block.get_by_label("Summary").press("Enter")
    expect(block).to_contain_text("Write a one-line summary.")
    expect(block.get_by_label("Explanation")).to_have_value("The president gave **no source**.")

    block.get_by_label("Summary").fill("No source was given for the figure.")
    block.get_by_label("Explanation").press("Control+Enter")
    expect(block.locator(".verdict__summary")).to_have_text("No source was given for the figure.")

    block.get_by_role("link", name="Edit the verdict").click()
    block.get_by_label("Summary").fill("Something I will throw away.")
    block.get_by_label("Summary").press("Escape")
    expect(block.locator(".verdict__summary")).to_have_text("No source was given for the figure.")
    assert still_the_same_page(page)


def test_an_evidence_row_is_edited_in_place_and_removal_can_be_undone(live_server, page, draft_claim):
    open_workspace(page, draft_claim)
    evidence = page.locator("#evidence-block")
    row = evidence.locator(".evidence-row").first

    row.get_by_role("link", name="Edit").click()
    expect(row.get_by_label("Stance")).to_be_focused()
    row.get_by_label("Note").fill("Will be cancelled")
    row.get_by_label("Note").press("Escape")
    expect(row).not_to_contain_text("Will be cancelled")
    expect(row.get_by_role("link", name="Edit")).to_be_focused()

    row.get_by_role("link", name="Edit").click()
    # The field's maxlength stops a browser from typing more; the server checks for any other client.
    row.get_by_label("Quoted excerpt").evaluate("field => field.removeAttribute('maxlength')")
    row.get_by_label("Quoted excerpt").fill("x" * 5001)
    row.get_by_role("button", name="Save evidence").click()
    expect(row).to_contain_text("Field cannot be longer than 5000 characters.")

    row.get_by_label("Stance").select_option("contradicts")
    row.get_by_label("Quoted excerpt").fill("twenty thousand bandits, he said")
    row.get_by_label("Note").fill("Said without a source.")
    row.get_by_label("Note").press("Control+Enter")
    expect(row.locator(".stance")).to_have_text("Contradicts the claim")
    expect(row).to_contain_text("Said without a source.")
    expect(page.locator("#history-block")).to_contain_text("Edited evidence")

    row.get_by_role("button", name="Remove").click()
    expect(evidence).to_contain_text("No sources yet.")
    expect(evidence.get_by_role("button", name="Undo")).to_be_focused()
    evidence.get_by_role("button", name="Undo").press("Enter")
    expect(evidence.locator(".evidence-row")).to_have_count(1)
    expect(page.locator("#history-block")).to_contain_text("Restored evidence")
    assert still_the_same_page(page)


def test_sources_and_claims_are_found_as_you_type(live_server, page, draft_claim):
    open_workspace(page, draft_claim)
    evidence = page.locator("#evidence-block")
    evidence.locator("summary").click()
    evidence.get_by_label("Source URL").press_sequentially("almaty", delay=20)
    matches = evidence.locator("#source-matches .matches__pick")
    expect(matches.first).to_be_visible()
    tass = matches.filter(has_text="TASS")
    tass.first.click()
    expect(evidence.get_by_label("Source URL")).to_have_value("https://tass.example/world/almaty-shots-fired-overnight")
    expect(evidence.get_by_label("Stance")).to_be_focused()
    evidence.get_by_label("Stance").select_option("context")
    evidence.get_by_role("button", name="Add evidence").click()
    expect(evidence).to_contain_text("the source was already in the library")

    links = page.locator("#links-block")
    links.locator("summary").click()
    # A claim in review: a published claim's links are locked.
    links.get_by_label("Find a claim by its text").press_sequentially("fighting in", delay=20)
    links.locator("#claim-matches .matches__pick").first.click()
    expect(links.get_by_label("Relation")).to_be_focused()
    links.get_by_label("Relation").select_option("contradicts")
    links.get_by_role("button", name="Link claims").click()
    expect(links.locator(".link-row")).to_contain_text("There was fighting in Almaty on Friday morning.")
    assert still_the_same_page(page)


def test_a_link_is_edited_in_place_and_removal_can_be_undone(live_server, page, draft_claim):
    open_workspace(page, draft_claim)
    links = page.locator("#links-block")
    links.locator("summary").click()
    links.get_by_label("Or a claim id").fill(str(draft_claim - 1))
    links.get_by_role("button", name="Link claims").click()
    row = links.locator(".link-row").first

    row.get_by_role("link", name="Edit").click()
    expect(row.get_by_label("Relation")).to_be_focused()
    row.get_by_label("Note").evaluate("field => field.removeAttribute('maxlength')")
    row.get_by_label("Note").fill("n" * 2001)
    row.get_by_label("Note").press("Enter")
    expect(row).to_contain_text("Field cannot be longer than 2000 characters.")
    row.get_by_label("Note").press("Escape")
    expect(row.get_by_role("link", name="Edit")).to_be_focused()

    row.get_by_role("link", name="Edit").click()
    row.get_by_label("Relation").select_option("updates")
    row.get_by_label("Note").fill("Same address, later figure.")
    row.get_by_label("Note").press("Enter")
    expect(row.locator(".link-row__label")).to_have_text("Updates")
    expect(row).to_contain_text("Same address, later figure.")

    row.get_by_role("button", name="Remove link").click()
    expect(links).to_contain_text("Not linked to other claims yet.")
    page.locator("#history-block").get_by_role("button", name="Undo removal").click()
    expect(links.locator(".link-row")).to_have_count(1)
    assert still_the_same_page(page)


def test_the_assignee_is_changed_inline(live_server, page, draft_claim):
    open_workspace(page, draft_claim, "editor@example.org")  # assigning is an editor's action
    page.locator("#workflow-block").get_by_label("Assignee").select_option(label="Erik Editor")
    expect(page.locator("#workflow-block")).to_contain_text("Assignee saved.")
    expect(page.locator("#claim-assignee")).to_have_text("Erik Editor")


def test_two_people_editing_the_same_claim_get_a_conflict_not_a_lost_edit(live_server, browser, page, draft_claim):
    other = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    try:
        theirs = other.new_page()
        open_workspace(page, draft_claim)
        open_workspace(theirs, draft_claim, "editor@example.org")
        mine = page.locator("#claim-block")
        mine.get_by_role("link", name="Edit the claim").click()
        theirs.locator("#claim-block").get_by_role("link", name="Edit the claim").click()

        # Their evidence edit meanwhile is no reason for a conflict...
        their_evidence = theirs.locator("#evidence-block .evidence-row").first
        their_evidence.get_by_role("link", name="Edit").click()
        their_evidence.get_by_label("Note").fill("An editor's note.")
        their_evidence.get_by_role("button", name="Save evidence").click()
        expect(their_evidence).to_contain_text("An editor's note.")

        # ...but their change to the claim text is.
        theirs.locator("#claim-block").get_by_label("Claim as checked").fill("Their wording of the claim.")
        theirs.locator("#claim-block").get_by_role("button", name="Save claim").click()
        expect(theirs.locator("#claim-block .claim-text")).to_have_text("Their wording of the claim.")

        mine.get_by_label("Claim as checked").fill("My wording of the claim.")
        mine.get_by_role("button", name="Save claim").click()
        expect(mine).to_contain_text("someone else saved first")
        expect(mine.locator(".conflict__side").first).to_contain_text("Their wording of the claim.")
        expect(mine.locator(".conflict__side--yours")).to_contain_text("My wording of the claim.")
        expect(mine.get_by_role("button", name="Keep mine")).to_be_focused()
        shoot(page, "inline-conflict-mode", "#claim-block")

        mine.get_by_role("button", name="Keep mine").click()
        expect(mine.locator(".claim-text")).to_have_text("My wording of the claim.")
        assert still_the_same_page(page)
    finally:
        other.close()


def test_a_verdict_conflict_can_be_merged_by_hand(live_server, browser, page, draft_claim):
    other = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    try:
        theirs = other.new_page()
        open_workspace(page, draft_claim)
        open_workspace(theirs, draft_claim, "editor@example.org")
        mine = page.locator("#verdict-block")
        mine.get_by_role("link", name="Edit the verdict").click()
        their_block = theirs.locator("#verdict-block")
        their_block.get_by_role("link", name="Edit the verdict").click()
        their_block.get_by_label("Summary").fill("Their summary.")
        their_block.get_by_label("Summary").press("Enter")
        expect(their_block.locator(".verdict__summary")).to_have_text("Their summary.")

        mine.get_by_label("Summary").fill("My summary.")
        mine.get_by_label("Summary").press("Enter")
        expect(mine).to_contain_text("someone else saved first")
        mine.get_by_label("Summary").fill("Merged: their summary and mine.")
        mine.get_by_role("button", name="Save merged version").click()
        expect(mine.locator(".verdict__summary")).to_have_text("Merged: their summary and mine.")

        mine.get_by_role("link", name="Edit the verdict").click()
        their_block.get_by_role("link", name="Edit the verdict").click()
        their_block.get_by_label("Summary").fill("Theirs again.")
        their_block.get_by_label("Summary").press("Enter")
        mine.get_by_label("Summary").fill("Mine again.")
        mine.get_by_label("Summary").press("Enter")
        mine.get_by_role("link", name="Take theirs").click()
        expect(mine.locator(".verdict__summary")).to_have_text("Theirs again.")
    finally:
        other.close()


def test_an_evidence_row_conflict_is_the_same_three_way_choice_as_the_claims(live_server, browser, page,
                                                                             draft_claim):
    other = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    try:
        theirs = other.new_page()
        open_workspace(page, draft_claim)
        open_workspace(theirs, draft_claim, "editor@example.org")
        row_id = page.locator("#evidence-block .evidence-row").first.get_attribute("id")
        mine, their_row = page.locator(f"#{row_id}"), theirs.locator(f"#{row_id}")
        mine.get_by_role("link", name="Edit").click()
        their_row.get_by_role("link", name="Edit").click()
        their_row.get_by_label("Note").fill("Their note.")
        their_row.get_by_role("button", name="Save evidence").click()
        expect(their_row).to_contain_text("Their note.")

        mine.get_by_label("Note").fill("My note.")
        mine.get_by_role("button", name="Save evidence").click()
        expect(mine).to_contain_text("Evidence: someone else saved first")
        expect(mine.locator(".conflict__side").first).to_contain_text("Their note.")
        expect(mine.locator(".conflict__side--yours")).to_contain_text("My note.")
        expect(mine.locator(".conflict__changed").first).to_contain_text("changed by both")
        expect(mine.get_by_role("button", name="Keep mine")).to_be_focused()
        shoot(page, "inline-row-conflict", f"#{row_id}")

        mine.get_by_role("button", name="Keep mine").click()
        expect(mine).to_contain_text("Evidence saved.")
        expect(mine.locator(".evidence-row__note")).to_have_text("My note.")
        assert still_the_same_page(page)
    finally:
        other.close()


def test_an_editor_restores_an_earlier_verdict_from_the_history(live_server, page, draft_claim):
    open_workspace(page, draft_claim, "editor@example.org")
    verdict = page.locator("#verdict-block")
    verdict.get_by_role("link", name="Edit the verdict").click()
    verdict.get_by_label("Summary").fill("A newer summary.")
    verdict.get_by_label("Summary").press("Enter")
    expect(verdict.locator(".verdict__summary")).to_have_text("A newer summary.")

    page.locator("#history-block").get_by_role("button", name="Restore this verdict").click()
    expect(verdict.locator(".verdict__summary")).to_have_text("No evidence was offered for the figure.")
    expect(page.locator("#history-block")).to_contain_text("Why: Restored the verdict of")
    assert still_the_same_page(page)


def test_reopening_a_published_claim_unlocks_it_in_place_and_shows_the_correction_impact(live_server, page,
                                                                                          screenshot):
    from sqlalchemy import select

    from factcheck.models import Claim
    from factcheck.cli.demo import CLAIMS, load_demo

    with live_server.app.app_context():
        load_demo()
        restored = db.session.scalar(select(Claim.id).where(Claim.text == CLAIMS["restored"][1]))
    open_workspace(page, restored, "editor@example.org")
    evidence, links = page.locator("#evidence-block"), page.locator("#links-block")
    expect(evidence).to_contain_text("Evidence is locked while the claim is published")
    expect(evidence.locator("summary")).to_have_count(0)
    expect(links).to_contain_text("Links are locked while the claim is published")
    screenshot("published-claim-locked")

    page.locator("#workflow-block").get_by_role("button", name="Reopen for correction").click()
    expect(page.locator("#workflow-block")).to_contain_text("Reopened for correction")
    impact = page.locator("#impact-block")
    expect(impact).to_contain_text("Correction impact")
    expect(impact).to_contain_text("Citing the same sources the other way")
    expect(impact).to_contain_text("Shots were fired late into the night")
    expect(evidence.get_by_text("Add evidence")).to_be_visible()
    expect(evidence.get_by_role("button", name="Remove").first).to_be_visible()
    # The suggested links load again, now offering one-click links.
    expect(page.locator("#suggestions-block .suggestion__form").first).to_be_visible()
    assert still_the_same_page(page)
    screenshot("reopened-claim-correction-impact")


def test_opening_the_workspace_leaves_the_page_at_its_top_and_focus_where_it_was(live_server, page, draft_claim):
    """Blocks that load by themselves (suggestions on load, the add forms when scrolled into view, a job's
    polling) must not take focus: focusing them scrolled the workspace to its bottom as it opened."""
    open_workspace(page, draft_claim)
    expect(page.locator("#suggestions-block h2")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.activeElement === document.body")
    # Someone's own action still moves focus into the block they opened.
    page.locator("#claim-block").get_by_role("link", name="Edit the claim").click()
    expect(page.locator("#claim-block").get_by_label("Claim as checked")).to_be_focused()
