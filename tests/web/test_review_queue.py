"""The desk's review queue: assigning, sending back and publishing claims in batches, with a confirmation."""

import re

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, User
from factcheck.services.claims.workflow import transition
from tests.conftest import AuthActions
from tests.factories import make_article, make_claim, make_user, make_verdict

TEXT = "Alpha rose. Beta fell. Gamma held. Delta doubled."
META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
HTMX = {"HX-Request": "true"}


def token(client) -> str:
    return META_TOKEN.search(client.get("/desk/").get_data(as_text=True)).group(1)


@pytest.fixture
def queue(app):
    """Three claims in review (the second has no verdict problems), made by a fact-checker."""
    with app.app_context():
        checker = make_user("factchecker", name="Farida", email="farida@example.org")
        article = make_article(checker, text=TEXT)
        ids = []
        for exact in ("Alpha rose", "Beta fell", "Gamma held"):
            claim = make_claim(checker, article, exact=exact)
            make_verdict(checker, claim)
            transition(checker, claim, "in_review")
            ids.append(claim.id)
        return ids


def status_of(app, claim_id):
    with app.app_context():
        return db.session.get(Claim, claim_id).status


def test_the_queue_lists_claims_in_review_oldest_first_with_checkboxes_for_editors(client, auth, queue):
    auth.login_as("editor")
    page = client.get("/desk/").get_data(as_text=True)
    positions = [page.index(f'name="claims" value="{claim_id}"') for claim_id in queue]
    assert positions == sorted(positions)
    assert 'action="/desk/review/confirm"' in page


def test_a_fact_checker_sees_the_queue_without_batch_actions(client, auth, queue):
    auth.login_as("factchecker")
    page = client.get("/desk/").get_data(as_text=True)
    assert "Alpha rose" in page and 'name="claims"' not in page


def test_confirming_a_batch_lists_the_claims_and_changes_nothing(client, app, auth, queue):
    auth.login_as("editor")
    response = client.post("/desk/review/confirm", data={
        "csrf_token": token(client), "claims": queue[:2], "action": "publish"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Publish 2 claims?" in page and "Alpha rose" in page and "Beta fell" in page
    assert 'action="/desk/review/apply"' in page
    assert status_of(app, queue[0]) == "in_review"


def test_the_confirmation_is_a_partial_for_htmx(client, auth, queue):
    auth.login_as("editor")
    response = client.post("/desk/review/confirm", headers=HTMX,
                           data={"csrf_token": token(client), "claims": queue[:1], "action": "publish"})
    page = response.get_data(as_text=True)
    assert 'id="review-queue-panel"' in page and "<html" not in page


def test_publishing_a_batch_publishes_each_claim_with_its_own_audit_event(client, app, auth, queue):
    auth.login_as("editor")
    response = client.post("/desk/review/apply", data={
        "csrf_token": token(client), "claims": queue[:2], "action": "publish"})
    assert response.status_code == 302
    assert [status_of(app, i) for i in queue] == ["published", "published", "in_review"]
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.transition",
                                                             AuditEvent.after["status"].as_string() == "published"))
        assert sorted(event.claim_id for event in events) == queue[:2]
    page = client.get("/desk/").get_data(as_text=True)
    assert f"Published 2 claims: #{queue[0]}, #{queue[1]}." in page


def test_a_batch_reports_the_claims_that_failed_and_why(client, app, auth, queue):
    editor = auth.login_as("editor")
    with app.app_context():
        transition(db.session.get(User, editor.id), db.session.get(Claim, queue[1]), "published")
    client.post("/desk/review/apply", data={"csrf_token": token(client), "claims": queue, "action": "publish"})
    assert [status_of(app, i) for i in queue] == ["published"] * 3
    page = client.get("/desk/").get_data(as_text=True)
    assert f"Published 2 claims: #{queue[0]}, #{queue[2]}." in page
    assert f"#{queue[1]} Beta fell — not done: A claim cannot go from published to published." in page


def test_a_claim_changed_since_the_confirmation_is_not_acted_on(client, app, auth, queue):
    auth.login_as("editor")
    client.post("/desk/review/apply", data={"csrf_token": token(client), "claims": [queue[0]],
                                            "action": "publish", f"version-{queue[0]}": "1"})
    assert status_of(app, queue[0]) == "in_review"
    assert f"#{queue[0]} Alpha rose — not done:" in client.get("/desk/").get_data(as_text=True)


def test_sending_back_needs_a_comment_and_the_fact_checker_sees_it(client, app, auth, queue):
    auth.login_as("editor")
    refused = client.post("/desk/review/confirm", data={"csrf_token": token(client), "claims": queue[:1],
                                                        "action": "send_back", "note": " "})
    assert refused.status_code == 422
    assert "A comment for the fact-checker is required." in refused.get_data(as_text=True)
    client.post("/desk/review/apply", data={"csrf_token": token(client), "claims": queue[:1],
                                            "action": "send_back", "note": "Cite the ministry's figure."})
    assert status_of(app, queue[0]) == "draft"
    auth.logout()
    auth.login("farida@example.org")
    page = client.get("/desk/").get_data(as_text=True)
    assert "Sent back:" in page and "Cite the ministry&#39;s figure." in page


def test_assigning_a_batch_puts_the_claims_on_the_assignees_desk(client, app, auth, queue):
    with app.app_context():
        make_user("factchecker", email="dana@example.org", name="Dana")
    auth.login_as("editor")
    client.post("/desk/review/apply", data={"csrf_token": token(client), "claims": queue[1:],
                                            "action": "assign", "assignee": "dana@example.org"})
    with app.app_context():
        assert {db.session.get(Claim, i).assignee.email for i in queue[1:]} == {"dana@example.org"}
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.update",
                                                          AuditEvent.claim_id == queue[1])) is not None
    auth.logout()
    auth.login("dana@example.org")
    my_work = client.get("/desk/").get_data(as_text=True).split('id="my-work"')[1].split("</section>")[0]
    assert "Beta fell" in my_work and "Gamma held" in my_work


def test_each_person_s_desk_lists_their_own_work_though_the_lists_query_is_built_once(app, queue):
    with app.app_context():
        for name, claim_id in (("Dana", queue[0]), ("Emil", queue[1])):
            user = make_user("factchecker", email=f"{name.lower()}@example.org", name=name)
            db.session.get(Claim, claim_id).assignee = user
        db.session.commit()

    clients = {}
    for email in ("dana@example.org", "emil@example.org"):
        clients[email] = app.test_client()
        AuthActions(app, clients[email]).login(email)

    def my_work(email):
        return clients[email].get("/desk/").get_data(as_text=True).split('id="my-work"')[1].split("</section>")[0]

    for _ in range(2):  # each reads the statement the other's request built
        dana, emil = my_work("dana@example.org"), my_work("emil@example.org")
        assert "Alpha rose" in dana and "Beta fell" not in dana
        assert "Beta fell" in emil and "Alpha rose" not in emil


def test_no_ticked_claim_is_answered_beside_the_queue(client, auth, queue):
    auth.login_as("editor")
    response = client.post("/desk/review/confirm", data={"csrf_token": token(client), "action": "publish"})
    assert response.status_code == 422
    assert "Tick at least one claim." in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/desk/review/confirm", "/desk/review/apply"])
def test_a_fact_checker_cannot_batch_publish(client, app, auth, queue, path):
    auth.login_as("factchecker")
    response = client.post(path, data={"csrf_token": token(client), "claims": queue, "action": "publish"})
    assert response.status_code == 403
    assert status_of(app, queue[0]) == "in_review"


def test_a_batch_without_a_csrf_token_is_refused(client, app, auth, queue):
    auth.login_as("editor")
    response = client.post("/desk/review/apply", data={"claims": queue, "action": "publish"})
    assert response.status_code == 400
    assert status_of(app, queue[0]) == "in_review"
