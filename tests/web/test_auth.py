"""Signing in and out through the real forms."""

import re

import pytest

from factcheck import create_app
from factcheck.extensions import db, limiter
from factcheck.models import User
from tests.conftest import test_config
from tests.factories import make_user


@pytest.fixture
def fact_checker(app):
    with app.app_context():
        return make_user(email="checker@example.org", password="right-password")


def test_login_page_has_fields_labelled_email_and_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert re.search(r'<label[^>]*for="email"[^>]*>Email</label>', page)
    assert re.search(r'<label[^>]*for="password"[^>]*>Password</label>', page)
    assert 'type="password"' in page


def test_login_with_the_right_password_opens_the_desk(auth, client, fact_checker):
    response = auth.login("checker@example.org", "right-password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"
    # Signed in: the login page now sends you on.
    assert client.get("/login").headers["Location"] == "/desk/"


def test_login_ignores_the_case_of_the_email(auth, fact_checker):
    assert auth.login("Checker@Example.ORG", "right-password").status_code == 302


@pytest.mark.parametrize("email, password", [
    ("checker@example.org", "wrong-password"),
    ("nobody@example.org", "right-password"),
])
def test_wrong_credentials_get_one_generic_message_and_keep_the_email(auth, client, fact_checker,
                                                                      email, password):
    response = auth.login(email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Email or password is wrong" in page
    assert f'value="{email}"' in page
    assert password not in page
    assert client.get("/login").status_code == 200  # still signed out


def test_empty_form_is_answered_with_field_errors(client, csrf_token):
    response = client.post("/login", data={"csrf_token": csrf_token(client, "/login")})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page
    assert "Enter your e-mail address." in page


def test_inactive_user_cannot_sign_in(app, auth):
    with app.app_context():
        user = make_user(email="gone@example.org")
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert auth.login("gone@example.org").status_code == 422


def test_login_without_csrf_token_is_refused(client, fact_checker):
    response = client.post("/login", data={"email": "checker@example.org", "password": "right-password"})
    assert response.status_code == 400
    assert client.get("/login").status_code == 200  # not signed in


def test_login_returns_to_a_same_site_next_page(auth, fact_checker):
    response = auth.login("checker@example.org", "right-password", next="/desk/claims/7?tab=evidence")
    assert response.headers["Location"] == "/desk/claims/7?tab=evidence"


@pytest.mark.parametrize("next_url", [
    "//evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "evil.example",
])
def test_login_refuses_to_redirect_off_site(auth, fact_checker, next_url):
    response = auth.login("checker@example.org", "right-password", next=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"


def test_logout_by_get_only_asks_for_confirmation(auth, client):
    auth.login_as("editor")
    response = client.get("/logout")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'method="post"' in page and 'name="csrf_token"' in page
    assert client.get("/login").status_code == 302  # still signed in


def test_logout_without_csrf_token_is_refused(auth, client):
    auth.login_as("editor")
    assert client.post("/logout").status_code == 400
    assert client.get("/login").status_code == 302  # still signed in


def test_logout_with_csrf_token_signs_out(auth, client):
    auth.login_as("editor")
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/login").status_code == 200


def test_signed_in_pages_offer_sign_out_and_signed_out_pages_sign_in(auth, client):
    assert "Sign in" in client.get("/logout").get_data(as_text=True)
    auth.login_as("factchecker")
    page = client.get("/logout").get_data(as_text=True)
    assert 'action="/logout"' in page and "Desk" in page


def test_session_cookie_is_httponly_and_samesite_lax(auth, fact_checker):
    response = auth.login("checker@example.org", "right-password")
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "signing in set no session cookie"
    assert "HttpOnly" in cookies[0]
    assert "SameSite=Lax" in cookies[0]


@pytest.fixture
def rate_limited_client(database_url):
    app = create_app(test_config(database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute"))
    yield app.test_client()
    limiter.enabled = False  # the limiter is shared: leave it as the other test apps expect
    with app.app_context():
        db.engine.dispose()


def test_too_many_sign_in_attempts_get_429_with_a_friendly_message(rate_limited_client, csrf_token):
    client = rate_limited_client
    token = csrf_token(client, "/login")
    form = {"email": "someone@example.org", "password": "guess-guess", "csrf_token": token}
    assert client.post("/login", data=form).status_code == 422
    assert client.post("/login", data=form).status_code == 422
    response = client.post("/login", data=form)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the form is never limited


def test_auth_views_declare_public_access(app):
    assert app.view_functions["auth.login"].access == "public"
    assert app.view_functions["auth.logout"].access == "public"


def test_pages_have_no_inline_script_or_style(client):
    response = client.get("/login")
    page = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page and "<style" not in page
    assert not re.search(r"\son[a-z]+=", page)
