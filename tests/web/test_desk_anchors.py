"""Fuzzy anchors on the desk: the list to confirm, one-click actions, locked published claims, public notice."""

import re

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Article, Claim, User
from factcheck.services.claims import workflow
from factcheck.services.articles.articles import create_article, update_article
from factcheck.services.claims.claims import create_claim
from factcheck.services.claims.verdicts import set_verdict
from tests.factories import make_user

TEXT = ("Tokayev said order had been restored in Kazakhstan. "
        "TASS reported that shots were fired late into the night.")
EDITED = ("Tokayev said order had been partly restored in Kazakhstan. "
          "TASS reported that shots were fired late into the night.")
QUOTE = "order had been restored in Kazakhstan"
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HTMX = {"HX-Request": "true"}


@pytest.fixture
def checker(auth):
    return auth.login_as("factchecker", name="Farida")


def fuzzy_claim(app, actor_id: int, publish: bool = False) -> int:
    with app.app_context():
        actor = db.session.get(User, actor_id)
        article = create_article(actor, title="Almaty", text=TEXT)
        claim = create_claim(actor, article=article, claimant="Kassym-Jomart Tokayev",
                             selector={"type": "TextQuoteSelector", "exact": QUOTE})
        if publish:
            editor = make_user("editor")
            set_verdict(actor, claim, rating="false", summary="Fighting went on.")
            workflow.transition(actor, claim, "in_review")
            workflow.transition(editor, claim, "published")
        update_article(actor, article, text=EDITED)
        assert claim.anchor_status == "fuzzy"
        return claim.id


def stored(app, claim_id: int) -> Claim:
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        db.session.expunge(claim)
        return claim


def post(client, path: str, claim: Claim, **fields):
    headers = fields.pop("headers", {})
    token = FORM_TOKEN.search(client.get("/desk/anchors").get_data(as_text=True)).group(1)
    return client.post(path, data={"csrf_token": token, "version": claim.version, **fields}, headers=headers)


def test_the_list_shows_the_old_quote_beside_the_proposed_words_with_the_changes(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id)
    page = client.get("/desk/anchors").get_data(as_text=True)
    assert f'id="anchor-{claim_id}"' in page
    assert "order had been restored in Kazakhstan" in page
    assert "<ins>partly </ins>" in page
    assert f'action="/desk/claims/{claim_id}/anchor/confirm"' in page
    assert f'action="/desk/claims/{claim_id}/anchor/orphan"' in page
    assert f'href="/desk/claims/{claim_id}/anchor/reselect"' in page
    assert "disabled" not in page


def test_the_desk_and_the_article_page_point_to_the_list(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id)
    assert 'href="/desk/anchors"' in client.get("/desk/").get_data(as_text=True)
    with app.app_context():
        article_id = db.session.get(Claim, claim_id).article_id
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert f'href="/desk/anchors#anchor-{claim_id}"' in page
    assert 'claim-quote claim-quote--fuzzy' in page and ">order had been partly restored in Kazakhstan</mark>" in page


def test_confirming_with_a_plain_form_redirects_to_the_list(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id)
    response = post(client, f"/desk/claims/{claim_id}/anchor/confirm", stored(app, claim_id))
    assert response.status_code == 303 and response.headers["Location"].endswith("/desk/anchors")
    claim = stored(app, claim_id)
    assert (claim.anchor_status, claim.anchor_exact) == ("exact", "order had been partly restored in Kazakhstan")
    page = client.get("/desk/anchors").get_data(as_text=True)
    assert "now quotes the edited words" in page and f'id="anchor-{claim_id}"' not in page


def test_htmx_actions_swap_the_claims_item(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id)
    response = post(client, f"/desk/claims/{claim_id}/anchor/orphan", stored(app, claim_id), headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert f'<li class="anchor-item" id="anchor-{claim_id}">' in fragment and "marked orphaned" in fragment
    assert stored(app, claim_id).anchor_status == "orphaned"


def test_selecting_again_without_javascript(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id)
    form = client.get(f"/desk/claims/{claim_id}/anchor/reselect").get_data(as_text=True)
    assert "<html" in form and "order had been partly restored in Kazakhstan</textarea>" in form
    fragment = client.get(f"/desk/claims/{claim_id}/anchor/reselect", headers=HTMX).get_data(as_text=True)
    assert "<html" not in fragment and 'name="exact"' in fragment
    path = f"/desk/claims/{claim_id}/anchor/reselect"
    refused = post(client, path, stored(app, claim_id), exact="order was restored")
    assert refused.status_code == 422 and "do not occur" in refused.get_data(as_text=True)
    assert stored(app, claim_id).anchor_status == "fuzzy"
    response = post(client, path, stored(app, claim_id), exact="partly restored in Kazakhstan")
    assert response.status_code == 303
    assert stored(app, claim_id).anchor_exact == "partly restored in Kazakhstan"


def test_a_stale_version_is_a_409_and_changes_nothing(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id)
    claim = stored(app, claim_id)
    claim.version -= 1
    response = post(client, f"/desk/claims/{claim_id}/anchor/confirm", claim, headers=HTMX)
    assert response.status_code == 409 and "changed by someone else" in response.get_data(as_text=True)
    assert stored(app, claim_id).anchor_status == "fuzzy"


def test_a_published_claims_anchor_is_locked_with_the_reason_shown(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id, publish=True)
    page = client.get("/desk/anchors").get_data(as_text=True)
    assert "an editor must reopen it" in page.lower()
    assert page.count(f'disabled aria-describedby="locked-{claim_id}"') == 3
    assert f'href="/desk/claims/{claim_id}/anchor/reselect"' not in page
    for action in ("confirm", "orphan", "reselect"):
        response = post(client, f"/desk/claims/{claim_id}/anchor/{action}", stored(app, claim_id),
                        exact="partly restored in Kazakhstan")
        assert response.status_code == 409 and "reopen" in response.get_data(as_text=True)
    claim = stored(app, claim_id)
    assert (claim.anchor_status, claim.anchor_exact) == ("fuzzy", QUOTE)


def test_the_review_queue_lists_published_quotes_that_changed(client, app, auth, checker):
    claim_id = fuzzy_claim(app, checker.id, publish=True)
    auth.logout()
    auth.login_as("editor")
    page = client.get("/desk/").get_data(as_text=True)
    assert "The quoted words changed after publication" in page
    section = page[page.index('id="changed-quotes"'):]
    assert f'href="/desk/claims/{claim_id}"' in section[:section.index("</ul>")]


def test_the_review_queue_shows_five_changed_quotes_and_says_there_are_more(client, app, auth, checker):
    ids = [fuzzy_claim(app, checker.id, publish=True) for _ in range(7)]
    auth.logout()
    auth.login_as("editor")
    page = client.get("/desk/").get_data(as_text=True)
    section = page[page.index('id="changed-quotes"'):]
    assert section.index('<span class="desk-count">5+</span>') < section.index("</h3>")
    listed = section[:section.index("</ul>")]
    assert [f'href="/desk/claims/{i}"' in listed for i in reversed(ids)] == [True] * 5 + [False] * 2  # newest first


def test_the_public_page_shows_the_quote_as_checked_and_says_the_article_changed(client, app, checker):
    claim_id = fuzzy_claim(app, checker.id, publish=True)
    claim = stored(app, claim_id)
    auth_free = app.test_client()
    page = auth_free.get(f"/claims/{claim_id}-{claim.slug}").get_data(as_text=True)
    assert "The article has changed since we checked this claim." in page
    assert '<mark class="claim-quote">order had been restored in Kazakhstan</mark>' in page
    assert "partly" not in page
    with app.app_context():
        article_id = db.session.get(Claim, claim_id).article_id
        assert "partly" in db.session.get(Article, article_id).text
    public_article = auth_free.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "<mark" not in public_article  # the proposed words were never checked: not marked for the public


def test_the_list_issues_a_fixed_number_of_statements(client, app, checker, count_queries):
    for _ in range(3):
        fuzzy_claim(app, checker.id)
    with count_queries() as statements:
        assert client.get("/desk/anchors").status_code == 200
    # the signed-in user, the claims (with claimants), their articles
    assert len(statements) == 3, statements
