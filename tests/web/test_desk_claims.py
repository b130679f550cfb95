"""The claim workspace: fragments and pages, inline saves, conflicts, evidence, links and workflow."""

import re

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus, Source, VerdictRevision
from factcheck.services import claims as claim_service
from factcheck.services import sources, verdicts
from factcheck.services.articles import create_article
from factcheck.services.demo import DEMO_PASSWORD, load_demo
from factcheck.services.users import find_user

HTMX = {"HX-Request": "true"}
ARTICLE_TEXT = ("The minister said that unemployment fell to 4 percent in March. "
                "Critics said unemployment rose in March. Nobody disputed the weather.")


@pytest.fixture
def demo(app):
    """The seed article with its claims; the ids of a draft, an in-review and a published claim."""
    with app.app_context():
        load_demo()
        ids = {status: db.session.scalar(select(Claim.id).where(Claim.status == status).order_by(Claim.id))
               for status in ClaimStatus}
    return ids


@pytest.fixture
def two_claims(app, auth):
    """A signed-in fact-checker and two draft claims of one article (no evidence, no verdict)."""
    user = auth.login_as("factchecker")
    with app.app_context():
        actor = find_user(user.email)
        article = create_article(actor, title="Jobs", text=ARTICLE_TEXT, url=None, outlet=None, author=None,
                                 published_at=None, language="en")
        first = claim_service.create_claim(actor, article=article, claimant="The minister", selector={
            "type": "TextQuoteSelector", "exact": "unemployment fell to 4 percent in March"})
        second = claim_service.create_claim(actor, article=article, claimant="Critics", selector={
            "type": "TextQuoteSelector", "exact": "unemployment rose in March"})
        return first.id, second.id


def token_of(client, path):
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def post(client, path, data, htmx=True):
    """POST like the workspace would: the CSRF token in the form (plain) or in the header (htmx)."""
    token = token_of(client, re.match(r"/desk/claims/\d+", path).group(0))
    headers = {**HTMX, "X-CSRFToken": token} if htmx else {}
    return client.post(path, data={**data, **({} if htmx else {"csrf_token": token})}, headers=headers)


def version_of(app, claim_id):
    with app.app_context():
        return db.session.get(Claim, claim_id).version


def login_demo(auth, role):
    response = auth.login(f"{role}@example.org", DEMO_PASSWORD)
    assert response.status_code == 302


# -- pages and fragments -------------------------------------------------------------------

@pytest.mark.parametrize("suffix, block_id", [
    ("/details", "claim-block"), ("/edit", "claim-block"), ("/verdict", "verdict-block"),
    ("/verdict/edit", "verdict-block"), ("/evidence", "evidence-block"), ("/links", "links-block"),
    ("/workflow", "workflow-block"), ("/history", "history-block"),
])
def test_each_block_url_answers_htmx_with_its_fragment_and_browsers_with_the_page(client, auth, demo, suffix, block_id):
    login_demo(auth, "factchecker")
    path = f"/desk/claims/{demo['draft']}{suffix}"

    fragment = client.get(path, headers=HTMX)
    page = client.get(path)

    assert fragment.status_code == 200 and page.status_code == 200
    html = fragment.get_data(as_text=True)
    assert f'id="{block_id}"' in html and "<html" not in html
    full = page.get_data(as_text=True)
    assert "<html" in full and f'id="{block_id}"' in full and 'id="history-block"' in full


def test_the_workspace_shows_every_block_of_a_demo_claim(client, auth, demo):
    login_demo(auth, "factchecker")
    html = client.get(f"/desk/claims/{demo['published']}").get_data(as_text=True)

    for block in ("claim-block", "verdict-block", "evidence-block", "links-block", "workflow-block", "history-block"):
        assert f'id="{block}"' in html
    assert '<mark class="claim-quote">order had been restored in Kazakhstan</mark>' in html
    assert 'rel="noopener noreferrer"' in html
    assert "Contradicts" in html and "Public page" in html
    assert "style=" not in html and "<script>" not in html


def test_signed_out_visitors_are_sent_to_login(client, demo):
    response = client.get(f"/desk/claims/{demo['draft']}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_source_page_lists_every_claim_citing_it(app, client, auth, demo):
    login_demo(auth, "factchecker")
    with app.app_context():
        source = sources.find_source_by_url("https://tass.example/world/almaty-shots-fired-overnight")
    html = client.get(f"/desk/sources/{source.id}").get_data(as_text=True)
    assert "Shots fired overnight in central Almaty" in html
    assert "Order has been restored in Kazakhstan." in html and "Contradicts the claim" in html
    assert "Shots were fired late into the night" in html and "Supports the claim" in html


# -- editing the claim -----------------------------------------------------------------------

def test_editing_the_claim_text_inline_swaps_the_display_back(app, client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}", {
        "text": "Unemployment fell to 4% in March.", "claimant": "The minister", "claimed_at": "2024-04-02",
        "assignee": "", "version": version_of(app, first)})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    claim_block = html.split('id="workflow-block"')[0]
    assert 'id="claim-block"' in claim_block and "Unemployment fell to 4% in March." in claim_block
    assert "<form" not in claim_block
    assert 'id="history-block" class="card block" aria-labelledby="history-heading" hx-swap-oob="true"' in html
    assert "“unemployment fell to 4 percent in March” → “Unemployment fell to 4% in March.”" in html
    with app.app_context():
        claim = db.session.get(Claim, first)
        assert claim.text == "Unemployment fell to 4% in March." and claim.claimed_at.date().isoformat() == "2024-04-02"


def test_the_claim_form_offers_known_claimants_in_a_datalist(client, two_claims):
    first, _ = two_claims
    html = client.get(f"/desk/claims/{first}/edit", headers=HTMX).get_data(as_text=True)
    assert '<datalist id="claimant-names">' in html
    assert '<option value="Critics">' in html and '<option value="The minister">' in html


def test_editing_the_claim_without_javascript_redirects_to_the_workspace(app, client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}", {"text": "Jobless rate fell.", "claimant": "",
                                                      "version": version_of(app, first)}, htmx=False)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/desk/claims/{first}#claim-block")
    assert "Jobless rate fell." in client.get(f"/desk/claims/{first}").get_data(as_text=True)


def test_an_invalid_claim_edit_is_answered_422_keeping_what_was_typed(app, client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}", {"text": "", "claimant": "Somebody new",
                                                      "claimed_at": "not-a-date", "version": version_of(app, first)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say what the claim states." in html and 'value="Somebody new"' in html
    assert 'id="claim-block"' in html and "<form" in html
    with app.app_context():
        assert db.session.get(Claim, first).text == "unemployment fell to 4 percent in March"


def test_a_stale_claim_save_is_a_409_showing_both_versions_and_overwriting_nothing(app, client, two_claims):
    first, _ = two_claims
    started_from = version_of(app, first)
    with app.app_context():
        actor = db.session.get(Claim, first).created_by
        claim_service.update_claim(actor, db.session.get(Claim, first), text="Their text, saved first.")

    response = post(client, f"/desk/claims/{first}", {"text": "My text, typed meanwhile.", "claimant": "",
                                                      "version": started_from})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Their saved version" in html and "Your version" in html
    assert "Their text, saved first." in html and "My text, typed meanwhile." in html
    assert f'name="version" value="{version_of(app, first)}"' in html
    with app.app_context():
        assert db.session.get(Claim, first).text == "Their text, saved first."


# -- the verdict ------------------------------------------------------------------------------

def test_setting_a_verdict_twice_keeps_both_revisions(app, client, two_claims):
    first, _ = two_claims
    for rating, summary in (("false", "It rose."), ("mostly-false", "It rose slightly.")):
        response = post(client, f"/desk/claims/{first}/verdict", {
            "rating": rating, "summary": summary, "explanation": "The **statistics office** says so.",
            "note": "new figures", "version": version_of(app, first)})
        assert response.status_code == 200, response.get_data(as_text=True)

    html = response.get_data(as_text=True)
    assert "It rose slightly." in html and "<strong>statistics office</strong>" in html
    assert 'hx-swap-oob="true"' in html and "Why: new figures" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VerdictRevision)
                                 .where(VerdictRevision.claim_id == first)) == 2


def test_an_invalid_verdict_is_answered_422_keeping_what_was_typed(app, client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}/verdict", {
        "rating": "false", "summary": "", "explanation": "My careful explanation", "version": version_of(app, first)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a one-line summary." in html and "My careful explanation" in html
    assert '<option selected value="false">' in html


def test_a_stale_verdict_save_is_a_409_with_both_verdicts(app, client, two_claims):
    first, _ = two_claims
    started_from = version_of(app, first)
    with app.app_context():
        claim = db.session.get(Claim, first)
        verdicts.set_verdict(claim.created_by, claim, rating="true", summary="Theirs: it fell.")

    response = post(client, f"/desk/claims/{first}/verdict", {
        "rating": "false", "summary": "Mine: it rose.", "version": started_from})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Theirs: it fell." in html and "Mine: it rose." in html and "Their saved version" in html
    with app.app_context():
        assert db.session.get(Claim, first).verdict.summary == "Theirs: it fell."


def test_a_published_verdict_cannot_be_edited_until_reopened(client, auth, demo):
    login_demo(auth, "editor")
    html = client.get(f"/desk/claims/{demo['published']}/verdict/edit", headers=HTMX).get_data(as_text=True)
    assert "editor must reopen it for correction" in html and "<select" not in html


# -- evidence -----------------------------------------------------------------------------------

def test_adding_evidence_twice_by_the_same_url_reuses_one_source(app, client, two_claims):
    first, second = two_claims
    urls = ("https://Stats.Example/jobs/march?utm_source=newsletter#table",
            "https://stats.example/jobs/march?utm_medium=social&utm_campaign=x")
    for claim_id, url in zip((first, second), urls, strict=True):
        response = post(client, f"/desk/claims/{claim_id}/evidence", {
            "url": url, "title": "Labour market, March", "publisher": "Statistics office",
            "kind": "dataset", "stance": "contradicts", "quote": "Unemployment rose to 4.4%", "note": ""})
        assert response.status_code == 200, response.get_data(as_text=True)

    html = response.get_data(as_text=True)
    assert "the source was already in the library" in html
    assert "Unemployment rose to 4.4%" in html and 'rel="noopener noreferrer"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Source)) == 1
        source = db.session.scalar(select(Source))
    assert f'href="/desk/sources/{source.id}"' in html
    page = client.get(f"/desk/sources/{source.id}").get_data(as_text=True)
    assert "unemployment fell to 4 percent in March" in page and "unemployment rose in March" in page


def test_evidence_with_a_bad_url_is_answered_422_keeping_what_was_typed(client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}/evidence", {
        "url": "ftp://files.example/report", "title": "My title", "kind": "dataset", "stance": "supports"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Only http and https URLs" in html and 'value="My title"' in html and "<details class=\"add-form\" open>" in html


def test_removing_evidence_keeps_it_in_history(app, client, two_claims):
    first, _ = two_claims
    post(client, f"/desk/claims/{first}/evidence", {"url": "https://a.example/x", "kind": "other", "stance": "context"})
    with app.app_context():
        evidence_id = db.session.get(Claim, first).evidence[0].id

    response = post(client, f"/desk/claims/{first}/evidence/{evidence_id}/remove", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "No sources yet." in html and "Removed evidence" in html


# -- links ----------------------------------------------------------------------------------------

def test_linking_two_claims_shows_the_link_on_both_workspaces(client, two_claims):
    first, second = two_claims
    response = post(client, f"/desk/claims/{first}/links", {"target": str(second), "relation": "contradicts",
                                                            "note": "Opposite statements"})
    assert response.status_code == 200
    assert "unemployment rose in March" in response.get_data(as_text=True)

    other_side = client.get(f"/desk/claims/{second}").get_data(as_text=True)
    assert "Contradicts" in other_side and "unemployment fell to 4 percent in March" in other_side


def test_a_directed_link_reads_from_both_ends(client, two_claims):
    first, second = two_claims
    post(client, f"/desk/claims/{first}/links", {"target_id": str(second), "relation": "supports"})
    assert "Supports" in client.get(f"/desk/claims/{first}/links", headers=HTMX).get_data(as_text=True)
    assert "Supported by" in client.get(f"/desk/claims/{second}/links", headers=HTMX).get_data(as_text=True)


def test_a_claim_cannot_be_linked_to_itself(client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}/links", {"target_id": str(first), "relation": "same-as"})
    assert response.status_code == 422
    assert "Choose another claim." in response.get_data(as_text=True)


def test_a_duplicate_link_is_a_409_with_a_message(client, two_claims):
    first, second = two_claims
    post(client, f"/desk/claims/{first}/links", {"target": str(second), "relation": "contradicts"})
    response = post(client, f"/desk/claims/{second}/links", {"target": str(first), "relation": "contradicts"})
    assert response.status_code == 409
    assert "already linked as contradicts" in response.get_data(as_text=True)


# -- workflow -------------------------------------------------------------------------------------

def test_a_fact_checker_cannot_publish(app, client, auth, demo):
    login_demo(auth, "factchecker")
    claim_id = demo["in_review"]
    response = post(client, f"/desk/claims/{claim_id}/transitions",
                    {"to": "published", "note": "", "version": version_of(app, claim_id)})
    assert response.status_code == 403
    assert "Only an editor may publish." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == "in_review"


def test_a_fact_checker_sees_only_the_moves_their_role_allows(client, auth, demo):
    login_demo(auth, "factchecker")
    assert "Submit for review" in client.get(f"/desk/claims/{demo['draft']}").get_data(as_text=True)
    in_review = client.get(f"/desk/claims/{demo['in_review']}").get_data(as_text=True)
    assert 'value="published"' not in in_review and "Waiting for an editor" in in_review


def test_an_editor_publishes_and_the_status_badge_updates_out_of_band(app, client, auth, demo):
    login_demo(auth, "editor")
    claim_id = demo["in_review"]
    assert "Send back" in client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)

    response = post(client, f"/desk/claims/{claim_id}/transitions",
                    {"to": "published", "note": "", "version": version_of(app, claim_id)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p id="claim-status" class="workspace__status" hx-swap-oob="true">' in html
    assert "Public page" in html and "Reopen for correction" in html
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == "published"


def test_republishing_needs_a_public_correction_note(app, client, auth, demo):
    login_demo(auth, "editor")
    claim_id = demo["published"]
    post(client, f"/desk/claims/{claim_id}/transitions", {"to": "in_review", "version": version_of(app, claim_id)})
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "Correction note (shown publicly)" in page

    refused = post(client, f"/desk/claims/{claim_id}/transitions",
                   {"to": "published", "note": "", "version": version_of(app, claim_id)})
    assert refused.status_code == 422 and "Readers see this note" in refused.get_data(as_text=True)
    done = post(client, f"/desk/claims/{claim_id}/transitions",
                {"to": "published", "note": "Clarified the timeline.", "version": version_of(app, claim_id)})
    assert done.status_code == 200 and "Published a correction: Clarified the timeline." in done.get_data(as_text=True)


def test_sending_back_without_a_note_is_refused(app, client, auth, demo):
    login_demo(auth, "editor")
    claim_id = demo["in_review"]
    response = post(client, f"/desk/claims/{claim_id}/transitions",
                    {"to": "draft", "note": "", "version": version_of(app, claim_id)}, htmx=False)
    assert response.status_code == 422
    assert "Say why the claim goes back." in response.get_data(as_text=True)


# -- CSRF and queries -------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix, data", [
    ("", {"text": "x"}), ("/verdict", {"rating": "false", "summary": "x"}),
    ("/evidence", {"url": "https://a.example", "stance": "supports", "kind": "other"}),
    ("/evidence/1/remove", {}), ("/links", {"target_id": "1", "relation": "supports"}),
    ("/links/1/remove", {}), ("/transitions", {"to": "in_review"}),
])
def test_every_post_without_a_csrf_token_is_refused(app, client, two_claims, suffix, data):
    first, _ = two_claims
    version = version_of(app, first)
    for headers in ({}, HTMX):
        response = client.post(f"/desk/claims/{first}{suffix}", data=data, headers=headers)
        assert response.status_code == 400
        assert "form has expired" in response.get_data(as_text=True)
    assert version_of(app, first) == version


def test_the_workspace_issues_the_same_number_of_queries_with_1_and_5_evidence_rows(app, client, two_claims,
                                                                                    count_queries):
    first, second = two_claims

    def statements_for(claim_id):
        client.get(f"/desk/claims/{claim_id}")  # warm caches (rating scale, templates)
        with count_queries() as statements:
            assert client.get(f"/desk/claims/{claim_id}").status_code == 200
        return len(statements)

    post(client, f"/desk/claims/{first}/evidence", {"url": "https://one.example/", "kind": "other",
                                                    "stance": "supports"})
    for n in range(5):
        post(client, f"/desk/claims/{second}/evidence", {"url": f"https://many.example/{n}", "kind": "other",
                                                         "stance": "contradicts"})
    for claim_id in (first, second):
        post(client, f"/desk/claims/{claim_id}/verdict", {"rating": "false", "summary": "No.",
                                                          "version": version_of(app, claim_id)})
    post(client, f"/desk/claims/{first}/links", {"target": str(second), "relation": "contradicts"})

    assert statements_for(first) == statements_for(second)
