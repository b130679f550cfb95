"""API tokens in the desk: staff make and revoke their own, an admin sees and revokes everybody's."""

import re

from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import ApiToken, AuditEvent
from factcheck.services.accounts.users import create_api_token, list_tokens, revoke_token
from tests.factories import make_user

TOKEN = re.compile(r'value="(fc_[A-Za-z0-9_-]+)"')


def create(client, csrf_token, name: str):
    return client.post("/desk/tokens", data={"name": name, "csrf_token": csrf_token(client, "/desk/tokens")})


def test_signed_out_visitors_are_sent_to_login(client):
    assert client.get("/desk/tokens").headers["Location"].startswith("/login")


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(app, auth, client, csrf_token):
    auth.login_as("factchecker")
    response = create(client, csrf_token, "CMS importer")
    page = response.get_data(as_text=True)
    assert response.status_code == 201
    assert "no-store" in response.headers["Cache-Control"]
    plain = TOKEN.search(page).group(1)
    assert "shown only this once" in page and "CMS importer" in page
    assert plain not in client.get("/desk/tokens").get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.name == "CMS importer" and plain not in stored.token_hash
    assert client.get("/api/v1/claims?status=draft", headers={"Authorization": f"Bearer {plain}"}).status_code == 200


def test_a_token_needs_a_name(auth, client, csrf_token):
    auth.login_as("factchecker")
    response = create(client, csrf_token, "  ")
    assert response.status_code == 422
    assert "Name the token" in response.get_data(as_text=True)


def test_the_list_shows_name_created_last_use_and_state(app, auth, client, csrf_token):
    auth.login_as("factchecker")
    plain = TOKEN.search(create(client, csrf_token, "Newsletter").get_data(as_text=True)).group(1)
    assert "Never" in client.get("/desk/tokens").get_data(as_text=True)
    client.get("/api/v1/claims", headers={"Authorization": f"Bearer {plain}"})
    page = client.get("/desk/tokens").get_data(as_text=True)
    assert "Newsletter" in page and "Never" not in page and "Active" in page
    assert page.count("<time") == 2  # created and last used


def test_staff_revoke_their_own_token_and_it_stops_working(app, auth, client, csrf_token):
    user = auth.login_as("factchecker")
    plain = TOKEN.search(create(client, csrf_token, "Old script").get_data(as_text=True)).group(1)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/desk/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/desk/tokens")})
    assert response.status_code == 302
    page = client.get("/desk/tokens").get_data(as_text=True)
    assert "is revoked" in page and "Revoked" in page
    assert client.get("/api/v1/claims", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke"))
        assert event.actor_id == user.id


def test_revoking_needs_the_csrf_token(app, auth, client, csrf_token):
    auth.login_as("factchecker")
    create(client, csrf_token, "Kept")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    assert client.post(f"/desk/tokens/{token_id}/revoke").status_code == 400
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


def test_staff_see_only_their_own_tokens_and_cannot_revoke_others(app, auth, client, csrf_token):
    with app.app_context():
        other = make_user(email="someone-else@example.org")
        create_api_token(other, "Someone else's")
        other_id = db.session.scalar(select(ApiToken.id))
    auth.login_as("editor")
    page = client.get("/desk/tokens").get_data(as_text=True)
    assert "Someone else" not in page and "Your tokens" in page
    response = client.post(f"/desk/tokens/{other_id}/revoke", data={"csrf_token": csrf_token(client, "/desk/tokens")})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, other_id).revoked_at is None


def test_an_admin_sees_and_revokes_everybodys_tokens(app, auth, client, csrf_token):
    with app.app_context():
        other = make_user(email="holder@example.org")
        create_api_token(other, "Partner feed")
        other_id = db.session.scalar(select(ApiToken.id))
    auth.login_as("admin")
    page = client.get("/desk/tokens").get_data(as_text=True)
    assert "Everybody&#39;s tokens" in page or "Everybody's tokens" in page
    assert "Partner feed" in page and "holder@example.org" in page
    client.post(f"/desk/tokens/{other_id}/revoke", data={"csrf_token": csrf_token(client, "/desk/tokens")})
    with app.app_context():
        assert db.session.get(ApiToken, other_id).revoked_at is not None


def test_the_services_list_by_holder_and_revoke_once(app):
    with app.app_context():
        holder, admin = make_user(), make_user(role="admin")
        create_api_token(holder, "one")
        create_api_token(admin, "two")
        assert [token.name for token in list_tokens(holder)] == ["one"]
        assert {token.name for token in list_tokens()} == {"one", "two"}
        token_id = list_tokens(holder)[0].id
        first = revoke_token(admin, token_id).revoked_at
        assert revoke_token(holder, token_id).revoked_at == first  # a second revocation changes nothing
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "token.revoke")).all()
        assert len(events) == 1


def test_signed_in_staff_see_the_api_tokens_link(auth, client):
    assert "API tokens" not in client.get("/claims").get_data(as_text=True)
    auth.login_as("factchecker")
    assert 'href="/desk/tokens">API tokens' in client.get("/desk/").get_data(as_text=True)
