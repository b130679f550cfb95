"""Published means locked, through the API: nothing the public reads changes until an editor reopens the claim,
and republishing shows a correction that lists what changed; the public history holds no drafts."""

import json

import pytest

from tests.api.conftest import RESTORED, SHOTS

ROLES = ["factchecker", "editor"]


@pytest.fixture
def published(desk):
    """A published claim citing one source and linked to a draft claim: (published, draft, source id)."""
    article = desk.article()
    claim = desk.claim(article["id"], RESTORED)
    other = desk.claim(article["id"], SHOTS)
    source = desk.call("POST", "/sources", json={"url": "https://tass.example/shots", "title": "Shots overnight"}).json
    assert desk.call("POST", f"/claims/{claim['id']}/evidence",
                     json={"source_id": source["id"], "stance": "contradicts"}).status_code == 201
    assert desk.call("POST", f"/claims/{claim['id']}/links",
                     json={"target_id": other["id"], "relation": "contradicts"}).status_code == 201
    claim = desk.call("GET", f"/claims/{claim['id']}").json
    claim = desk.move(desk.move(desk.verdict(claim), "in_review", "factchecker"), "published", "editor")
    return claim, other, source["id"]


def _refused_as_locked(response, claim_id: int):
    assert response.status_code == 409, response.json
    error = response.json["error"]
    assert error["code"] == "claim_published"
    assert f"Claim {claim_id} is published" in error["message"] and "reopen" in error["message"]
    assert set(error) == {"code", "message", "fields"}


@pytest.mark.parametrize("role", ROLES)
def test_a_published_claims_text_claimant_and_verdict_are_locked(desk, published, unchanged, role):
    claim, _, _ = published
    with unchanged():
        for body in ({"text": "Changed."}, {"claimant": "Somebody else"}, {"claimed_at": "2022-01-01"}):
            _refused_as_locked(desk.call("PATCH", f"/claims/{claim['id']}", role=role, if_match=claim["version"],
                                         json=body), claim["id"])
        _refused_as_locked(desk.call("PUT", f"/claims/{claim['id']}/verdict", role=role, if_match=claim["version"],
                                     json={"rating": "true", "summary": "Changed."}), claim["id"])


@pytest.mark.parametrize("role", ROLES)
def test_evidence_cannot_be_added_to_a_published_claim(desk, published, unchanged, role):
    claim, _, source_id = published
    with unchanged():
        _refused_as_locked(desk.call("POST", f"/claims/{claim['id']}/evidence", role=role,
                                     json={"source_id": source_id, "stance": "supports"}), claim["id"])
        # By URL, a new source is not stored either: the refusal comes first.
        _refused_as_locked(desk.call("POST", f"/claims/{claim['id']}/evidence", role=role,
                                     json={"url": "https://new.example/", "stance": "supports"}), claim["id"])


@pytest.mark.parametrize("role", ROLES)
def test_links_touching_a_published_claim_are_locked_from_either_end(desk, published, unchanged, role):
    claim, other, _ = published
    third = desk.claim(desk.article()["id"])
    with unchanged():
        _refused_as_locked(desk.call("POST", f"/claims/{claim['id']}/links", role=role,
                                     json={"target_id": third["id"], "relation": "supports"}), claim["id"])
        # From a draft to the published claim: the link would show on the published claim's page too.
        _refused_as_locked(desk.call("POST", f"/claims/{other['id']}/links", role=role,
                                     json={"target_id": claim["id"], "relation": "supports"}), claim["id"])


def test_assigning_is_an_editors_action_even_on_a_published_claim(desk, published, unchanged):
    claim, _, _ = published
    with unchanged():
        refused = desk.call("PATCH", f"/claims/{claim['id']}", role="factchecker", if_match=claim["version"],
                            json={"assignee": None})
        assert refused.status_code == 403
        assert refused.json["error"]["code"] == "forbidden"
        assert "editor" in refused.json["error"]["message"]
    assigned = desk.call("PATCH", f"/claims/{claim['id']}", role="editor", if_match=claim["version"],
                         json={"assignee": None})
    assert assigned.status_code == 200 and assigned.json["assignee"] is None  # internal: not locked


def test_a_fact_checker_cannot_reopen_a_published_claim(desk, published, unchanged):
    claim, _, _ = published
    with unchanged():
        response = desk.call("POST", f"/claims/{claim['id']}/transitions", role="factchecker",
                             if_match=claim["version"], json={"to": "in_review"})
        assert response.status_code == 403


def test_after_reopening_everything_changes_and_the_correction_lists_what(desk, client, published):
    claim, other, source_id = published
    claim = desk.move(claim, "in_review", "editor")
    assert desk.call("POST", f"/claims/{claim['id']}/evidence", role="factchecker",
                     json={"url": "https://wire.example/fighting", "stance": "contradicts"}).status_code == 201
    third = desk.claim(desk.article()["id"])
    assert desk.call("POST", f"/claims/{third['id']}/links",
                     json={"target_id": claim["id"], "relation": "updates"}).status_code == 201
    claim = desk.call("GET", f"/claims/{claim['id']}").json
    claim = desk.verdict(claim, "mostly-false", role="factchecker")
    no_note = desk.call("POST", f"/claims/{claim['id']}/transitions", role="editor", if_match=claim["version"],
                        json={"to": "published"})
    assert no_note.status_code == 422 and "note" in no_note.json["error"]["fields"]
    desk.move(claim, "published", "editor", note="The shooting went on later than we said.")

    history = client.get(f"/api/v1/claims/{claim['id']}/history").json
    correction = [entry for entry in history if entry["type"] == "correction"][-1]
    assert correction["note"] == "The shooting went on later than we said."
    assert correction["changes"] == [
        "Verdict changed from False to Mostly false.",
        "Source added: “https://wire.example/fighting” (contradicts).",
        f"Related claim added: updated by claim {third['id']}.",
    ]
    page = client.get(f"/claims/{claim['id']}", follow_redirects=True).get_data(as_text=True)
    assert "Verdict changed from False to Mostly false." in page and "The shooting went on later" in page


def test_the_public_history_shows_published_states_and_corrections_never_drafts(desk, client):
    claim = desk.claim(desk.article()["id"])
    for summary in ("DRAFT-ONE first thoughts", "PUBLISHED-ONE as published"):
        claim = desk.call("PUT", f"/claims/{claim['id']}/verdict", if_match=claim["version"],
                          json={"rating": "false", "summary": summary, "note": "INTERNAL-NOTE for the desk"}).json
    claim = desk.move(desk.move(claim, "in_review", "factchecker", note="INTERNAL-SUBMIT note"), "published", "editor")
    claim = desk.move(claim, "in_review", "editor", note="INTERNAL-REOPEN note")
    for summary in ("DRAFT-TWO half way", "PUBLISHED-TWO corrected"):
        claim = desk.call("PUT", f"/claims/{claim['id']}/verdict", role="editor", if_match=claim["version"],
                          json={"rating": "mostly-false", "summary": summary}).json
    desk.move(claim, "published", "editor", note="PUBLIC-CORRECTION note")

    public = client.get(f"/api/v1/claims/{claim['id']}/history")
    text = json.dumps(public.json)
    assert "DRAFT-" not in text and "INTERNAL-" not in text
    assert [(e["type"], e.get("summary") or e.get("to") or e.get("note")) for e in public.json] == [
        ("verdict_revision", "PUBLISHED-ONE as published"), ("transition", "published"),
        ("verdict_revision", "PUBLISHED-TWO corrected"), ("correction", "PUBLIC-CORRECTION note"),
        ("transition", "published"),
    ]
    assert public.json[2]["previous"]["summary"] == "PUBLISHED-ONE as published"  # not the draft before it
    staff = desk.call("GET", f"/claims/{claim['id']}/history").json
    staff_text = json.dumps(staff)
    assert "DRAFT-ONE" in staff_text and "DRAFT-TWO" in staff_text and "INTERNAL-REOPEN" in staff_text
    page = client.get(f"/claims/{claim['id']}", follow_redirects=True).get_data(as_text=True)
    assert "DRAFT-" not in page and "INTERNAL-" not in page and "PUBLIC-CORRECTION note" in page


def test_the_public_history_of_a_claim_reopened_now_holds_no_work_in_progress(desk, client):
    claim = desk.published_claim(desk.article()["id"])
    claim = desk.move(claim, "in_review", "editor")
    desk.call("PUT", f"/claims/{claim['id']}/verdict", role="editor", if_match=claim["version"],
              json={"rating": "true", "summary": "WORK-IN-PROGRESS"})
    # Reopened, the claim is not public at all until it is republished.
    assert client.get(f"/api/v1/claims/{claim['id']}/history").status_code == 404


def test_an_article_edit_re_anchors_a_published_claim_the_lock_does_not_refuse_it(desk, client):
    article = desk.article()
    claim = desk.published_claim(article["id"])
    added = "A paragraph added by the outlet.\n\n"
    response = desk.call("PATCH", f"/articles/{article['id']}", json={"text": added + article["text"]})
    assert response.status_code == 200, response.json
    moved = client.get(f"/api/v1/claims/{claim['id']}").json
    assert moved["status"] == "published" and moved["anchor_status"] == "moved"
    assert moved["anchor"]["start"] == claim["anchor"]["start"] + len(added)
    assert moved["anchor"]["exact"] == RESTORED
