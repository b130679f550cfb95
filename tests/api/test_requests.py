"""What every API call refuses, and that a refused call changes nothing."""

import pytest

from tests.api.conftest import API, bearer


@pytest.fixture
def claim(desk):
    return desk.claim(desk.article()["id"])


def test_a_body_that_is_not_json_is_415(desk, claim, unchanged):
    with unchanged():
        response = desk.call("POST", "/articles", data="title=T&text=x",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        no_type = desk.call("PUT", f"/claims/{claim['id']}/verdict", if_match=claim["version"],
                            data='{"rating": "false", "summary": "s"}')
    assert response.status_code == no_type.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize("body", ['{"title": "T", "text": ', "[1, 2]", '"text"', "", "\xff"])
def test_malformed_json_or_a_non_object_is_400(desk, body, unchanged):
    with unchanged():
        response = desk.call("POST", "/articles", data=body, content_type="application/json; charset=utf-8")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


def test_an_unknown_field_is_refused(desk, claim, unchanged):
    with unchanged():
        response = desk.call("PATCH", f"/claims/{claim['id']}", if_match=claim["version"],
                             json={"txet": "Typo"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"txet": response.json["error"]["fields"]["txet"]}


@pytest.mark.parametrize("authorization", [None, "Bearer fc_not-a-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_a_write_without_a_valid_token_is_401(client, authorization, unchanged):
    headers = {"Authorization": authorization} if authorization else {}
    with unchanged():
        response = client.post(f"{API}/articles", json={"title": "T", "text": "Text."}, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_bad_token_is_401_even_for_public_reads(client):
    response = client.get(f"{API}/claims", headers=bearer("fc_wrong"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_fact_checker_cannot_publish(desk, claim, unchanged):
    claim = desk.move(desk.verdict(claim), "in_review", "factchecker")
    with unchanged():
        response = desk.call("POST", f"/claims/{claim['id']}/transitions", if_match=claim["version"],
                             json={"to": "published"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_a_claim_without_a_verdict_cannot_be_submitted(desk, claim, unchanged):
    with unchanged():
        response = desk.call("POST", f"/claims/{claim['id']}/transitions", if_match=claim["version"],
                             json={"to": "in_review"})
        skipping = desk.call("POST", f"/claims/{claim['id']}/transitions", role="editor",
                             if_match=claim["version"], json={"to": "published"})
    assert response.status_code == 422
    assert skipping.status_code == 422 and skipping.json["error"]["code"] == "invalid_transition"


def test_an_unknown_rating_is_refused(desk, claim, unchanged):
    with unchanged():
        response = desk.call("PUT", f"/claims/{claim['id']}/verdict", if_match=claim["version"],
                             json={"rating": "pants-on-fire", "summary": "No."})
        no_summary = desk.call("PUT", f"/claims/{claim['id']}/verdict", if_match=claim["version"],
                               json={"rating": "false"})
    assert response.status_code == 422
    assert "rating" in response.json["error"]["fields"]
    assert no_summary.status_code == 422 and "summary" in no_summary.json["error"]["fields"]


@pytest.mark.parametrize("method, path, body", [
    ("PATCH", "/claims/{id}", {"text": "New text"}),
    ("PUT", "/claims/{id}/verdict", {"rating": "false", "summary": "No."}),
    ("POST", "/claims/{id}/transitions", {"to": "in_review"}),
])
def test_a_claim_write_without_if_match_is_428(desk, claim, method, path, body, unchanged):
    with unchanged():
        response = desk.call(method, path.format(id=claim["id"]), json=body)
    assert response.status_code == 428
    assert response.json["error"]["code"] == "precondition_required"


@pytest.mark.parametrize("method, path, body", [
    ("PATCH", "/claims/{id}", {"text": "New text"}),
    ("PUT", "/claims/{id}/verdict", {"rating": "false", "summary": "No."}),
    ("POST", "/claims/{id}/transitions", {"to": "in_review"}),
])
@pytest.mark.parametrize("stale", ['"{v}"', 'W/"{v}"', "{v}", '"abc"'])
def test_a_claim_write_with_a_stale_if_match_is_412(desk, claim, method, path, body, stale, unchanged):
    claim = desk.verdict(claim)  # the version moves on
    old = stale.format(v=claim["version"] - 1)
    with unchanged():
        response = desk.call(method, path.format(id=claim["id"]), if_match=old, json=body)
    assert response.status_code == 412
    assert response.json["error"]["code"] == "precondition_failed"


def test_a_stale_if_match_on_evidence_is_412_but_it_is_optional(desk, claim, unchanged):
    body = {"url": "https://tass.example/a", "stance": "supports"}
    with unchanged():
        response = desk.call("POST", f"/claims/{claim['id']}/evidence", if_match=claim["version"] + 5, json=body)
    assert response.status_code == 412
    assert desk.call("POST", f"/claims/{claim['id']}/evidence", json=body).status_code == 201


def test_a_write_that_loses_a_race_is_412(desk, claim, app, monkeypatch):
    from factcheck.services.claims import claims as claim_service

    real = claim_service.update_claim.__wrapped__

    def someone_else_saved_first(actor, claim, expected_version=None, **changes):
        from factcheck.extensions import db
        from factcheck.models import Claim
        db.session.execute(db.update(Claim).where(Claim.id == claim.id).values(version=Claim.version + 1))
        return real(actor, claim, expected_version, **changes)

    monkeypatch.setattr(claim_service, "update_claim",
                        claim_service.transactional(someone_else_saved_first))
    response = desk.call("PATCH", f"/claims/{claim['id']}", if_match=claim["version"], json={"text": "Mine"})
    assert response.status_code == 412  # the If-Match named a version that is no longer current
    assert response.json["error"]["code"] == "precondition_failed"


def test_a_missing_claim_is_404(desk, unchanged):
    with unchanged():
        responses = [
            desk.call("GET", "/claims/999"),
            desk.call("PATCH", "/claims/999", if_match=1, json={"text": "x"}),
            desk.call("PUT", "/claims/999/verdict", if_match=1, json={"rating": "false", "summary": "x"}),
            desk.call("POST", "/claims/999/transitions", if_match=1, json={"to": "in_review"}),
            desk.call("POST", "/claims/999/links", json={"target_id": 1, "relation": "supports"}),
            desk.call("GET", "/claims/999/history"),
        ]
    assert [r.status_code for r in responses] == [404] * len(responses)
    assert all(r.json["error"]["code"] == "not_found" for r in responses)


def test_unknown_routes_and_methods_answer_json(desk, client):
    missing = client.get(f"{API}/nothing-here")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    wrong_method = desk.call("DELETE", "/articles")
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"]["code"] == "method_not_allowed"
    assert "POST" in wrong_method.headers["Allow"]
    assert client.get(f"{API}/claims/abc").json["error"]["code"] == "not_found"


def test_bad_list_parameters_are_422(client):
    for query in ("status=secret", "page=0", "per_page=1000", "page=two"):
        response = client.get(f"{API}/claims?{query}")
        assert response.status_code == 422, query


@pytest.mark.parametrize("path", ["/claims/2147483648", "/articles/99999999999999999999", "/sources/2147483648"])
def test_an_id_beyond_any_row_is_404_not_an_error(client, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_nul_characters_and_huge_numbers_are_refused_before_the_database(desk, claim, unchanged):
    with unchanged():
        nul_query = desk.call("GET", "/claims?q=a%00b")
        nul_body = desk.call("PATCH", f"/claims/{claim['id']}", if_match=claim["version"], json={"text": "a\x00b"})
        huge = desk.call("POST", f"/claims/{claim['id']}/links", json={"target_id": 2**40, "relation": "supports"})
    assert nul_query.status_code == nul_body.status_code == huge.status_code == 422
    assert set(nul_body.json["error"]["fields"]) == {"text"}
    assert set(huge.json["error"]["fields"]) == {"target_id"}


def test_a_client_signed_in_on_the_desk_and_sending_a_token_gets_the_etag(desk, claim, auth):
    auth.login_as("editor")  # the same client now sends a session cookie as well as its token
    response = desk.call("GET", f"/claims/{claim['id']}")
    assert response.status_code == 200 and response.headers["ETag"] == f'"{claim["version"]}"'
    assert response.headers["Cache-Control"] == "private, no-store"
    saved = desk.call("PATCH", f"/claims/{claim['id']}", if_match=response.headers["ETag"], json={"text": "Mine"})
    assert saved.status_code == 200 and saved.headers["ETag"] == f'"{claim["version"] + 1}"'
