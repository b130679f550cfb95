"""The desk's suggested-links panel and the claim cluster map: fragments, full pages, one-click links."""

import re

import pytest
from sqlalchemy import select, update

from factcheck.extensions import db
from factcheck.models import Claim, ClaimLink
from factcheck.models.types import utcnow
from factcheck.services.claims import workflow
from factcheck.services.claims.claims import create_claim
from factcheck.cli.demo import DEMO_PASSWORD, load_demo
from factcheck.services.accounts.users import find_user

HTMX = {"HX-Request": "true"}
RESTORED = "Order has been restored in Kazakhstan."
KILLED = "26 protesters have been killed."


@pytest.fixture
def demo(app, auth):
    """The demo data, signed in as its fact-checker: {claim text: id}."""
    with app.app_context():
        load_demo()
        claims = {c.text: c.id for c in db.session.scalars(select(Claim))}
    auth.login("factchecker@example.org", DEMO_PASSWORD)
    return claims


@pytest.fixture
def unlinked(app, demo):
    with app.app_context():
        db.session.execute(update(ClaimLink).values(removed_at=utcnow()))
        db.session.commit()
    return demo


def token_of(client, path):
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def test_the_workspace_loads_the_suggestions_lazily(client, demo):
    html = client.get(f"/desk/claims/{demo[RESTORED]}").get_data(as_text=True)
    panel = re.search(r'<section id="suggestions-block".*?</section>', html, re.S).group(0)
    assert f'data-hx-get="/desk/claims/{demo[RESTORED]}/suggestions"' in panel and 'data-hx-trigger="load"' in panel
    assert f'href="/desk/claims/{demo[RESTORED]}/suggestions"' in panel  # without JavaScript: a link


def test_htmx_gets_the_panel_and_a_browser_the_page(client, unlinked):
    path = f"/desk/claims/{unlinked[RESTORED]}/suggestions"
    fragment = client.get(path, headers=HTMX).get_data(as_text=True)
    assert "<html" not in fragment
    assert "There was fighting in Almaty on Friday morning." in fragment
    assert "same source cited with the opposite stance" in fragment.lower()
    assert 'data-hx-trigger="load"' not in fragment  # the loaded panel does not load itself again
    page = client.get(path).get_data(as_text=True)
    assert "<html" in page and "Suggested links for claim" in page and "data-hx-post" not in page


def test_each_suggestion_links_in_one_click(app, client, unlinked):
    restored, fighting = unlinked[RESTORED], unlinked["There was fighting in Almaty on Friday morning."]
    with app.app_context():  # reopened for correction: a published claim's links are locked
        workflow.transition(find_user("editor@example.org"), db.session.get(Claim, restored), "in_review")
    fragment = client.get(f"/desk/claims/{restored}/suggestions", headers=HTMX).get_data(as_text=True)
    form = re.search(rf'<form class="suggestion__form".*?name="target_id" value="{fighting}".*?</form>', fragment, re.S)
    assert form and f'action="/desk/claims/{restored}/links"' in form.group(0)
    assert [v for v in re.findall(r'name="relation" value="([^"]+)"', form.group(0))] == [
        "contradicts", "same-as", "supports"]

    token = token_of(client, f"/desk/claims/{restored}")
    response = client.post(f"/desk/claims/{restored}/links",
                           data={"csrf_token": token, "target_id": str(fighting), "relation": "contradicts"})
    assert response.status_code == 302
    after = client.get(f"/desk/claims/{restored}/suggestions", headers=HTMX).get_data(as_text=True)
    assert f'name="target_id" value="{fighting}"' not in after


def test_a_published_claim_offers_no_one_click_link(client, unlinked):
    fragment = client.get(f"/desk/claims/{unlinked[RESTORED]}/suggestions", headers=HTMX).get_data(as_text=True)
    assert '<form class="suggestion__form"' not in fragment
    assert f"Not linked now: claim {unlinked[RESTORED]} is published" in fragment


def test_a_claim_with_nothing_related_says_so(app, client, auth):
    user = auth.login_as("factchecker")
    with app.app_context():
        claim = create_claim(find_user(user.email), text="Quokkas smile.")
        claim_id = claim.id
    html = client.get(f"/desk/claims/{claim_id}/suggestions", headers=HTMX).get_data(as_text=True)
    assert "No unlinked claims look related." in html


def test_the_cluster_map_is_an_accessible_svg_and_a_list(client, demo):
    html = client.get(f"/desk/claims/{demo[RESTORED]}/cluster").get_data(as_text=True)
    svg = re.search(r"<svg class=\"cluster-svg\".*?</svg>", html, re.S).group(0)
    assert 'aria-labelledby="cluster-title"' in svg and "<title" in svg and "<desc" in svg
    assert 'role="img"' not in svg  # an image has no links inside; this map has one per claim
    assert svg.count('class="edge edge--contradicts') == 2
    assert "Shots were fired late into" in svg and "#cf222e" in svg  # False is red
    listing = re.search(r'<ol class="cluster-claims".*?</ol>\s*</section>', html, re.S).group(0)
    assert "There was fighting in Almaty on Friday morning." in listing and "Contradicts" in listing


def test_the_casualty_figures_contradict_each_other_on_the_map(client, demo):
    html = client.get(f"/desk/claims/{demo[KILLED]}/cluster").get_data(as_text=True)
    assert "Dozens of attackers have been eliminated." in html and "edge--contradicts" in html


def test_the_timeline_orders_the_claims_by_when_they_were_made(app, client, demo):
    with app.app_context():
        from datetime import UTC, datetime
        for day, text in ((9, RESTORED), (8, "There was fighting in Almaty on Friday morning.")):
            db.session.execute(update(Claim).where(Claim.text == text)
                               .values(claimed_at=datetime(2022, 1, day, tzinfo=UTC)))
        db.session.commit()
    html = client.get(f"/desk/claims/{demo[RESTORED]}/cluster?view=timeline").get_data(as_text=True)
    assert "<svg class=\"cluster-svg\"" not in html and 'class="cluster-claims timeline"' in html
    assert html.index("There was fighting in Almaty") < html.index(f">{RESTORED}<")
    fragment = client.get(f"/desk/claims/{demo[RESTORED]}/cluster?view=timeline", headers=HTMX)
    assert "<html" not in fragment.get_data(as_text=True)


def test_claim_text_is_escaped_in_the_svg(app, client, auth):
    user = auth.login_as("factchecker")
    with app.app_context():
        claim = create_claim(find_user(user.email), text="<script>alert(1)</script> & more")
        claim_id = claim.id
    html = client.get(f"/desk/claims/{claim_id}/cluster").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_the_cluster_takes_the_same_queries_for_small_and_large_clusters(app, client, demo, count_queries):
    counts = []
    for text in ("Dozens of attackers have been eliminated.", RESTORED):
        path = f"/desk/claims/{demo[text]}/cluster"
        client.get(path)
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
