"""New versions of an article from the desk: re-anchoring claims, the list of versions, readable diffs."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from factcheck.config import MAX_ARTICLE_CHARS
from factcheck.extensions import db
from factcheck.i18n import kept_words
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Article, ArticleRevision, Claim, User
from factcheck.services.claims import workflow
from factcheck.services.articles.articles import create_article, update_article
from factcheck.services.claims.claims import create_claim
from factcheck.services.claims.verdicts import set_verdict
from tests.factories import make_user

TEXT = (
    "Tokayev said order had been restored in Kazakhstan. "
    "TASS reported that shots were fired late into the night. "
    "Officials said 26 attackers were killed."
)
EDITED = (
    "Tokayev said order had been partly restored in Kazakhstan. "
    "Officials said 26 attackers were killed. "
    "TASS reported that shots were fired late into the night."
)
QUOTES = ("order had been restored", "shots were fired late into the night", "26 attackers were killed")
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HTMX = {"HX-Request": "true"}


def form_token(client, path: str) -> str:
    match = FORM_TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token in a form on {path}"
    return match.group(1)


@pytest.fixture
def checker(auth):
    return auth.login_as("factchecker", name="Farida")


@pytest.fixture
def article_id(app, checker):
    with app.app_context():
        actor = db.session.get(User, checker.id)
        article = create_article(actor, title="Violence continues in Almaty", text=TEXT)
        for quote in QUOTES:
            create_claim(actor, article=article, claimant="TASS",
                         selector={"type": "TextQuoteSelector", "exact": quote})
        return article.id


def article_state(app, article_id: int) -> tuple[str, int, list]:
    with app.app_context():
        article = db.session.get(Article, article_id)
        revisions = db.session.scalar(select(func.count()).select_from(ArticleRevision))
        anchors = [(c.anchor_start, c.anchor_end, c.anchor_status) for c in
                   db.session.scalars(select(Claim).order_by(Claim.id))]
        return article.text, revisions, anchors


def revise(client, article_id: int, text: str, **headers):
    path = f"/desk/articles/{article_id}/revise"
    return client.post(path, data={"csrf_token": form_token(client, path), "text": text}, headers=headers)


def test_signed_out_visitors_are_sent_to_login(client):
    for path in ("/desk/articles/1/revise", "/desk/articles/1/revisions", "/desk/articles/1/revisions/1"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_revise_form_holds_the_current_text(client, article_id):
    page = client.get(f"/desk/articles/{article_id}/revise").get_data(as_text=True)
    assert '<textarea class="field__input revise__text"' in page
    assert TEXT in page


def test_a_new_version_reanchors_every_claim_and_shows_where_each_went(client, app, article_id):
    response = revise(client, article_id, EDITED)
    assert response.status_code == 303
    assert re.search(rf"/desk/articles/{article_id}/revisions/\d+$", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Where each claim is now" in page
    assert re.search(r"anchor-badge--fuzzy[^>]*>Fuzzy \d+%", page)
    assert "anchor-badge--moved" in page and "Moved from" in page
    assert "<ins>" in page and "partly" in page
    text, revisions, anchors = article_state(app, article_id)
    assert text == EDITED and revisions == 1
    with app.app_context():
        for claim in db.session.scalars(select(Claim)):
            assert claim.anchor_status != "orphaned"
            if claim.anchor_status == "fuzzy":  # a proposal in the new text; the anchor keeps the old words
                assert TEXT[claim.anchor_start:claim.anchor_end] == claim.anchor_exact
                assert "partly" in EDITED[claim.anchor_proposed_start:claim.anchor_proposed_end]
            else:
                assert EDITED[claim.anchor_start:claim.anchor_end] == claim.anchor_exact
                assert claim.anchor_proposed_start is None


def test_the_diff_shows_removed_and_added_words_and_the_claims_each_change_touched(client, article_id):
    location = revise(client, article_id, TEXT.replace("26 attackers", "dozens of attackers")).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "<del>26</del><ins>dozens of</ins>" in page
    change = page[page.index('id="change-1"'):]
    assert "Touches 1 claim" in change
    assert "26 attackers were killed</a>" in change
    assert "1 change</strong>" in page and "1 claim touched" in page


def test_an_orphaned_claim_is_badged_and_not_highlighted_on_the_article_page(client, app, article_id):
    revise(client, article_id, "Tokayev said order had been restored in Kazakhstan. Nothing else happened.")
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert page.count("anchor-badge--orphaned") == 2
    assert page.count('<mark class="claim-quote"') == 1
    with app.app_context():
        orphans = db.session.scalars(select(Claim).where(Claim.anchor_status == "orphaned")).all()
        assert {claim.anchor_exact for claim in orphans} == set(QUOTES[1:])  # the old anchors are kept


def test_the_versions_list_links_each_revision(client, article_id):
    revise(client, article_id, EDITED)
    revise(client, article_id, TEXT)
    page = client.get(f"/desk/articles/{article_id}/revisions").get_data(as_text=True)
    assert page.count(f'href="/desk/articles/{article_id}/revisions/') == 2
    assert "Version 2" in page and "Version 1" in page and "by Farida" in page


def test_an_older_revision_is_compared_with_the_version_after_it(client, app, article_id):
    revise(client, article_id, EDITED)
    revise(client, article_id, EDITED + " Later addition.")
    with app.app_context():
        first = db.session.scalars(select(ArticleRevision).order_by(ArticleRevision.id)).first().id
    page = client.get(f"/desk/articles/{article_id}/revisions/{first}").get_data(as_text=True)
    assert "partly" in page and "Later addition" not in page
    assert "Where each claim is now" not in page  # only the latest version re-anchored the claims as they are


def test_htmx_gets_the_diff_fragment_and_a_plain_request_the_page(client, app, article_id):
    location = revise(client, article_id, EDITED).headers["Location"]
    fragment = client.get(location, headers=HTMX).get_data(as_text=True)
    assert "<html" not in fragment and 'class="revision"' in fragment
    page = client.get(location).get_data(as_text=True)
    assert "<html" in page and 'class="revision"' in page


def test_an_unknown_revision_is_not_found(client, article_id):
    assert client.get(f"/desk/articles/{article_id}/revisions/999").status_code == 404
    assert client.get("/desk/articles/999/revisions").status_code == 404


def test_the_same_text_again_stores_no_revision(client, app, article_id):
    response = revise(client, article_id, TEXT)
    assert response.status_code == 303 and response.headers["Location"] == f"/desk/articles/{article_id}"
    assert article_state(app, article_id)[1] == 0


def test_a_new_version_without_a_csrf_token_is_refused_and_changes_nothing(client, app, article_id):
    before = article_state(app, article_id)
    response = client.post(f"/desk/articles/{article_id}/revise", data={"text": EDITED})
    assert response.status_code == 400
    assert article_state(app, article_id) == before


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_text_is_refused_with_422_and_changes_nothing(client, app, article_id, text):
    before = article_state(app, article_id)
    response = revise(client, article_id, text)
    assert response.status_code == 422
    assert "field--invalid" in response.get_data(as_text=True)
    assert article_state(app, article_id) == before


def test_an_oversized_text_is_refused_with_413_and_changes_nothing(client, app, article_id):
    before = article_state(app, article_id)
    response = revise(client, article_id, "a" * (MAX_ARTICLE_CHARS + 1))
    assert response.status_code == 413
    assert "At most 1,000,000 characters." in response.get_data(as_text=True)
    assert article_state(app, article_id) == before


def test_the_article_page_links_to_the_new_version_form_and_the_versions(client, article_id):
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert f'href="/desk/articles/{article_id}/revise"' in page
    assert f'href="/desk/articles/{article_id}/revisions"' in page
    assert "js/selection.js" in page and 'id="selection-panel"' in page
    assert 'data-claim-url="/desk/claims/' in page


def test_the_claim_workspace_shows_how_the_claim_is_anchored(client, app, article_id):
    revise(client, article_id, EDITED)
    with app.app_context():
        fuzzy = db.session.scalar(select(Claim).where(Claim.anchor_status == "fuzzy"))
        claim_id, reason = fuzzy.id, kept_words(fuzzy.anchor_reason)
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert re.search(r">Fuzzy \d+%<", page)
    assert reason.startswith("the quote was edited: the passage found is ")
    assert str(escape(reason[:1].upper() + reason[1:] + ".")) in page


def test_the_public_page_says_when_the_article_changed_after_publication(client, app):
    with app.app_context():
        editor = make_user("editor")
        article = create_article(editor, title="Minister defends record", text=TEXT)
        claim = create_claim(editor, article=article, claimant="TASS",
                             selector={"type": "TextQuoteSelector", "exact": QUOTES[2]})
        set_verdict(editor, claim, rating="false", summary="Fewer.")
        workflow.transition(editor, claim, "in_review")
        workflow.transition(editor, claim, "published")
        path, editor_id, article_id = f"/claims/{claim.id}-{claim.slug}", editor.id, article.id
    assert "was edited after this fact-check" not in client.get(path).get_data(as_text=True)
    with app.app_context():
        update_article(db.session.get(User, editor_id), db.session.get(Article, article_id), text=EDITED)
    page = client.get(path).get_data(as_text=True)
    assert "The article was edited after this fact-check was published on" in page


def fetched_page(url: str, text: str):
    from datetime import UTC, datetime

    from factcheck.services.library.fetching import Fetched
    body = text.encode()
    return Fetched(url=url, status=200, content_type="text/plain", charset="utf-8", body=body,
                   sha256="0" * 64, fetched_at=datetime.now(UTC))


@pytest.fixture
def article_with_url(app, article_id):
    with app.app_context():
        article = db.session.get(Article, article_id)
        update_article(article.imported_by, article, url="https://news.example/almaty")
    return article_id


def test_re_importing_the_url_makes_a_new_version(client, app, monkeypatch, article_with_url):
    from factcheck.services.articles import importing
    monkeypatch.setattr(importing, "fetch", lambda url, **limits: fetched_page(url, EDITED))
    page = client.get(f"/desk/articles/{article_with_url}/revise").get_data(as_text=True)
    assert "Re-import from URL" in page
    token = form_token(client, f"/desk/articles/{article_with_url}/revise")
    response = client.post(f"/desk/articles/{article_with_url}/reimport", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].startswith("/desk/jobs/")
    wait_for_jobs(app)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "See what changed" in page and f"/desk/articles/{article_with_url}/revisions/" in page
    text, revisions, _ = article_state(app, article_with_url)
    assert revisions == 1 and "partly restored" in text


def test_a_failed_re_import_says_why_and_changes_nothing(client, app, monkeypatch, article_with_url):
    from factcheck.services.articles import importing
    from factcheck.services.library.fetching import FetchError

    def refuse(url, **limits):
        raise FetchError("timeout", "news.example did not answer within 10 seconds.")

    monkeypatch.setattr(importing, "fetch", refuse)
    before = article_state(app, article_with_url)
    token = form_token(client, f"/desk/articles/{article_with_url}/revise")
    response = client.post(f"/desk/articles/{article_with_url}/reimport", data={"csrf_token": token})
    wait_for_jobs(app)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # A timeout may pass: the job tried three times (tests wait 0 s between attempts), then said why.
    assert ("The page could not be fetched again: news.example did not answer within 10 seconds "
            "(tried 3 times).") in page
    assert article_state(app, article_with_url) == before


def test_an_article_without_a_url_offers_no_re_import(client, article_id):
    assert "Re-import from URL" not in client.get(f"/desk/articles/{article_id}/revise").get_data(as_text=True)
