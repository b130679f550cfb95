"""Without a token the API shows published data only: no drafts, notes, e-mail addresses or assignees."""

import json
import re

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Article, Claim, ClaimLink, Evidence, Source, User, Verdict
from factcheck.cli.demo import load_demo
from factcheck.services.core.jobs import create_job
from factcheck.services.accounts.users import find_user
from tests.api.conftest import API

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def demo(app) -> dict:
    """The demo data with a draft assigned to someone, and what the public must never see."""
    from factcheck.services.claims.claims import update_claim

    with app.app_context():
        load_demo()
        draft = db.session.scalar(select(Claim).where(Claim.status != "published").order_by(Claim.id))
        update_claim(find_user("editor@example.org"), draft, assignee="factchecker@example.org")
        published = db.session.scalars(select(Claim).where(Claim.status == "published")).all()
        shown = " ".join(claim.text + " " + (claim.verdict.summary if claim.verdict else "") for claim in published)
        shown += " ".join(claim.article.text for claim in published if claim.article)  # public with its claim
        unpublished = db.session.scalars(select(Claim).where(Claim.status != "published")).all()
        secrets = {claim.text for claim in unpublished}
        secrets |= {claim.verdict.summary for claim in unpublished if claim.verdict}
        secrets |= set(db.session.scalars(select(Evidence.note).where(Evidence.note != "")))
        secrets |= set(db.session.scalars(select(ClaimLink.note).where(ClaimLink.note != "")))
        secrets = {text for text in secrets if text and text not in shown}
        ids = {
            "article_id": list(db.session.scalars(select(Article.id))),
            "claim_id": [claim.id for claim in published + unpublished],
            "source_id": list(db.session.scalars(select(Source.id))),
            "job_id": [create_job(None, "check_links").id],  # staff only: 401 without a token
        }
        assert secrets and db.session.scalar(select(Verdict.claim_id).limit(1))
        assert db.session.scalar(select(User.email).limit(1))
        return {"ids": ids, "secrets": secrets, "published": {claim.id for claim in published}}


def public_get_urls(app, ids: dict) -> list[str]:
    """Every GET route under /api/v1, once for each demo id its path names."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/") or "GET" not in rule.methods:
            continue
        names = sorted(rule.arguments)
        assert len(names) <= 1, f"teach this test the parameters of {rule.rule}"
        if not names:
            urls.extend([rule.rule, rule.rule + "?per_page=100"] if rule.endpoint == "api.list_claims"
                        else [rule.rule])
            continue
        name = names[0]
        assert name in ids, f"teach this test which demo ids {rule.rule} takes ({name})"
        urls.extend(re.sub(r"<[^>]+>", str(value), rule.rule) for value in ids[name])
    return urls


def test_no_public_read_shows_an_email_address_a_draft_or_a_note(app, client, demo):
    urls = public_get_urls(app, demo["ids"])
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 401, 404), url
        body = response.get_data(as_text=True)
        if url.endswith("/openapi.json"):
            continue  # the document describes fields; it holds no data
        assert not EMAIL.search(body), f"{url} shows an e-mail address: {EMAIL.search(body).group(0)}"
        for secret in demo["secrets"]:
            assert secret not in body, f"{url} shows unpublished or internal text: {secret!r}"
        for key in ("assignee", "imported_by", "by_email", "by"):
            assert f'"{key}"' not in body, f"{url} has the internal field {key}"


def test_the_public_list_and_claims_are_published_only(client, demo):
    listed = client.get(f"{API}/claims?per_page=100").json
    assert {item["id"] for item in listed["items"]} == demo["published"]
    assert listed["total"] == len(demo["published"])
    for claim_id in demo["ids"]["claim_id"]:
        expected = 200 if claim_id in demo["published"] else 404
        assert client.get(f"{API}/claims/{claim_id}").status_code == expected


def test_the_public_keeps_the_contract_shape_with_empty_notes(client, desk, demo):
    public = client.get(f"{API}/claims?per_page=100").json["items"]
    rows = [row for claim in public for row in claim["evidence"] + claim["links"]]
    assert rows and all(row["note"] == "" for row in rows)
    staff = desk.call("GET", "/claims?per_page=100&status=published", role="editor").json["items"]
    assert any(row["note"] for claim in staff for row in claim["evidence"] + claim["links"])
