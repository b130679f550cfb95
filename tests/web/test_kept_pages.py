"""Signed-in pages kept rendered per edition and user: the same page again costs two statements, carries the
asking session's CSRF token, and is rendered afresh after any change, for any other user, or with a flash."""

import re

import pytest

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.services import workflow
from tests.factories import make_claim, make_user, make_verdict

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture
def claim_id(app) -> int:
    with app.app_context():
        return make_claim(make_user("editor"), text="Order has been fully restored in Almaty.").id


def signed_in(auth, role="factchecker", **fields):
    """Sign in, and read the flashed welcome (a page with a flashed message is not kept)."""
    user = auth.login_as(role, **fields)
    page(auth._client, "/desk/")
    return user


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def without_token(html: str) -> str:
    return TOKEN.sub("", html).replace(TOKEN.search(html).group(1), "")


def test_the_same_user_gets_the_same_workspace_again_from_two_statements(app, client, auth, claim_id,
                                                                        count_queries):
    signed_in(auth)
    path = f"/desk/claims/{claim_id}"
    first = page(client, path)
    with count_queries() as statements:
        again = page(client, path)

    assert len(statements) == 2  # the user and the edition
    assert without_token(again) == without_token(first)
    assert "Order has been fully restored in Almaty." in again


def test_a_kept_page_carries_a_token_that_the_session_can_post_with(app, client, auth, claim_id):
    signed_in(auth)
    path = f"/desk/claims/{claim_id}"
    page(client, path)
    token = TOKEN.search(page(client, path)).group(1)  # from the kept page

    saved = client.post(f"/desk/claims/{claim_id}/verdict", headers={"HX-Request": "true", "X-CSRFToken": token},
                        data={"rating": "false", "summary": "Fighting went on.", "version": "1"})

    assert saved.status_code == 200
    assert "\x00" not in page(client, path)


def test_any_change_to_the_data_renders_the_page_again(app, client, auth, claim_id):
    signed_in(auth)
    path = f"/desk/claims/{claim_id}"
    page(client, path)
    with app.app_context():
        db.session.get(Claim, claim_id).text = "Order has been restored, said the president."
        db.session.commit()

    assert "Order has been restored, said the president." in page(client, path)


def test_another_user_never_gets_a_page_kept_for_someone_else(app, auth, claim_id):
    with app.app_context():
        editor = make_user("editor")
        claim = db.session.get(Claim, claim_id)
        make_verdict(editor, claim)
        workflow.transition(editor, claim, "in_review")
    factchecker, editor_client = app.test_client(), app.test_client()
    auth._client = factchecker
    signed_in(auth, "factchecker")
    auth._client = editor_client
    signed_in(auth, "editor")
    path = f"/desk/claims/{claim_id}"

    for _ in range(2):  # rendered, then kept
        assert ">Publish<" not in page(factchecker, path)
        assert ">Publish<" in page(editor_client, path)
    assert len(app.extensions["signed_in_pages"]._pages) == 2


def test_a_page_showing_a_flashed_message_is_not_kept(app, client, auth, claim_id):
    signed_in(auth)
    path = f"/desk/claims/{claim_id}"
    token = TOKEN.search(page(client, path)).group(1)
    client.post(f"/desk/claims/{claim_id}/verdict",
                data={"rating": "false", "summary": "Fighting went on.", "version": "1", "csrf_token": token})

    flashed = page(client, path)
    after = page(client, path)

    assert "Verdict saved." in flashed and "Verdict saved." not in after
    assert flashed != after


def test_a_signed_in_public_claim_page_is_kept_for_that_user_and_never_shared_with_the_public(app, client, auth,
                                                                                            claim_id, count_queries):
    with app.app_context():
        editor = make_user("editor")
        claim = db.session.get(Claim, claim_id)
        make_verdict(editor, claim)
        workflow.transition(editor, claim, "in_review")
        workflow.transition(editor, claim, "published")
        path = f"/claims/{claim.id}-{claim.slug}"
    reader = app.test_client()
    signed_in(auth, "editor")
    page(client, path)
    with count_queries() as statements:
        staff_view = page(client, path)
    public_view = page(reader, path)

    assert len(statements) == 2
    assert 'name="csrf-token"' in staff_view
    assert 'name="csrf-token"' not in public_view and "Sign in" in public_view
