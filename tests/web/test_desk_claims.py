"""The claim workspace: fragments and pages, inline saves, conflicts, evidence, links and workflow."""

import re

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus, Source, VerdictRevision
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import evidence as sources, verdicts
from factcheck.services.articles.articles import create_article
from factcheck.cli.demo import DEMO_PASSWORD, load_demo
from factcheck.services.accounts.users import find_user

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
    assert 'id="history-block" class="card block" aria-labelledby="history-heading" data-hx-swap-oob="true"' in html
    assert ("<del>unemployment</del> <ins>Unemployment</ins> fell to <del>4 percent in March</del> "
            "<ins>4% in March.</ins>") in html
    with app.app_context():
        claim = db.session.get(Claim, first)
        assert claim.text == "Unemployment fell to 4% in March." and claim.claimed_at.date().isoformat() == "2024-04-02"


def test_the_claim_form_offers_known_claimants_in_a_datalist(client, two_claims):
    first, _ = two_claims
    html = client.get(f"/desk/claims/{first}/edit", headers=HTMX).get_data(as_text=True)
    assert '<datalist id="claimant-names">' in html
    assert '<option value="Critics">' in html and '<option value="The minister">' in html
    assert 'data-hx-get="/desk/claimants/names"' in html and 'data-hx-target="#claimant-names"' in html


def test_the_claimant_suggestions_follow_what_is_typed_among_any_number_of_claimants(app, client, two_claims,
                                                                                     count_queries):
    from factcheck.models import Claimant

    with app.app_context():
        db.session.add_all([Claimant(name=f"Aardvark Speaker {n:03}", slug=f"aardvark-speaker-{n:03}")
                            for n in range(600)])
        db.session.add_all([Claimant(name="Zhanna Tokayeva", slug="zhanna-tokayeva"),
                            Claimant(name="Kassym-Jomart Tokayev", slug="kassym-jomart-tokayev"),
                            Claimant(name="50%_off <Sale>", slug="50-off-sale")])
        db.session.commit()

    def suggested(typed, field="claimant"):
        response = client.get("/desk/claimants/names", query_string={field: typed}, headers=HTMX)
        assert response.status_code == 200
        return re.findall(r'<option value="([^"]*)"></option>', response.get_data(as_text=True))

    with count_queries() as statements:
        tokayev = suggested("tokay")
    assert tokayev == ["Kassym-Jomart Tokayev", "Zhanna Tokayeva"]
    assert len(statements) == 2  # the user and the names
    assert suggested("zhanna", "quote-claimant") == ["Zhanna Tokayeva"]  # the quote form's prefixed field
    assert suggested("%_") == ["50%_off &lt;Sale&gt;"]  # wildcards are literal, names escaped
    assert len(suggested("aardvark")) == 20
    assert suggested("") == ["Critics", "The minister"]  # before typing: the claimants of the latest claims
    page = client.get("/desk/claimants/names?claimant=tokay").get_data(as_text=True)
    assert "<h1>Claimants</h1>" in page and "Zhanna Tokayeva" in page


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
    assert 'data-hx-swap-oob="true"' in html and "Why: new figures" in html
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
    assert '<p id="claim-status" class="workspace__status" data-hx-swap-oob="true">' in html
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

    # The user, the claim with its evidence, links, history with its verdict revisions, ratings (and the
    # staff to assign to, for an editor only: a fact-checker does not assign).
    assert statements_for(first) == statements_for(second) == 5


# -- inline editing of evidence rows and links ----------------------------------------------------

def evidence_and_link_of(app, claim_id):
    """The first live evidence row and link of a claim."""
    from factcheck.services.claims.links import links_of
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        views = links_of([claim], claim.created_by)[claim_id]
        return claim.evidence[0].id, views[0].link.id


@pytest.fixture
def cited_and_linked(app, client, two_claims):
    """Two claims, the first citing one source and linked to the second; (first, second, evidence, link)."""
    first, second = two_claims
    post(client, f"/desk/claims/{first}/evidence", {
        "url": "https://stats.example/jobs/march", "title": "Labour market, March", "publisher": "Statistics office",
        "kind": "dataset", "stance": "contradicts", "quote": "Unemployment rose to 4.4%"})
    post(client, f"/desk/claims/{first}/links", {"target": str(second), "relation": "contradicts", "note": "Opposite"})
    return (first, second, *evidence_and_link_of(app, first))


@pytest.mark.parametrize("path, block_id", [
    ("/evidence/{evidence}", "evidence-{evidence}"), ("/evidence/{evidence}/edit", "evidence-{evidence}"),
    ("/evidence/sources?q=labour", "source-matches"), ("/links/{link}", "link-{link}"),
    ("/links/{link}/edit", "link-{link}"), ("/links/claims?q=rose", "claim-matches"),
])
def test_each_row_and_search_url_answers_htmx_with_its_fragment_and_browsers_with_the_page(
        client, cited_and_linked, path, block_id):
    first, _, evidence_id, link_id = cited_and_linked
    url = f"/desk/claims/{first}" + path.format(evidence=evidence_id, link=link_id)
    block_id = block_id.format(evidence=evidence_id, link=link_id)

    fragment, page = client.get(url, headers=HTMX), client.get(url)

    assert fragment.status_code == page.status_code == 200
    html = fragment.get_data(as_text=True)
    assert f'id="{block_id}"' in html and "<html" not in html and 'id="history-block"' not in html
    full = page.get_data(as_text=True)
    assert "<html" in full and f'id="{block_id}"' in full and 'id="history-block"' in full


def test_opening_a_row_editor_without_javascript_shows_the_page_with_that_row_as_a_form(client, cited_and_linked):
    first, _, evidence_id, link_id = cited_and_linked
    page = client.get(f"/desk/claims/{first}/evidence/{evidence_id}/edit").get_data(as_text=True)
    assert f'action="/desk/claims/{first}/evidence/{evidence_id}"' in page and "Save evidence" in page
    page = client.get(f"/desk/claims/{first}/links/{link_id}/edit").get_data(as_text=True)
    assert f'action="/desk/claims/{first}/links/{link_id}"' in page and "Save link" in page


def test_saving_an_evidence_row_swaps_the_row_back_and_updates_the_history(app, client, cited_and_linked):
    first, _, evidence_id, _ = cited_and_linked
    response = post(client, f"/desk/claims/{first}/evidence/{evidence_id}", {
        "stance": "context", "quote": "Unemployment rose to 4.4 percent", "note": "Seasonally adjusted."})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    row = html.split('id="claim-status"')[0]
    assert row.startswith(f'<li class="evidence-row stance--context" id="evidence-{evidence_id}"')
    assert "Seasonally adjusted." in row and "Save evidence" not in row
    assert "Edited evidence" in html and "<del>4.4%</del> <ins>4.4 percent</ins>" in html


def test_an_evidence_row_save_without_javascript_redirects_to_the_row(client, cited_and_linked):
    first, _, evidence_id, _ = cited_and_linked
    response = post(client, f"/desk/claims/{first}/evidence/{evidence_id}",
                    {"stance": "supports", "quote": "", "note": "x"}, htmx=False)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#evidence-{evidence_id}")


def test_an_invalid_evidence_row_is_answered_422_keeping_what_was_typed(client, cited_and_linked):
    first, _, evidence_id, _ = cited_and_linked
    response = post(client, f"/desk/claims/{first}/evidence/{evidence_id}", {
        "stance": "nonsense", "quote": "My careful quote", "note": "My note"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid choice" in html and "My careful quote" in html and "My note" in html
    assert html.lstrip().startswith(f'<li class="evidence-row evidence-row--editing block--editing" id="evidence-{evidence_id}"')


def test_saving_a_link_row_changes_its_relation(client, cited_and_linked):
    first, second, _, link_id = cited_and_linked
    response = post(client, f"/desk/claims/{first}/links/{link_id}", {"relation": "supports", "note": "Backs it."})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="link-{link_id}"' in html and "Backs it." in html
    assert "Supported by" in client.get(f"/desk/claims/{second}/links", headers=HTMX).get_data(as_text=True)


def test_an_invalid_link_row_is_answered_422_keeping_what_was_typed(client, cited_and_linked):
    first, _, _, link_id = cited_and_linked
    response = post(client, f"/desk/claims/{first}/links/{link_id}", {"relation": "loves", "note": "Typed note"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Typed note"' in html and "Not a valid choice" in html


def test_removing_evidence_offers_undo_and_undo_brings_the_row_back(app, client, cited_and_linked):
    first, _, evidence_id, _ = cited_and_linked
    removed = post(client, f"/desk/claims/{first}/evidence/{evidence_id}/remove", {}).get_data(as_text=True)
    undo = f'data-hx-post="/desk/claims/{first}/evidence/{evidence_id}/restore"'
    assert "Evidence removed." in removed and undo in removed and "Undo removal" in removed

    restored = post(client, f"/desk/claims/{first}/evidence/{evidence_id}/restore", {})
    html = restored.get_data(as_text=True)
    assert restored.status_code == 200 and f'id="evidence-{evidence_id}"' in html and "Restored evidence" in html
    assert "Undo removal" not in html
    assert post(client, f"/desk/claims/{first}/evidence/{evidence_id}/restore", {}).status_code == 404


def test_removing_a_link_offers_undo_and_undo_brings_it_back(client, cited_and_linked):
    first, _, _, link_id = cited_and_linked
    removed = post(client, f"/desk/claims/{first}/links/{link_id}/remove", {}).get_data(as_text=True)
    assert "Link removed." in removed and f"/desk/claims/{first}/links/{link_id}/restore" in removed
    restored = post(client, f"/desk/claims/{first}/links/{link_id}/restore", {}, htmx=False)
    assert restored.status_code == 302
    assert f'id="link-{link_id}"' in client.get(f"/desk/claims/{first}").get_data(as_text=True)


# -- the add forms, rendered when asked for ------------------------------------------------------------

@pytest.mark.parametrize("path, block, form_field", [
    ("evidence/new", "evidence-block", 'id="evidence-url"'),
    ("links/new", "links-block", 'id="link-target-id"'),
])
def test_an_add_form_is_fetched_when_opened_and_is_a_page_without_javascript(client, two_claims, path, block,
                                                                             form_field):
    first, _ = two_claims
    workspace = client.get(f"/desk/claims/{first}").get_data(as_text=True)
    section = workspace.split(f'id="{block}"')[1].split("</section>")[0]
    assert form_field not in section
    assert f'data-hx-get="/desk/claims/{first}/{path}" data-hx-trigger="intersect once"' in section
    assert f'<a class="no-js-only" href="/desk/claims/{first}/{path}">Open the form</a>' in section

    fragment = client.get(f"/desk/claims/{first}/{path}", headers=HTMX).get_data(as_text=True)
    assert form_field in fragment and 'name="csrf_token"' in fragment and "<html" not in fragment
    assert f'id="{block}"' not in fragment

    page = client.get(f"/desk/claims/{first}/{path}").get_data(as_text=True)
    assert "<html" in page and form_field in page
    assert '<details class="add-form" open>' in page.split(f'id="{block}"')[1]


# -- finding sources and claims as you type ----------------------------------------------------------

def test_the_source_search_finds_library_sources_by_title_or_url(client, cited_and_linked):
    first, second, *_ = cited_and_linked
    by_title = client.get(f"/desk/claims/{second}/evidence/sources?title=labour+market", headers=HTMX)
    by_url = client.get(f"/desk/claims/{second}/evidence/sources?url=stats.example", headers=HTMX)
    for response in (by_title, by_url):
        html = response.get_data(as_text=True)
        assert "Labour market, March" in html and 'data-url="https://stats.example/jobs/march"' in html
    nothing = client.get(f"/desk/claims/{second}/evidence/sources?q=weather", headers=HTMX).get_data(as_text=True)
    assert "No source in the library matches" in nothing


def test_picking_a_source_without_javascript_fills_the_evidence_form(app, client, cited_and_linked):
    _, second, *_ = cited_and_linked
    with app.app_context():
        source_id = db.session.scalar(select(Source.id))
    page = client.get(f"/desk/claims/{second}?source={source_id}").get_data(as_text=True)
    assert 'value="https://stats.example/jobs/march"' in page and 'value="Labour market, March"' in page
    assert '<details class="add-form" open>' in page


def test_the_claim_search_finds_claims_of_any_article_but_not_this_one(app, client, auth, two_claims):
    first, second = two_claims
    with app.app_context():
        actor = db.session.get(Claim, first).created_by
        other_article = create_article(actor, title="Elsewhere", text="The mayor said unemployment fell sharply.",
                                       url=None, outlet=None, author=None, published_at=None, language="en")
        elsewhere = claim_service.create_claim(actor, article=other_article, selector={
            "type": "TextQuoteSelector", "exact": "unemployment fell sharply"}).id
    html = client.get(f"/desk/claims/{first}/links/claims?q=unemployment", headers=HTMX).get_data(as_text=True)
    assert f'data-id="{elsewhere}"' in html and f'data-id="{second}"' in html and f'data-id="{first}"' not in html
    assert "Elsewhere" in html
    page = client.get(f"/desk/claims/{first}?link_to={elsewhere}").get_data(as_text=True)
    assert f'value="{elsewhere}"' in page


# -- the verdict editor: preview and restore ---------------------------------------------------------

def test_the_verdict_preview_renders_the_typed_markdown(client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}/verdict/preview",
                    {"rating": "false", "summary": "", "explanation": "It **rose**.<script>x</script>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith('<div id="verdict-preview"')
    assert "<strong>rose</strong>" in html and "<script>" not in html


def test_the_verdict_preview_without_javascript_shows_the_form_with_the_preview(client, two_claims):
    first, _ = two_claims
    response = post(client, f"/desk/claims/{first}/verdict/preview",
                    {"rating": "false", "summary": "Kept summary", "explanation": "It *rose*."}, htmx=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html
    assert 'value="Kept summary"' in html and "<em>rose</em>" in html and "Save verdict" in html


def verdict_revision_ids(app, claim_id):
    with app.app_context():
        return list(db.session.scalars(select(VerdictRevision.id).where(VerdictRevision.claim_id == claim_id)
                                       .order_by(VerdictRevision.id)))


def test_an_editor_restores_an_earlier_verdict_from_the_history(app, client, auth, two_claims):
    first, _ = two_claims
    for summary in ("First verdict.", "Second verdict."):
        post(client, f"/desk/claims/{first}/verdict", {"rating": "false", "summary": summary,
                                                      "version": version_of(app, first)})
    history = client.get(f"/desk/claims/{first}/history", headers=HTMX).get_data(as_text=True)
    assert "Restore this verdict" not in history  # a fact-checker may not
    earliest = verdict_revision_ids(app, first)[0]

    auth.logout()
    auth.login_as("editor")
    history = client.get(f"/desk/claims/{first}/history", headers=HTMX).get_data(as_text=True)
    assert history.count("Restore this verdict") == 1  # not for the current one
    response = post(client, f"/desk/claims/{first}/verdict/revisions/{earliest}/restore",
                    {"version": version_of(app, first)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Earlier verdict restored as a new revision." in html
    assert 'id="verdict-block"' in html and "First verdict." in html.split('id="verdict-block"')[1]
    assert len(verdict_revision_ids(app, first)) == 3
    stale = post(client, f"/desk/claims/{first}/verdict/revisions/{earliest}/restore", {"version": "1"})
    assert stale.status_code == 409


def test_a_fact_checker_cannot_restore_a_verdict(app, client, two_claims):
    first, _ = two_claims
    post(client, f"/desk/claims/{first}/verdict", {"rating": "false", "summary": "One.",
                                                  "version": version_of(app, first)})
    revision = verdict_revision_ids(app, first)[0]
    response = post(client, f"/desk/claims/{first}/verdict/revisions/{revision}/restore",
                    {"version": version_of(app, first)})
    assert response.status_code == 403


# -- conflicts without false alarms ------------------------------------------------------------------

def opened_claim_form(client, claim_id) -> dict:
    """The hidden and visible values of the claim form as the browser got it."""
    html = client.get(f"/desk/claims/{claim_id}/edit", headers=HTMX).get_data(as_text=True)
    hidden = dict(re.findall(r'<input type="hidden" name="((?:original_\w+)|version)" value="([^"]*)"', html))
    return {"claimant": hidden["original_claimant"], "claimed_at": hidden["original_claimed_at"],
            "assignee": hidden["original_assignee"], **hidden}


def test_a_claim_form_opened_before_evidence_was_added_still_saves(app, client, two_claims):
    first, _ = two_claims
    form = opened_claim_form(client, first)
    post(client, f"/desk/claims/{first}/evidence", {"url": "https://a.example/x", "kind": "other",
                                                    "stance": "context"})
    assert version_of(app, first) != int(form["version"])

    response = post(client, f"/desk/claims/{first}", {**form, "text": "Jobless rate fell to 4%."})
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, first).text == "Jobless rate fell to 4%."


def test_a_claim_form_whose_field_was_changed_by_someone_else_is_a_409_with_three_choices(app, client, two_claims):
    first, _ = two_claims
    form = opened_claim_form(client, first)
    with app.app_context():
        claim = db.session.get(Claim, first)
        claim_service.update_claim(claim.created_by, claim, text="Their text, saved first.")

    response = post(client, f"/desk/claims/{first}", {**form, "text": "My text, typed meanwhile."})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Their text, saved first." in html and "My text, typed meanwhile." in html
    assert "Keep mine" in html and "Take theirs" in html and "Merge by hand" in html
    assert "changed by both" in html
    assert 'name="original_text" value="Their text, saved first."' in html

    keep_mine = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                                html.split("Keep mine")[0].rsplit("<form", 1)[1]))
    keep_mine.pop("csrf_token")
    assert post(client, f"/desk/claims/{first}", keep_mine).status_code == 200
    with app.app_context():
        assert db.session.get(Claim, first).text == "My text, typed meanwhile."


def test_a_claim_form_keeps_their_change_to_a_field_it_did_not_edit(app, client, two_claims):
    first, _ = two_claims
    form = opened_claim_form(client, first)
    with app.app_context():
        claim = db.session.get(Claim, first)
        claim_service.update_claim(claim.created_by, claim, claimant="A spokesman")
    response = post(client, f"/desk/claims/{first}", {**form, "text": "My text."})
    assert response.status_code == 200
    with app.app_context():
        claim = db.session.get(Claim, first)
        assert (claim.text, claim.claimant.name) == ("My text.", "A spokesman")


def opened_verdict_form(client, claim_id) -> dict:
    html = client.get(f"/desk/claims/{claim_id}/verdict/edit", headers=HTMX).get_data(as_text=True)
    return dict(re.findall(r'<input type="hidden" name="((?:original_\w+)|version)" value="([^"]*)"', html))


def test_a_verdict_form_opened_before_a_claim_edit_still_saves(app, client, two_claims):
    first, _ = two_claims
    form = opened_verdict_form(client, first)
    post(client, f"/desk/claims/{first}", {"text": "Edited meanwhile.", "version": version_of(app, first)})
    response = post(client, f"/desk/claims/{first}/verdict", {**form, "rating": "false", "summary": "It rose."})
    assert response.status_code == 200


def test_a_verdict_form_whose_summary_was_changed_by_someone_else_is_a_409(app, client, two_claims):
    first, _ = two_claims
    form = opened_verdict_form(client, first)
    with app.app_context():
        claim = db.session.get(Claim, first)
        verdicts.set_verdict(claim.created_by, claim, rating="true", summary="Theirs: it fell.")
    response = post(client, f"/desk/claims/{first}/verdict", {**form, "rating": "false", "summary": "Mine."})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Theirs: it fell." in html and "Keep mine" in html


def test_the_api_keeps_its_strict_if_match_rule(app, client, two_claims):
    from factcheck.services.accounts.users import create_api_token
    first, _ = two_claims
    with app.app_context():
        claim = db.session.get(Claim, first)
        token = create_api_token(claim.created_by, "test")
        stale = claim.version
        sources.cite_source_by_url(claim.created_by, claim, url="https://a.example/y", stance="context")
    response = client.patch(f"/api/v1/claims/{first}", json={"text": "New."},
                            headers={"Authorization": f"Bearer {token}", "If-Match": f'"{stale}"'})
    assert response.status_code == 412


def test_the_assignee_is_changed_inline_from_the_workflow_panel(app, client, auth, two_claims):
    first, _ = two_claims
    auth.logout()
    auth.login_as("editor")  # assigning is an editor's action
    with app.app_context():
        nobody_yet = db.session.get(Claim, first).assignee_id
    response = post(client, f"/desk/claims/{first}/assignee", {
        "assignee": "", "version": version_of(app, first), "original_assignee": str(nobody_yet)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Assignee saved." in html
    assert '<dd id="claim-assignee" data-hx-swap-oob="true">Nobody</dd>' in html
    with app.app_context():
        assert db.session.get(Claim, first).assignee_id is None


# -- CSRF and bounded queries for the new writes ----------------------------------------------------------

@pytest.mark.parametrize("suffix, data", [
    ("/evidence/{evidence}", {"stance": "supports"}), ("/evidence/{evidence}/restore", {}),
    ("/links/{link}", {"relation": "supports"}), ("/links/{link}/restore", {}),
    ("/assignee", {"assignee": ""}), ("/verdict/preview", {"explanation": "x"}),
    ("/verdict/revisions/1/restore", {}),
])
def test_every_new_post_without_a_csrf_token_is_refused(app, client, cited_and_linked, suffix, data):
    first, _, evidence_id, link_id = cited_and_linked
    version = version_of(app, first)
    path = f"/desk/claims/{first}" + suffix.format(evidence=evidence_id, link=link_id)
    for headers in ({}, HTMX):
        response = client.post(path, data=data, headers=headers)
        assert response.status_code == 400, path
        assert "form has expired" in response.get_data(as_text=True)
    assert version_of(app, first) == version


# Measured: 17 to 22 statements (sign-in, the claim, the write, and the blocks swapped out of band).
SAVE_QUERY_LIMIT = 25


@pytest.mark.parametrize("suffix, data", [
    ("", {"text": "Edited text.", "claimant": "The minister"}),
    ("/verdict", {"rating": "false", "summary": "It rose.", "explanation": "See **the data**."}),
    ("/evidence/{evidence}", {"stance": "context", "quote": "Edited quote", "note": "n"}),
    ("/links/{link}", {"relation": "supports", "note": "Edited"}),
    ("/assignee", {"assignee": ""}),
])
def test_each_inline_save_issues_a_bounded_number_of_queries(app, client, auth, cited_and_linked, count_queries,
                                                             suffix, data):
    first, _, evidence_id, link_id = cited_and_linked
    if suffix == "/assignee":  # an editor's action
        auth.logout()
        auth.login_as("editor")
    path = f"/desk/claims/{first}" + suffix.format(evidence=evidence_id, link=link_id)
    headers = {**HTMX, "X-CSRFToken": token_of(client, f"/desk/claims/{first}")}
    with count_queries() as statements:
        response = client.post(path, data={**data, "version": version_of(app, first)}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(statements) <= SAVE_QUERY_LIMIT, f"{len(statements)} statements for {path}"


@pytest.mark.parametrize(("suffix", "expected"), [
    ("/details", 2), ("/edit", 4), ("/verdict/edit", 3), ("/evidence/{evidence}/edit", 2), ("/links/{link}/edit", 3),
    ("/history", 5), ("/workflow", 2),  # a fact-checker's workflow block has no staff list: editors assign
])
def test_a_fragment_reads_only_what_its_block_shows(client, cited_and_linked, count_queries, suffix, expected):
    first, _, evidence_id, link_id = cited_and_linked
    path = f"/desk/claims/{first}" + suffix.format(evidence=evidence_id, link=link_id)
    client.get(path, headers=HTMX)  # warm
    with count_queries() as statements:
        response = client.get(path, headers=HTMX)
    assert response.status_code == 200
    assert len(statements) == expected, statements


def test_a_block_rendered_without_the_parts_it_needs_fails_loudly(app, two_claims, auth):
    from flask import render_template
    from flask_login import login_user

    from factcheck.web.desk.workspace import CLAIM, HISTORY, load_claim, workspace

    first, _ = two_claims
    with app.test_request_context(f"/desk/claims/{first}"):
        login_user(db.session.scalars(select(Claim)).first().created_by)
        context = workspace(load_claim(first), blocks=(CLAIM,))
        assert render_template(CLAIM, **context)
        with pytest.raises(RuntimeError, match="'events' was not read"):
            render_template(HISTORY, **context)


def test_the_live_preview_is_cheap_enough_to_ask_for_at_every_pause_in_typing(client, two_claims, count_queries):
    first, _ = two_claims
    headers = {**HTMX, "X-CSRFToken": token_of(client, f"/desk/claims/{first}")}
    with count_queries() as statements:
        response = client.post(f"/desk/claims/{first}/verdict/preview", data={"explanation": "A *preview*."},
                               headers=headers)
    assert response.status_code == 200 and "<em>preview</em>" in response.get_data(as_text=True)
    assert len(statements) <= 4


def test_the_history_shows_the_newest_changes_first_and_the_rest_behind_a_link(app, client, two_claims):
    first, _ = two_claims
    with app.app_context():
        claim = db.session.get(Claim, first)
        for n in range(30):
            claim_service.update_claim(claim.created_by, claim, text=f"Edit number {n}.")
    html = client.get(f"/desk/claims/{first}/history", headers=HTMX).get_data(as_text=True)
    assert html.index("<ins>29.</ins>") < html.index("<ins>28.</ins>")
    assert "Show 6 earlier changes" in html and "Created the claim." not in html
    everything = client.get(f"/desk/claims/{first}/history?history=all", headers=HTMX).get_data(as_text=True)
    assert "Created the claim." in everything and "earlier change" not in everything


def _row_form_fields(html: str) -> dict:
    import re
    return dict(re.findall(r'<input type="hidden" name="(original_\w+)" value="([^"]*)"', html))


def test_concurrent_evidence_edits_keep_both_unless_they_touch_the_same_field(app, client, auth, csrf_token):
    from factcheck.extensions import db
    from factcheck.models import Evidence
    from factcheck.services.claims.evidence import update_evidence
    from tests.factories import make_claim, make_user

    checker = auth.login_as("factchecker")
    with app.app_context():
        other = make_user("editor")
        claim = make_claim(db.session.merge(checker))
        from factcheck.services.claims.evidence import cite_source_by_url
        row, _ = cite_source_by_url(other, claim, url="https://tass.example/a", stance="contradicts",
                                    quote="shots were fired", note="first note")
        claim_id, row_id, other_id = claim.id, row.id, other.id
    edit = client.get(f"/desk/claims/{claim_id}/evidence/{row_id}/edit", headers={"HX-Request": "true"})
    originals = _row_form_fields(edit.get_data(as_text=True))
    assert originals == {"original_stance": "contradicts", "original_quote": "shots were fired",
                         "original_note": "first note"}
    with app.app_context():  # someone else changes the note meanwhile
        from factcheck.models import User
        update_evidence(db.session.get(User, other_id), claim_stub(claim_id),
                        db.session.get(Evidence, row_id), stance="contradicts", quote="shots were fired",
                        note="their note")
    token = csrf_token(client, f"/desk/claims/{claim_id}")
    # I change only the quote: their note stands, my quote is saved.
    response = client.post(f"/desk/claims/{claim_id}/evidence/{row_id}", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={**originals, "stance": "contradicts", "quote": "shots were fired late", "note": "first note"})
    assert response.status_code == 200
    with app.app_context():
        row = db.session.get(Evidence, row_id)
        assert (row.quote, row.note) == ("shots were fired late", "their note")
    # I change the note too, from the value I started with: a conflict that keeps my text.
    response = client.post(f"/desk/claims/{claim_id}/evidence/{row_id}", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={**originals, "stance": "contradicts", "quote": "shots were fired", "note": "my note"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "my note" in body and "their note" in body
    with app.app_context():
        assert db.session.get(Evidence, row_id).note == "their note"
    # Saving again from the rebased form replaces theirs deliberately.
    rebased = _row_form_fields(body)
    assert rebased["original_note"] == "their note"
    response = client.post(f"/desk/claims/{claim_id}/evidence/{row_id}", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={**rebased, "stance": "contradicts", "quote": "shots were fired late", "note": "my note"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Evidence, row_id).note == "my note"


def claim_stub(claim_id):
    from factcheck.extensions import db
    from factcheck.models import Claim
    return db.session.get(Claim, claim_id)
