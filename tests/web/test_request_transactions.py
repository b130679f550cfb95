"""How a request's transaction ends: what it did not save is never kept, and on PostgreSQL a read ends
with a commit, so psycopg keeps its prepared statements and the server skips planning them again."""

import pytest
from sqlalchemy import select, text, update

from factcheck.extensions import db
from factcheck.models import Claim
from tests.factories import make_claim, make_user


@pytest.fixture
def claim_id(app) -> int:
    with app.app_context():
        return make_claim(make_user("editor")).id


def saved_text(app, claim_id: int) -> str:
    with app.app_context():
        return db.session.scalar(select(Claim.text).where(Claim.id == claim_id))


def test_a_change_left_unsaved_at_the_end_of_a_request_is_not_kept(app, claim_id):
    before = saved_text(app, claim_id)
    with app.test_request_context("/"):
        db.session.get(Claim, claim_id).text = "Changed in memory, never saved."
    assert saved_text(app, claim_id) == before


def test_a_write_sent_but_not_committed_is_not_kept(app, claim_id):
    before = saved_text(app, claim_id)
    with app.test_request_context("/"):
        db.session.execute(update(Claim).where(Claim.id == claim_id).values(text="Sent, never committed."))
    assert saved_text(app, claim_id) == before


def test_a_request_that_failed_keeps_nothing(app, claim_id):
    before = saved_text(app, claim_id)
    context = app.test_request_context("/")
    context.push()
    db.session.get(Claim, claim_id).text = "Changed before an error."
    db.session.flush()
    context.pop(ValueError("the view failed"))
    assert saved_text(app, claim_id) == before


def test_on_postgresql_repeated_reads_run_as_prepared_statements(app, client, claim_id, auth):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are psycopg's")
    auth.login_as("editor")
    with app.app_context():
        db.engine.dispose()  # from here on one connection serves every request and this check
    for _ in range(7):
        assert client.get(f"/desk/claims/{claim_id}").status_code == 200
    with app.app_context():
        prepared = db.session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
        db.session.rollback()
    assert any("FROM claim" in statement for statement in prepared), prepared
