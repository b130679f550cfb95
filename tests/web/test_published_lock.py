"""Published means locked, on the desk: locked blocks hide their controls and say why, every write to them is
refused (409) for fact-checkers and editors alike, and an editor's reopening shows the correction's impact."""

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, ClaimLink, Evidence
from factcheck.services.claims import evidence as sources, links, workflow
from factcheck.services.claims.corrections import MAX_OPPOSED
from tests.factories import make_article, make_claim, make_user, make_verdict

HTMX = {"HX-Request": "true"}
TEXT = ("The minister said unemployment fell to 4 percent in March. Critics said unemployment rose in March. "
        "The union said wages fell. The bank said wages rose.")


@dataclass
class Desk:
    published: int  # cites `source` (contradicts), linked same-as to `twin` and contradicts `draft`
    twin: int  # published, same-as the published claim
    opposite: int  # published, cites `source` the other way (supports)
    draft: int
    evidence: int
    link: int  # published ↔ draft
    source: int


def _publish(editor, claim):
    workflow.transition(editor, claim, "in_review")
    workflow.transition(editor, claim, "published")


@pytest.fixture
def desk(app) -> Desk:
    with app.app_context():
        editor = make_user("editor")
        article = make_article(editor, text=TEXT)
        made = {key: make_claim(editor, article, exact=exact) for key, exact in (
            ("published", "unemployment fell to 4 percent in March"), ("twin", "The union said wages fell"),
            ("opposite", "unemployment rose in March"), ("draft", "The bank said wages rose"))}
        evidence, _ = sources.cite_source_by_url(editor, made["published"], url="https://stats.example/march",
                                                 title="Labour market, March", stance="contradicts")
        sources.attach_evidence(editor, made["opposite"], source=evidence.source, stance="supports")
        link = links.link_claims(editor, made["published"], made["draft"], "contradicts")
        links.link_claims(editor, made["twin"], made["published"], "same-as")
        for key in ("published", "twin", "opposite"):
            make_verdict(editor, made[key])
            _publish(editor, made[key])
        return Desk(**{key: claim.id for key, claim in made.items()}, evidence=evidence.id, link=link.id,
                    source=evidence.source_id)


def token_of(client, path):
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def post(client, path, data=None, claim_id=None):
    token = token_of(client, f"/desk/claims/{claim_id}" if claim_id else "/desk/")
    return client.post(path, data=data or {}, headers={**HTMX, "X-CSRFToken": token})


def state(app) -> tuple:
    """What the public could see change: claims, evidence, links and verdict revisions, all counted."""
    with app.app_context():
        claims = [tuple(row) for row in db.session.execute(select(Claim.id, Claim.version, Claim.text, Claim.status))]
        evidence = [tuple(row) for row in db.session.execute(
            select(Evidence.id, Evidence.stance, Evidence.quote, Evidence.removed_at))]
        links_ = [tuple(row) for row in db.session.execute(
            select(ClaimLink.id, ClaimLink.relation, ClaimLink.note, ClaimLink.removed_at))]
        events = db.session.scalar(select(func.count(AuditEvent.id)))
        db.session.remove()
    return claims, evidence, links_, events


@pytest.mark.parametrize("role", ["factchecker", "editor"])
def test_the_workspace_of_a_published_claim_hides_every_control_of_what_readers_see(client, auth, desk, role):
    auth.login_as(role)
    html = client.get(f"/desk/claims/{desk.published}").get_data(as_text=True)
    assert "Evidence is locked while the claim is published" in html
    assert "Links are locked while the claim is published" in html
    assert "Add evidence" not in html and "Link another claim" not in html
    for route in ("/evidence/new", f"/evidence/{desk.evidence}/remove", f"/evidence/{desk.evidence}/edit",
                  f"/links/{desk.link}/remove", f"/links/{desk.link}/edit", "/edit", "/verdict/edit"):
        assert f"/desk/claims/{desk.published}{route}" not in html, route
    suggested = client.get(f"/desk/claims/{desk.published}/suggestions", headers=HTMX).get_data(as_text=True)
    assert f"/desk/claims/{desk.published}/links" not in suggested
    assert f"Not linked now: claim {desk.published} is published" in suggested  # the claim citing its source
    # From the draft's end, its link to the published claim is locked too, and says why.
    draft = client.get(f"/desk/claims/{desk.draft}").get_data(as_text=True)
    assert f"Locked: claim {desk.published} at the other end is published" in draft
    assert f"/desk/claims/{desk.draft}/links/{desk.link}/remove" not in draft


@pytest.mark.parametrize("role", ["factchecker", "editor"])
def test_every_desk_write_to_a_published_claim_is_refused(app, client, auth, desk, role):
    auth.login_as(role)
    before = state(app)
    with app.app_context():
        version = db.session.get(Claim, desk.published).version
    writes = [
        ("", {"text": "Changed.", "claimant": "X", "version": version}),
        ("/verdict", {"rating": "true", "summary": "Changed.", "version": version}),
        ("/evidence", {"url": "https://new.example/", "kind": "other", "stance": "supports"}),
        (f"/evidence/{desk.evidence}", {"stance": "supports", "quote": "Changed", "note": ""}),
        (f"/evidence/{desk.evidence}/remove", {}),
        ("/links", {"target": str(desk.draft), "relation": "supports"}),
        (f"/links/{desk.link}", {"relation": "supports", "note": "Changed"}),
        (f"/links/{desk.link}/remove", {}),
    ]
    for suffix, data in writes:
        response = post(client, f"/desk/claims/{desk.published}{suffix}", data, desk.published)
        assert response.status_code == 409, (suffix, response.status_code)
        assert "reopen" in response.get_data(as_text=True), suffix
    # From the draft's side: linking to, unlinking from or editing the link with the published claim.
    for suffix, data in (("/links", {"target_id": str(desk.published), "relation": "supports"}),
                         (f"/links/{desk.link}/remove", {}),
                         (f"/links/{desk.link}", {"relation": "supports", "note": "Changed"})):
        response = post(client, f"/desk/claims/{desk.draft}{suffix}", data, desk.draft)
        assert response.status_code == 409, (suffix, response.status_code)
        assert f"Claim {desk.published} is published" in response.get_data(as_text=True), suffix
    assert state(app) == before


def test_a_removed_row_cannot_be_restored_onto_a_published_claim(app, client, auth, desk):
    editor = auth.login_as("editor")
    with app.app_context():
        claim = db.session.get(Claim, desk.published)
        actor = db.session.get(type(claim.created_by), editor.id)
        workflow.transition(actor, claim, "in_review")
        sources.remove_evidence(actor, claim, sources.get_evidence(claim, desk.evidence))
        workflow.transition(actor, db.session.get(Claim, desk.published), "published", note="Source withdrawn.")
    html = client.get(f"/desk/claims/{desk.published}").get_data(as_text=True)
    assert "Undo removal" not in html
    before = state(app)
    response = post(client, f"/desk/claims/{desk.published}/evidence/{desk.evidence}/restore", {}, desk.published)
    assert response.status_code == 409
    assert state(app) == before


def test_reopening_shows_the_correction_impact_and_unlocks_the_blocks(app, client, auth, desk):
    auth.login_as("editor")
    with app.app_context():
        version = db.session.get(Claim, desk.published).version
    response = post(client, f"/desk/claims/{desk.published}/transitions", {"to": "in_review", "version": version},
                    desk.published)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Reopened for correction" in html
    impact = html[html.index('id="impact-block"'):]
    impact = impact[:impact.index("</section>")]
    assert "Correction impact" in impact
    assert f"Claim {desk.twin}: The union said wages fell" in impact  # same-as
    assert f"Claim {desk.opposite}: unemployment rose in March" in impact  # cites the source the other way
    assert "“Labour market, March”: supports the claim there, contradicts here" in impact
    assert f"Claim {desk.draft}:" not in impact  # a contradicts link carries no correction
    # The evidence and links blocks ride along, unlocked.
    assert f"/desk/claims/{desk.published}/evidence/{desk.evidence}/remove" in html
    page = client.get(f"/desk/claims/{desk.published}").get_data(as_text=True)
    assert 'id="impact-block"' in page and "Correction impact" in page
    untouched = client.get(f"/desk/claims/{desk.draft}").get_data(as_text=True)
    assert "Correction impact" not in untouched


def test_the_correction_impact_reads_three_queries_only_when_a_claim_is_reopened(app, client, auth, desk,
                                                                                 count_queries):
    auth.login_as("editor")

    def statements(claim_id):
        with count_queries() as sent:
            assert client.get(f"/desk/claims/{claim_id}").status_code == 200
        return len(sent)

    published = statements(desk.published)
    with app.app_context():
        claim = db.session.get(Claim, desk.published)
        workflow.transition(claim.created_by, claim, "in_review")
    # the links, the first claims citing its sources the other way, their rows with verdicts
    assert statements(desk.published) == published + 3


def test_a_fact_checker_does_not_assign_on_the_desk(app, client, auth, desk):
    auth.login_as("factchecker")
    html = client.get(f"/desk/claims/{desk.draft}").get_data(as_text=True)
    assert "/assignee" not in html and "editors assign work" in html
    edit = client.get(f"/desk/claims/{desk.draft}/edit", headers=HTMX).get_data(as_text=True)
    assert 'name="assignee"' not in edit
    before = state(app)
    with app.app_context():
        version = db.session.get(Claim, desk.draft).version
    response = post(client, f"/desk/claims/{desk.draft}/assignee", {"assignee": "", "version": version}, desk.draft)
    assert response.status_code == 403
    assert state(app) == before


def test_an_editor_assigns_on_the_desk(app, client, auth, desk):
    auth.login_as("editor")
    html = client.get(f"/desk/claims/{desk.published}").get_data(as_text=True)
    assert f"/desk/claims/{desk.published}/assignee" in html  # assigning is internal: not locked
    with app.app_context():
        claim = db.session.get(Claim, desk.published)
        version, assignee = claim.version, str(claim.assignee_id)
    response = post(client, f"/desk/claims/{desk.published}/assignee",
                    {"assignee": "", "version": version, "original_assignee": assignee}, desk.published)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Claim, desk.published).assignee_id is None


def test_the_correction_impact_lists_the_first_fifty_claims_citing_its_sources_the_other_way(app, client, auth, desk):
    with app.app_context():
        editor = make_user("editor")
        article = make_article(editor, text=TEXT)
        source = db.session.get(Evidence, desk.evidence).source
        others = [make_claim(editor, article, exact="The bank said wages rose") for _ in range(MAX_OPPOSED + 1)]
        for other in others:
            sources.attach_evidence(editor, other, source=source, stance="supports")
        others = [other.id for other in others]
    auth.login_as("editor")
    with app.app_context():
        version = db.session.get(Claim, desk.published).version
    post(client, f"/desk/claims/{desk.published}/transitions", {"to": "in_review", "version": version}, desk.published)
    html = client.get(f"/desk/claims/{desk.published}").get_data(as_text=True)
    impact = html[html.index('id="impact-block"'):]
    impact = impact[:impact.index("</section>")]
    listed = [int(number) for number in re.findall(r">Claim (\d+):", impact) if int(number) != desk.twin]
    assert listed == sorted([desk.opposite, *others])[:MAX_OPPOSED]  # lowest ids first, 50 of 52
    assert f"the first {MAX_OPPOSED} are listed, and each source's page lists them all" in impact
