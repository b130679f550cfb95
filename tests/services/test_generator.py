"""`flask generate`: synthetic data at scale — counts, valid anchors, determinism, and fixed query counts per page."""

import re

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from factcheck.extensions import db
from factcheck.models import (
    Article, AuditEvent, Claim, Claimant, ClaimLink, Evidence, Source, Verdict, VerdictRevision,
)
from factcheck.cli.generator import GENERATED_PASSWORD, generate


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_generating_makes_about_ten_claims_an_article_with_everything_around_them(app):
    with app.app_context():
        counts = generate(95, seed=7)
        assert count(Claim) == counts.claims == 95
        assert count(Article) == counts.articles == 10
        assert count(Claimant) == counts.claimants >= 20
        assert count(Source) == counts.sources
        assert count(Evidence) >= 2 * 95
        assert count(Verdict) == counts.verdicts and count(VerdictRevision) >= count(Verdict)
        assert count(ClaimLink) == counts.links > 0
        assert count(AuditEvent) == counts.events > 95
        statuses = set(db.session.scalars(select(Claim.status).distinct()))
        assert statuses == {"draft", "in_review", "published"}


def test_every_anchor_is_a_real_span_of_its_article(app):
    with app.app_context():
        generate(60, seed=3)
        for claim in db.session.scalars(select(Claim)):
            text = claim.article.text
            assert text[claim.anchor_start:claim.anchor_end] == claim.anchor_exact
            assert text[:claim.anchor_start].endswith(claim.anchor_prefix)
            assert text[claim.anchor_end:].startswith(claim.anchor_suffix)


def test_published_claims_have_a_verdict_and_a_publication_date(app):
    with app.app_context():
        generate(80, seed=5)
        published = db.session.scalars(select(Claim).where(Claim.status == "published")).all()
        assert published and all(claim.verdict and claim.published_at for claim in published)
        assert all(claim.rating_key == claim.verdict.rating_key for claim in published)
        assert all(claim.published_at >= claim.created_at for claim in published)


def test_the_same_seed_gives_the_same_data(app):
    def snapshot():
        return db.session.execute(select(Claim.text, Claim.status, Claim.anchor_start, Claimant.name)
                                  .join(Claimant).order_by(Claim.id)).all()

    with app.app_context():
        generate(30, seed=11)
        first = snapshot()
    from tests.conftest import clean_database

    clean_database(app)
    with app.app_context():
        generate(30, seed=11)
        assert snapshot() == first


def test_generating_twice_adds_to_the_data(app):
    with app.app_context():
        generate(20, seed=1)
        generate(20, seed=2)
        assert count(Claim) == 40


def test_the_generate_command_reports_what_it_made(runner):
    result = runner.invoke(args=["generate", "--claims", "25", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Generated 25 claims in 3 articles")


# -- every page issues the same number of statements on small and larger data -------------------

def ids_for_pages(app):
    with app.app_context():
        published = db.session.execute(select(Claim.id, Claim.slug).where(Claim.status == "published")
                                       .order_by(Claim.id).limit(1)).one()
        workspace = db.session.scalar(select(Claim.id).join(ClaimLink, ClaimLink.from_claim_id == Claim.id)
                                      .order_by(Claim.id).limit(1))
        article = db.session.scalar(select(Article.id).order_by(Article.id).limit(1))
    return {
        "/desk/": "/desk/",
        "/desk/reports": "/desk/reports?status=all",
        "article report": f"/desk/reports/articles/{article}",
        "workspace": f"/desk/claims/{workspace}",
        "public claim": f"/claims/{published.id}-{published.slug}",
    }


def statements_per_page(app, client, count_queries) -> dict:
    counts = {}
    for name, path in ids_for_pages(app).items():
        client.get(path)  # warm: the first request of an app loads its caches
        app.extensions["rendered_pages"].clear()  # rendered, not the page kept from the last request
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(statements)
    return counts


def test_pages_issue_the_same_number_of_statements_on_small_and_larger_data(app, client, count_queries):
    with app.app_context():
        generate(12, seed=2)
    client.post("/login", data={"email": "editor0@generated.example.org", "password": GENERATED_PASSWORD,
                                "csrf_token": _login_token(client)})
    small = statements_per_page(app, client, count_queries)
    with app.app_context():
        generate(240, seed=9)
    larger = statements_per_page(app, client, count_queries)
    assert small == larger


def _login_token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch):
    """One real hash per run is enough; the real one is slow on purpose."""
    from factcheck.cli import generator

    monkeypatch.setattr(generator, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1000"))


def test_every_generated_verdict_save_is_linked_to_the_revision_it_made(app):
    with app.app_context():
        counts = generate(40, seed=9)
        saves = db.session.execute(select(AuditEvent, VerdictRevision)
                                   .join(VerdictRevision, VerdictRevision.id == AuditEvent.revision_id, isouter=True)
                                   .where(AuditEvent.action == "verdict.set")).all()
        assert len(saves) == counts.revisions > 0
        for event, revision in saves:
            assert revision is not None and revision.claim_id == event.claim_id
            assert (revision.rating_key, revision.summary) == (event.after["rating"], event.after["summary"])
        others = db.session.scalar(select(func.count()).select_from(AuditEvent)
                                   .where(AuditEvent.action != "verdict.set", AuditEvent.revision_id.is_not(None)))
        assert others == 0
