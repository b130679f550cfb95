"""Any-span selection on the desk's article page, and new versions of an article, in a real browser."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Article, Claim, User
from factcheck.services.articles.articles import create_article
from factcheck.services.claims.claims import create_claim
from tests.browser.conftest import sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

TEXT = (
    "Earlier on Friday, Tokayev said order had been restored in Kazakhstan. "
    "According to TASS, shots were fired late into the night in the center of Almaty. "
    "More than 3,000 protesters have been arrested.\n"
    "A police spokesman said dozens of attackers had been eliminated."
)
# Astral characters (two UTF-16 code units each, one code point) before the span.
EMOJI_TEXT = "Crowds 🇰🇿 chanted 😀 outside. Officials 🙂 said 26 attackers were killed in Almaty."


@pytest.fixture
def checker(app):
    with app.app_context():
        return make_user("factchecker", email="span@example.org", name="Selma")


def sign_in_as_checker(page) -> None:
    sign_in(page, "span@example.org", "password123")


def new_article(app, user_id: int, text: str, quotes=()) -> int:
    with app.app_context():
        actor = db.session.get(User, user_id)
        article = create_article(actor, title="Violence continues in Almaty", text=text, outlet="Wire Example")
        for quote in quotes:
            create_claim(actor, article=article, claimant="TASS", selector={"type": "TextQuoteSelector", "exact": quote})
        return article.id


def select_words(page, words: str, until: str | None = None) -> None:
    """Select `words` (or from `words` to the end of `until`) in the article text with a DOM Range, as a drag would."""
    page.evaluate(
        """([words, until]) => {
          const nodes = [];
          const walker = document.createTreeWalker(document.getElementById("article-text"), NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            // Claim numbers drawn in the text are not words of it (a drag still selects across them).
            if (!walker.currentNode.parentElement.closest(".claim-ref")) nodes.push(walker.currentNode);
          }
          // Find the words across text nodes (a selection may start and end in different sentences).
          const all = nodes.map(n => n.data).join("");
          const at = all.indexOf(words);
          if (at < 0) throw new Error("not in the page: " + words);
          const last = until ? all.indexOf(until, at) + until.length : at + words.length;
          const point = (offset) => {
            for (const node of nodes) {
              if (offset < node.data.length || (offset === node.data.length && node === nodes.at(-1))) return [node, offset];
              offset -= node.data.length;
            }
          };
          const range = document.createRange();
          range.setStart(...point(at));
          range.setEnd(...point(last));
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }""",
        [words, until],
    )


def make_claim_from_selection(page, claimant: str) -> None:
    panel = page.locator("#selection-panel")
    expect(panel).to_be_visible()
    panel.get_by_role("button", name="Make claim from selection").click()
    composer = page.locator(".claim-composer")
    expect(composer).to_be_visible()
    composer.get_by_label("Claimant").fill(claimant)
    composer.get_by_role("button", name="Save claim").click()
    page.wait_for_url(re.compile(r"/desk/claims/\d+$"))


def stored_claim(app, claim_id: int) -> Claim:
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        db.session.expunge(claim)
        return claim


def claim_id_of(page) -> int:
    return int(page.url.rsplit("/", 1)[1])


def test_a_span_inside_a_sentence_becomes_a_claim_with_its_exact_offsets(app, checker, page, screenshot):
    article_id = new_article(app, checker.id, TEXT)
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    select_words(page, "shots were fired late into the night")
    expect(page.locator("#selection-count")).to_have_text("36 characters")
    screenshot("article-selection-1280")
    make_claim_from_selection(page, "TASS")
    claim = stored_claim(app, claim_id_of(page))
    start = TEXT.index("shots were fired")
    assert (claim.anchor_exact, claim.anchor_start, claim.anchor_end) == (
        "shots were fired late into the night", start, start + 36)
    assert claim.anchor_prefix.endswith("According to TASS, ")


def test_offsets_count_code_points_after_emoji(app, checker, page):
    article_id = new_article(app, checker.id, EMOJI_TEXT)
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    select_words(page, "26 attackers were killed")
    make_claim_from_selection(page, "Officials")
    claim = stored_claim(app, claim_id_of(page))
    start = EMOJI_TEXT.index("26 attackers")  # Python counts code points
    assert (claim.anchor_start, claim.anchor_end) == (start, start + len("26 attackers were killed"))
    assert claim.anchor_exact == "26 attackers were killed"


def test_a_selection_across_two_sentences_and_a_highlight_keeps_the_article_offsets(app, checker, page):
    article_id = new_article(app, checker.id, TEXT, quotes=["order had been restored"])
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    select_words(page, "restored", until="According to TASS")  # across the highlight, its number and a gap
    make_claim_from_selection(page, "Tokayev")
    claim = stored_claim(app, claim_id_of(page))
    start = TEXT.index("restored in Kazakhstan")
    assert claim.anchor_exact == "restored in Kazakhstan. According to TASS"
    assert (claim.anchor_start, claim.anchor_end) == (start, start + len(claim.anchor_exact))


def test_clicking_a_highlight_opens_its_claim(app, checker, page):
    article_id = new_article(app, checker.id, TEXT, quotes=["order had been restored"])
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    page.locator("mark.claim-quote").first.click()
    page.wait_for_url(re.compile(r"/desk/claims/\d+$"))


def test_clicking_a_sentence_still_opens_its_form(app, checker, page):
    article_id = new_article(app, checker.id, TEXT)
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    page.locator("a.sentence", has_text="police spokesman").click()
    expect(page.locator(".claim-composer").get_by_label("Claim as checked")).to_have_value(
        re.compile("police spokesman"))
    expect(page.locator("#selection-panel")).to_be_hidden()


def test_a_new_version_shows_moved_and_orphaned_claims(app, checker, page, screenshot):
    article_id = new_article(app, checker.id, TEXT, quotes=["order had been restored", "dozens of attackers"])
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    page.get_by_role("link", name="Paste a new version").click()
    edited = "UPDATE: this story has been revised. " + TEXT.replace(
        "A police spokesman said dozens of attackers had been eliminated.", "The police gave no figures.")
    page.get_by_label("New text").fill(edited)
    page.get_by_role("button", name="Save new version").click()
    page.wait_for_url(re.compile(r"/revisions/\d+$"))
    expect(page.locator(".reanchoring .anchor-badge--moved")).to_have_count(1)
    expect(page.locator(".diff del", has_text="dozens of attackers")).to_have_count(1)
    expect(page.locator(".diff__claims")).to_contain_text("dozens of attackers")
    page.goto(f"/desk/articles/{article_id}")
    claims = page.locator(".claim-list")
    expect(claims.locator(".anchor-badge--moved")).to_have_text("Moved")
    expect(claims.locator(".anchor-badge--orphaned")).to_have_text("Orphaned")
    expect(page.locator("mark.claim-quote")).to_have_count(1)
    with app.app_context():
        assert db.session.get(Article, article_id).text == edited


@pytest.mark.parametrize("width", [1280, 390])
def test_the_diff_and_the_selection_fit_the_screen(app, checker, page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    article_id = new_article(app, checker.id, TEXT, quotes=["order had been restored", "shots were fired"])
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    select_words(page, "3,000 protesters have been arrested")
    expect(page.locator("#selection-panel")).to_be_visible()
    screenshot(f"article-selection-{width}")
    box = page.locator("#selection-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.goto(f"/desk/articles/{article_id}/revise")
    page.get_by_label("New text").fill(TEXT.replace("order had been restored", "order had been partly restored")
                                       .replace("3,000", "5,000"))
    page.get_by_role("button", name="Save new version").click()
    page.wait_for_url(re.compile(r"/revisions/\d+$"))
    screenshot(f"revision-diff-{width}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the diff page scrolls sideways by {overflow}px at {width}px"
    with app.app_context():
        assert db.session.scalars(select(Claim).where(Claim.anchor_status == "fuzzy")).first() is not None


def test_shift_and_arrow_keys_extend_the_selection(app, checker, page):
    article_id = new_article(app, checker.id, TEXT)
    sign_in_as_checker(page)
    page.goto(f"/desk/articles/{article_id}")
    select_words(page, "shots were fired")
    expect(page.locator("#selection-count")).to_have_text("16 characters")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#selection-count")).to_have_text("21 characters")
    make_claim_from_selection(page, "TASS")
    assert stored_claim(app, claim_id_of(page)).anchor_exact == "shots were fired late"
