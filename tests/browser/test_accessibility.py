"""axe-core on every public page and the main desk pages: no WCAG 2.1 A/AA or best-practice violations.

axe-core comes from the npm registry (`npm pack axe-core`, see tests/browser/vendor/axe-core/VERSION)
and is injected by Playwright; the context bypasses the page's CSP for that injection only.
"""

from pathlib import Path

import pytest
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, ClaimStatus
from factcheck.services.claims import workflow
from factcheck.cli.demo import CLAIMS, DEMO_PASSWORD, load_demo
from factcheck.services.core.jobs import create_job
from factcheck.services.site.transparency import KINDS
from factcheck.services.accounts.users import find_user
from tests.browser.conftest import new_page, sign_in
from tests.factories import make_capture, revise_demo_article

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def axe_page(browser, live_server):
    """A page whose context lets Playwright add axe-core despite the app's strict CSP."""
    page = new_page(browser, live_server, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def demo_paths(live_server) -> dict:
    with live_server.app.app_context():
        load_demo()
        restored = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["restored"][1]))
        draft = db.session.scalar(select(Claim).where(Claim.status != ClaimStatus.PUBLISHED))
        corrected = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["killed"][1]))
        reopened = db.session.scalar(select(Claim).where(Claim.text == CLAIMS["shots"][1]))
        workflow.transition(find_user("editor@example.org"), reopened, "in_review")  # shows its correction impact
        job = create_job(find_user("editor@example.org"), "import_url", url="https://news.example/a")
        cited = restored.evidence[0].source
        capture = make_capture(cited, ["Witnesses spoke of gunfire through the night.",
                                       *[row.quote for row in restored.evidence if row.source_id == cited.id]],
                               title=cited.title or "Source")
        return {
            "corrected": f"/claims/{corrected.id}-{corrected.slug}",
            "desk_reopened_claim": f"/desk/claims/{reopened.id}",
            "capture": f"/captures/{capture.id}",
            "claim": f"/claims/{restored.id}-{restored.slug}",
            "claimant": f"/claimants/{restored.claimant.slug}",
            "article": f"/articles/{restored.article_id}",
            "desk_article": f"/desk/articles/{restored.article_id}",
            "desk_claim": f"/desk/claims/{draft.id}",
            "desk_published_claim": f"/desk/claims/{restored.id}",
            "desk_more": [f"/desk/claims/{draft.id}/evidence/new", f"/desk/claims/{draft.id}/links/new",
                          f"/desk/claims/{restored.id}/cluster", f"/desk/claims/{draft.id}?history=all",
                          "/desk/articles", "/desk/articles/new", "/desk/articles/import", "/desk/sources",
                          f"/desk/sources/{restored.evidence[0].source_id}", "/desk/reports",
                          f"/desk/reports/articles/{restored.article_id}", "/desk/tokens",
                          "/desk/claimants/names?claimant=tok", "/desk/jobs", f"/desk/jobs/{job.id}",
                          f"/desk/claims/{draft.id}/edit", f"/desk/claims/{draft.id}/verdict/edit",
                          f"/desk/articles/{restored.article_id}/claims/new?start=0&end=40",
                          "/desk/account/password", "/desk/account/language"],
            "admin": ["/desk/users", f"/desk/users/{restored.created_by_id}"],
        }


def axe_violations(page, path: str) -> list[str]:
    page.goto(path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{path}: {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def test_public_pages_have_no_axe_violations(axe_page, demo_paths):
    paths = ["/", "/claims", "/claims?q=troops", "/claims?q=nothing-matches-this", demo_paths["claim"],
             demo_paths["claimant"], demo_paths["article"], "/login", demo_paths["corrected"], "/corrections",
             demo_paths["capture"], *(f"/about/{slug}" for slug in KINDS)]

    violations = [v for path in paths for v in axe_violations(axe_page, path)]

    assert violations == []


def test_desk_pages_have_no_axe_violations(axe_page, demo_paths):
    sign_in(axe_page, "editor@example.org")
    paths = ["/desk/", demo_paths["desk_article"], demo_paths["desk_claim"], demo_paths["desk_published_claim"],
             demo_paths["desk_reopened_claim"], *demo_paths["desk_more"]]

    violations = [v for path in paths for v in axe_violations(axe_page, path)]

    assert violations == []


def test_russian_pages_have_no_axe_violations(browser, live_server, demo_paths):
    """The public and desk pages with the interface in Russian (the browser's locale is ru-RU)."""
    page = new_page(browser, live_server, bypass_csp=True, locale="ru-RU")
    public = ["/", "/claims?q=troops", demo_paths["claim"], demo_paths["claimant"], demo_paths["article"], "/login",
              demo_paths["corrected"], demo_paths["capture"]]
    violations = [v for path in public for v in axe_violations(page, path)]
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto("/login")
    page.get_by_label("Электронная почта").fill("editor@example.org")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/desk/")
    desk = ["/desk/", demo_paths["desk_article"], demo_paths["desk_claim"], demo_paths["desk_published_claim"],
            *demo_paths["desk_more"]]
    violations += [v for path in desk for v in axe_violations(page, path)]
    page.context.close()

    assert violations == []


def test_admin_pages_have_no_axe_violations(axe_page, demo_paths):
    sign_in(axe_page, "admin@example.org")
    paths = ["/desk/about", *(f"/desk/about/{slug}" for slug in KINDS), *demo_paths["admin"]]

    violations = [v for path in paths for v in axe_violations(axe_page, path)]

    assert violations == []


def test_the_pages_of_changed_quotes_have_no_axe_violations(axe_page, live_server):
    with live_server.app.app_context():
        load_demo()
        ids = revise_demo_article()
        published = db.session.get(Claim, ids["published"])
        public_claim, article = f"/claims/{published.id}-{published.slug}", published.article_id
    violations = axe_violations(axe_page, public_claim)
    sign_in(axe_page, "editor@example.org")
    for path in ("/desk/anchors", "/desk/", f"/desk/claims/{ids['draft']}/anchor/reselect",
                 f"/desk/articles/{article}", f"/desk/claims/{ids['draft']}"):
        violations += axe_violations(axe_page, path)
    assert violations == []


def test_the_russian_pages_have_no_axe_violations(axe_page, live_server, demo_paths):
    """The desk page of a Russian article (its language select, its text in lang="ru") and its public claim."""
    from tests.factories import publish_russian_claim

    with live_server.app.app_context():
        ids = publish_russian_claim()
    violations = axe_violations(axe_page, f"/claims/{ids['claim']}-{ids['slug']}")
    sign_in(axe_page, "editor@example.org")
    violations += axe_violations(axe_page, f"/desk/articles/{ids['article']}")

    assert violations == []
