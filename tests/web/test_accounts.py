"""Sessions end on the server: signing out, a new password and disabling end every session (a copied cookie
opens nothing) and a new password or disabling revokes the API tokens; admins manage accounts on the desk;
passwords are hashed with argon2id and older hashes are replaced at sign-in."""

import re

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from factcheck.extensions import db
from factcheck.models import AuditEvent, User
from factcheck.services.accounts.users import create_api_token
from tests.conftest import get_csrf_token
from tests.factories import make_user


def post(client, path, data):
    return client.post(path, data={"csrf_token": get_csrf_token(client, "/desk/"), **data})


def copy_of_session(app, client):
    """A second client holding the very session cookie `client` has now."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def opens_the_desk(client) -> bool:
    return client.get("/desk/").status_code == 200


def stored(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_desk(app, client, auth):
    auth.login_as("editor")
    thief = copy_of_session(app, client)
    assert opens_the_desk(thief)

    auth.logout()

    response = thief.get("/desk/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not opens_the_desk(client)


def test_signing_out_writes_no_new_edition_of_the_public_data(app, client, auth):
    from factcheck.editions import read_edition

    auth.login_as("editor")
    with app.app_context():
        before = read_edition()
    auth.logout()
    with app.app_context():
        assert read_edition() == before


def test_a_new_password_keeps_this_session_and_ends_the_others_and_the_tokens(app, client, auth):
    user = auth.login_as("factchecker", password="old-password")
    other = copy_of_session(app, client)
    with app.app_context():
        token = create_api_token(db.session.get(User, user.id), "cms")

    response = post(client, "/desk/account/password", {"current_password": "old-password",
                                                       "new_password": "new-password-1",
                                                       "confirm": "new-password-1"})

    assert response.status_code == 302
    assert opens_the_desk(client)
    assert not opens_the_desk(other)
    assert client.get("/api/v1/claims?status=draft", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    fresh = app.test_client()
    assert auth.__class__(app, fresh).login(user.email, "old-password").status_code == 422
    assert auth.__class__(app, fresh).login(user.email, "new-password-1").status_code == 302


@pytest.mark.parametrize("fields, message", [
    ({"current_password": "wrong-password", "new_password": "new-password-1", "confirm": "new-password-1"},
     "That is not your current password."),
    ({"current_password": "old-password", "new_password": "short", "confirm": "short"}, "Use 8 to 1024 characters."),
    ({"current_password": "old-password", "new_password": "new-password-1", "confirm": "other-password"},
     "The two new passwords differ."),
])
def test_a_refused_password_change_says_why_and_changes_nothing(app, client, auth, fields, message):
    user = auth.login_as("factchecker", password="old-password")
    before = stored(app, user.id)

    response = post(client, "/desk/account/password", fields)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    after = stored(app, user.id)
    assert (after.password_hash, after.session_version) == (before.password_hash, before.session_version)
    assert opens_the_desk(client)


def test_an_admin_disables_an_account_which_ends_its_sessions_and_tokens_and_enables_it_again(app, client, auth):
    with app.app_context():
        checker = make_user("factchecker")
        token = create_api_token(checker, "script")
        checker = stored(app, checker.id)
    checker_client = app.test_client()
    auth.__class__(app, checker_client).login(checker.email)
    assert opens_the_desk(checker_client)
    auth.login_as("admin")

    disabled = post(client, f"/desk/users/{checker.id}/disable", {})

    assert disabled.status_code == 302
    assert not opens_the_desk(checker_client)
    assert client.get("/api/v1/claims", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert auth.__class__(app, app.test_client()).login(checker.email).status_code == 422
    assert "Disabled" in client.get("/desk/users").get_data(as_text=True)

    post(client, f"/desk/users/{checker.id}/enable", {})

    assert auth.__class__(app, app.test_client()).login(checker.email).status_code == 302
    assert client.get("/api/v1/claims", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "user",
                                                                     AuditEvent.entity_id == checker.id)).all()
    assert {"user.disable", "user.enable"} <= set(actions)


def test_an_admin_sets_a_password_and_a_role(app, client, auth):
    with app.app_context():
        checker = make_user("factchecker", password="their-password")
    auth.login_as("admin")

    assert post(client, f"/desk/users/{checker.id}/password", {"password": "given-password"}).status_code == 302
    assert post(client, f"/desk/users/{checker.id}/role", {"role": "editor"}).status_code == 302

    assert stored(app, checker.id).role == "editor"
    assert auth.__class__(app, app.test_client()).login(checker.email, "given-password").status_code == 302
    page = client.get(f"/desk/users/{checker.id}").get_data(as_text=True)
    assert "Editor" in page and checker.email in page


def test_an_admin_cannot_disable_their_own_account_nor_give_a_bad_role_or_short_password(app, client, auth):
    admin = auth.login_as("admin")
    with app.app_context():
        checker = make_user("factchecker")

    assert post(client, f"/desk/users/{admin.id}/disable", {}).status_code == 422
    assert post(client, f"/desk/users/{checker.id}/role", {"role": "owner"}).status_code == 422
    assert post(client, f"/desk/users/{checker.id}/password", {"password": "short"}).status_code == 422
    assert client.get("/desk/users/999999").status_code == 404
    assert stored(app, admin.id).active and stored(app, checker.id).role == "factchecker"


def test_editors_do_not_see_the_users_page_nor_its_link(client, auth):
    auth.login_as("editor")

    assert client.get("/desk/users").status_code == 403
    assert 'href="/desk/users"' not in client.get("/desk/").get_data(as_text=True)


def test_new_passwords_are_argon2id_at_owasps_parameters(app):
    with app.app_context():
        user = make_user()

    assert re.fullmatch(r"\$argon2id\$v=19\$m=19456,t=2,p=1\$.+", user.password_hash)


@pytest.mark.parametrize("method", ["scrypt:32768:8:1", "pbkdf2:sha256:600000"])
def test_an_older_hash_still_signs_in_and_is_replaced_by_argon2id(app, auth, method):
    with app.app_context():
        user_id = make_user(password="kept-password").id
        db.session.get(User, user_id).password_hash = generate_password_hash("kept-password", method=method)
        db.session.commit()
    user = stored(app, user_id)

    assert auth.login(user.email, "kept-password").status_code == 302

    upgraded = stored(app, user.id).password_hash
    assert upgraded.startswith("$argon2id$")
    assert auth.__class__(app, app.test_client()).login(user.email, "kept-password").status_code == 302
