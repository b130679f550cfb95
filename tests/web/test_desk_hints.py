"""Attribution hints on the desk's article page: accepted as a claim or dismissed, with and without htmx."""

import re

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Claim, HintDismissal, User
from factcheck.services.articles.articles import create_article
from factcheck.services.text.attribution import attribution_hints

TEXT = ("Earlier on Friday, Tokayev said order had been restored in Kazakhstan. "
        "According to the Russian news agency TASS, shots were fired late into the night.")
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HTMX = {"HX-Request": "true"}


@pytest.fixture
def checker(auth):
    return auth.login_as("factchecker", name="Farida")


@pytest.fixture
def article_id(app, checker):
    with app.app_context():
        return create_article(db.session.get(User, checker.id), title="Almaty", text=TEXT).id


def post_hint(client, article_id: int, action: str, hint, **headers):
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    token = FORM_TOKEN.search(page).group(1)
    return client.post(f"/desk/articles/{article_id}/hints/{action}", headers=headers,
                       data={"csrf_token": token, "start": hint.start, "end": hint.end})


def test_the_article_page_offers_each_hint_with_its_claimant_and_source(client, article_id):
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert 'id="hints"' in page and "Suggested claims" in page
    assert '<strong class="hint__claimant">Tokayev</strong>' in page
    assert '<span class="hint__source">TASS</span>' in page
    assert page.count('action="/desk/articles/%d/hints/accept"' % article_id) == 2
    assert page.count('action="/desk/articles/%d/hints/dismiss"' % article_id) == 2


def test_accepting_a_hint_makes_a_claim_and_returns_to_the_article(client, app, article_id):
    tass = attribution_hints(TEXT)[1]
    response = post_hint(client, article_id, "accept", tass)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/desk/articles/{article_id}#hints")
    with app.app_context():
        claim = db.session.scalars(select(Claim)).one()
        assert (claim.anchor_start, claim.anchor_end, claim.claimant.name) == (tass.start, tass.end, "TASS")
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "made from the hint" in page
    assert '<span class="hint__source">TASS</span>' not in page and "hint__claimant\">Tokayev" in page


def test_htmx_accepts_and_reloads_the_article_page(client, app, article_id):
    response = post_hint(client, article_id, "accept", attribution_hints(TEXT)[0], **HTMX)
    assert response.status_code == 200 and response.headers["HX-Refresh"] == "true"
    with app.app_context():
        assert db.session.scalar(select(func.count(Claim.id))) == 1


def test_dismissing_a_hint_hides_it_for_good(client, app, article_id):
    tokayev = attribution_hints(TEXT)[0]
    response = post_hint(client, article_id, "dismiss", tokayev)
    assert response.status_code == 303
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "hint__claimant\">Tokayev" not in page and "Hint dismissed" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(HintDismissal.id))) == 1
        assert db.session.scalar(select(func.count(Claim.id))) == 0


def test_htmx_dismisses_by_swapping_the_hints_panel(client, article_id):
    response = post_hint(client, article_id, "dismiss", attribution_hints(TEXT)[1], **HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.lstrip().startswith("<section class=\"card article-hints\" id=\"hints\"")
    assert "<html" not in fragment and "TASS" not in fragment and "Tokayev" in fragment


def test_a_span_that_is_no_hint_is_404_and_changes_nothing(client, app, article_id):
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    token = FORM_TOKEN.search(page).group(1)
    for action in ("accept", "dismiss"):
        for data in ({"start": 0, "end": 7}, {"start": "x"}, {}):
            response = client.post(f"/desk/articles/{article_id}/hints/{action}", data={"csrf_token": token, **data})
            assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Claim.id))) == 0
        assert db.session.scalar(select(func.count(HintDismissal.id))) == 0


def test_hint_actions_need_a_csrf_token(client, article_id):
    hint = attribution_hints(TEXT)[0]
    response = client.post(f"/desk/articles/{article_id}/hints/dismiss", data={"start": hint.start, "end": hint.end})
    assert response.status_code == 400


def test_a_long_article_shows_its_first_hints_and_says_there_are_more(client, app, checker):
    text = " ".join(f"Officials said that {n} more people were detained overnight." for n in range(40))
    with app.app_context():
        article_id = create_article(db.session.get(User, checker.id), title="Detentions", text=text).id
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert page.count('<li class="hint"') == 30
    assert '<span class="desk-count">40</span>' in page and "The first 30 are shown" in page
