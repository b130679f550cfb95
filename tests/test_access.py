"""Every route declares who may call it, and the declaration is enforced.

A new route fails here until it is added to ACCESS with the level it was given.
"""

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import ROLE_RANK, Article, Claim, ClaimLink, Evidence, Role, Source, User
from factcheck.security import ROLE_FOR_LEVEL
from factcheck.cli.demo import load_demo
from factcheck.services.accounts.users import create_api_token
from tests.factories import make_user

ACCESS = {
    "static": "public",
    "auth.login": "public",
    "auth.logout": "public",
    "public.index": "public",
    "public.claims": "public",
    "public.claim": "public",
    "public.claimant": "public",
    "public.feed": "public",
    "public.claimreview_feed": "public",
    "public.article": "public",
    "public.about": "public",
    "public.corrections": "public",
    "desk.transparency_pages": "admin",
    "desk.edit_transparency_page": "admin",
    "desk.save_transparency_page": "admin",
    "public.capture": "public",
    "public.capture_warc": "public",
    "desk.home": "staff",
    "desk.articles": "staff",
    "desk.new_article": "staff",
    "desk.import_article": "staff",
    "desk.job": "staff",
    "desk.jobs": "staff",
    "desk.article": "staff",
    "desk.set_article_language": "staff",
    "desk.new_claim": "staff",
    "desk.create_article_claim": "staff",
    "desk.claim": "staff",
    "desk.claim_details": "staff",
    "desk.edit_claim": "staff",
    "desk.update_claim": "staff",
    "desk.verdict": "staff",
    "desk.edit_verdict": "staff",
    "desk.save_verdict": "staff",
    "desk.evidence": "staff",
    "desk.add_evidence": "staff",
    "desk.remove_evidence": "staff",
    "desk.claim_links": "staff",
    "desk.add_link": "staff",
    "desk.remove_link": "staff",
    "desk.claim_workflow": "staff",
    "desk.transition_claim": "staff",
    "desk.claim_history": "staff",
    "desk.save_assignee": "editor",
    "desk.preview_verdict": "staff",
    "desk.restore_verdict": "editor",
    "desk.new_evidence": "staff",
    "desk.search_sources": "staff",
    "desk.evidence_row": "staff",
    "desk.edit_evidence_row": "staff",
    "desk.update_evidence_row": "staff",
    "desk.restore_evidence": "staff",
    "desk.new_link": "staff",
    "desk.search_claims": "staff",
    "desk.claimant_names": "staff",
    "desk.link_row": "staff",
    "desk.edit_link_row": "staff",
    "desk.update_link_row": "staff",
    "desk.restore_link": "staff",
    "desk.source": "staff",
    "desk.sources": "staff",
    "desk.merge_source": "editor",
    "desk.snapshot_source": "staff",
    "desk.capture_source": "staff",
    "desk.save_archive_url": "staff",
    "desk.save_publisher_note": "editor",
    "desk.revise_article": "staff",
    "desk.article_revisions": "staff",
    "desk.article_revision": "staff",
    "desk.reimport_article": "staff",
    "api.create_article": "staff",
    "api.get_article": "public",
    "api.update_article": "staff",
    "api.create_claim": "staff",
    "api.list_claims": "public",
    "api.get_claim": "public",
    "api.update_claim": "staff",
    "api.set_verdict": "staff",
    "api.transition_claim": "staff",
    "api.claim_history": "public",
    "api.claim_annotation": "public",
    "api.create_source": "staff",
    "api.get_source": "public",
    "api.get_job_state": "staff",
    "api.attach_evidence": "staff",
    "api.link_claims": "staff",
    "api.openapi": "public",
    "desk.tokens": "staff",
    "desk.create_token": "staff",
    "desk.revoke_token": "staff",
    "api.claim_suggestions": "staff",
    "desk.claim_suggestions": "staff",
    "desk.claim_cluster_map": "staff",
    "api.verdict_report": "editor",
    "desk.confirm_batch": "editor",
    "desk.apply_batch": "editor",
    "desk.reports_page": "editor",
    "desk.reports_csv": "editor",
    "desk.article_report": "editor",
    "api.article_hints": "public",
    "desk.accept_hint": "staff",
    "desk.dismiss_hint": "staff",
    "desk.anchors": "staff",
    "desk.confirm_anchor": "staff",
    "desk.orphan_anchor": "staff",
    "desk.reselect_anchor": "staff",
    "health.healthz": "public",
    "desk.change_password": "staff",
    "desk.account_language": "staff",
    "desk.staff_accounts": "admin",
    "desk.staff_account": "admin",
    "desk.save_account_role": "admin",
    "desk.set_account_password": "admin",
    "desk.disable_account": "admin",
    "desk.enable_account": "admin",
}
ROLES = [None, "factchecker", "editor", "admin"]


def test_every_route_is_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - ACCESS.keys()) == [], "routes missing from the access matrix"
    assert sorted(ACCESS.keys() - endpoints) == [], "the matrix names routes that no longer exist"


def test_every_view_declares_the_access_the_matrix_gives_it(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert getattr(view, "access", None) == ACCESS[endpoint], endpoint


@pytest.fixture
def demo_ids(app):
    """Ids of demo rows to fill every route's arguments with."""
    with app.app_context():
        load_demo()
        claim = db.session.scalars(select(Claim).where(Claim.status == "published").order_by(Claim.id)).first()
        link = db.session.scalars(select(ClaimLink).where(
            (ClaimLink.from_claim_id == claim.id) | (ClaimLink.to_claim_id == claim.id))).first()
        return {
            "claim_id": claim.id,
            "claim_slug": claim.slug,
            "claimant_slug": claim.claimant.slug,
            "article_id": db.session.scalar(select(Article.id)),
            "source_id": db.session.scalar(select(Source.id)),
            "evidence_id": db.session.scalar(select(Evidence.id).where(Evidence.claim_id == claim.id)),
            "link_id": link.id,
            "revision_id": 1,  # the demo has no revisions: 404 is an answer the matrix accepts
            "job_id": 999_999,  # no such job: a 404 (tests/web/test_desk_jobs.py covers whose job is whose)
            "capture_id": 999_999,  # no such capture: a 404 (tests/web/test_captures.py covers who sees which)
            "token_id": 999_999,  # revoking no token: a 404, and the test's own token keeps working
            "user_id": db.session.scalar(select(User.id).order_by(User.id)),  # a demo account, not the test's own
        }


@pytest.fixture(autouse=True)
def no_fetching_of_demo_sources(monkeypatch):
    """The snapshot route would visit a demo source's real URL: refuse instead (no network in tests)."""
    from factcheck.services.library.fetching import FetchError

    def refuse(url, **limits):
        raise FetchError("connection_failed", "Tests do not fetch outside addresses.")

    monkeypatch.setattr("factcheck.services.library.snapshots.fetch", refuse)
    monkeypatch.setattr("factcheck.services.articles.importing.fetch", refuse)  # the desk's "Re-import from URL"
    monkeypatch.setattr("factcheck.services.library.captures.fetch", refuse)  # the source page's "Capture again now"


def _path(rule, ids) -> str:
    values = {name: ids[name] for name in rule.arguments if name in ids}
    if "slug" in rule.arguments:
        values["slug"] = ids["claimant_slug"] if rule.endpoint == "public.claimant" else ids["claim_slug"]
    if rule.endpoint in ("public.about", "desk.edit_transparency_page", "desk.save_transparency_page"):
        values["slug"] = "methodology"
    if "filename" in rule.arguments:
        values["filename"] = "css/app.css"
    return rule.build(values, append_unknown=False)[1]


def _allowed(level: str, role: str | None) -> bool:
    if level == "public":
        return True
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role(ROLE_FOR_LEVEL[level])]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_routes_refuse_whom_they_must_and_admit_whom_they_may(app, client, auth, csrf_token, demo_ids, role):
    token = None
    if role:
        auth.login_as(role)
        with app.app_context():
            token = create_api_token(make_user(role=role), "access test")
    form_token = csrf_token(client, "/" if role else "/login")
    # Signing out last, so that every other route is called signed in.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule)):
        level = ACCESS[rule.endpoint]
        path = _path(rule, demo_ids)
        api = path.startswith("/api/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if api:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                body = {"json": {}} if method != "GET" else {}
                response = client.open(path, method=method, headers=headers, **body)
            else:
                data = {"csrf_token": form_token} if method == "POST" else None
                response = client.open(path, method=method, data=data)
            where = f"{method} {path} as {role or 'anonymous'}: {response.status_code}"
            assert response.status_code < 500, where
            to_login = response.status_code == 302 and "/login" in response.headers.get("Location", "")
            if _allowed(level, role):
                assert response.status_code not in (401, 403) and not to_login, where
            elif api:
                assert response.status_code == (401 if role is None else 403), where
            else:
                assert to_login if role is None else response.status_code == 403, where
