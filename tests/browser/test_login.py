"""Signing in with a real browser."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_a_fact_checker_signs_in_from_the_login_page(app, page, screenshot):
    with app.app_context():
        make_user(email="checker@example.org", password="demo-password")

    page.goto("/login")
    expect(page).to_have_title("Sign in · factcheck desk")
    screenshot("login")
    page.get_by_label("Email").fill("checker@example.org")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/desk/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot("after-login")


def test_a_wrong_password_is_shown_next_to_the_form(app, page, screenshot):
    with app.app_context():
        make_user(email="checker@example.org", password="demo-password")

    page.goto("/login")
    page.get_by_label("Email").fill("checker@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("Email or password is wrong")
    expect(page.get_by_label("Email")).to_have_value("checker@example.org")
    screenshot("login-wrong-password")
