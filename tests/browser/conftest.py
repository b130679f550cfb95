"""A live server on the test database and Debian's Chromium driven by Playwright."""

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from sqlalchemy import select

from factcheck import ROOT, create_app
from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Claim
from factcheck.cli.demo import DEMO_PASSWORD, load_demo
from tests.conftest import clean_database, test_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


class InFlight:
    """WSGI middleware counting the requests the app is handling, so a test's clean-up can wait for the last
    one: a request the browser sent just before the test ended must not hold table locks while TRUNCATE runs.
    Flask has ended a request's database work when it returns the response (no response here is streamed)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            return self.app(environ, start_response)
        finally:
            with self.idle:
                self.count -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        with self.idle:
            while self.count and (left := deadline - time.monotonic()) > 0:
                self.idle.wait(left)
            if self.count:
                pytest.fail(f"The live server still handled {self.count} request(s) after {timeout} s", pytrace=False)


@dataclass
class LiveServer:
    app: Flask
    url: str
    in_flight: InFlight


@pytest.fixture(scope="session")
def live_server(database_url: str) -> Iterator[LiveServer]:
    """The app served over HTTP on a free port of 127.0.0.1, in a background thread."""
    app = create_app(test_config(database_url))
    in_flight = InFlight(app)
    server = make_server("127.0.0.1", 0, in_flight, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}", in_flight=in_flight)
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(live_server: LiveServer) -> Flask:
    """Browser tests read and write through the app that serves the browser (cleaned up below)."""
    return live_server.app


@pytest.fixture(autouse=True)
def _clean_after_browser_test(live_server: LiveServer) -> Iterator[None]:
    """Browser tests write through the live server, so clean up through it too, once the requests the
    browser sent last have been answered (TRUNCATE while one still reads could deadlock with it)."""
    yield
    live_server.in_flight.wait_until_idle()
    wait_for_jobs(live_server.app)
    clean_database(live_server.app)


def _launch_failure(reason: str) -> None:
    required = os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1"
    pytest.fail(
        f"Browser tests need Debian's Chromium at {CHROMIUM}: {reason}. "
        "Run `bash scripts/test`, which installs it (apt-get install chromium)"
        + (" (FACTCHECK_REQUIRE_BROWSER=1)." if required else "."),
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        _launch_failure("it is not installed")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except PlaywrightError as error:
        playwright.stop()
        _launch_failure(f"it failed to start ({str(error).splitlines()[0]})")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def new_page(browser, live_server: LiveServer, **options):
    """A page in a fresh browser context (no cookies) whose relative URLs go to the live server; `options`
    are the context's (java_script_enabled, bypass_csp…). Close its context when done."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(20_000)  # a loaded 2-core CI machine has taken over 10 s to answer an htmx fetch
    return context.new_page()


@pytest.fixture
def page(browser, live_server: LiveServer, request):
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    page = new_page(browser, live_server)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
    page.context.close()


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login page and wait for the desk."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/")


@pytest.fixture
def draft_claim(live_server) -> int:
    """The demo's draft claim ("twenty thousand bandits"): one evidence row, no links."""
    with live_server.app.app_context():
        load_demo()
        return db.session.scalar(select(Claim.id).where(Claim.status == "draft").order_by(Claim.id))


@pytest.fixture
def screenshot(page):
    """screenshot(name) saves test-artifacts/<name>.png of the whole page and returns its path."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
