"""Serving in production: the public base URL (required, and never the Host header when set), proxies,
HSTS, and one JSON log line per request with its request id."""

import json
import re
import uuid
from pathlib import Path

import pytest

from factcheck import create_app
from factcheck.config import ConfigError, load_config
from factcheck.extensions import db, limiter
from factcheck.cli.demo import load_demo
from factcheck.web import stored
from tests.conftest import test_config

PRODUCTION = {"FACTCHECK_ENV": "production", "SECRET_KEY": "s" * 40, "PUBLIC_BASE_URL": "https://checks.example.org"}


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """load_config(...) with these environment variables (and nothing else of ours)."""
    def configured(**variables):
        for name in ("FACTCHECK_ENV", "SECRET_KEY", "PUBLIC_BASE_URL", "PROXY_HOPS", "HSTS_MAX_AGE", "DATABASE_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return load_config(tmp_path)
    return configured


def test_production_refuses_to_start_without_a_public_base_url(environment):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        environment(FACTCHECK_ENV="production", SECRET_KEY="s" * 40)
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        environment(**{**PRODUCTION, "PUBLIC_BASE_URL": "checks.example.org/"})
    assert environment(**PRODUCTION)["PUBLIC_BASE_URL"] == "https://checks.example.org/"


@pytest.mark.parametrize("name", ["PROXY_HOPS", "HSTS_MAX_AGE"])
def test_a_count_that_is_not_a_whole_number_is_refused(environment, name):
    with pytest.raises(ConfigError, match=name):
        environment(**{name: "two"})


def test_absolute_urls_come_from_the_public_base_url_never_from_the_host_header(database_url):
    app = create_app(test_config(database_url, PUBLIC_BASE_URL="https://checks.example.org/"))
    with app.app_context():
        load_demo()
    client = app.test_client()

    pages = [client.get(path, headers={"Host": "evil.example"}) for path in ("/", "/feed.atom", "/claimreview.json")]
    claim_path = re.search(r'href="(/claims/\d+-[^"]+)"', pages[0].get_data(as_text=True)).group(1)
    claim = client.get(claim_path, headers={"Host": "evil.example"}).get_data(as_text=True)

    assert f'<link rel="canonical" href="https://checks.example.org{claim_path}">' in claim
    assert '"url": "https://checks.example.org/claims/' in claim or '"url":"https://checks.example.org/claims/' in claim
    for text in [claim, *(page.get_data(as_text=True) for page in pages[1:])]:
        assert "evil.example" not in text and "https://checks.example.org/claims/" in text


def test_without_a_public_base_url_the_datafeed_is_written_once_whatever_the_host(app, client):
    with app.app_context():
        load_demo()
    first = client.get("/claimreview.json", headers={"Host": "one.example"}).get_data(as_text=True)
    second = client.get("/claimreview.json", headers={"Host": "two.example"}).get_data(as_text=True)

    assert "http://one.example/claims/" in first and "two.example" not in first
    assert "http://two.example/claims/" in second and "one.example" not in second
    assert json.loads(first.replace("one.example", "two.example")) == json.loads(second)
    assert len(list(Path(app.config["FEED_FOLDER"]).glob("claimreview-*.json"))) == 1


@pytest.mark.parametrize("chunk", [1, 5, 7, 64 * 1024])
def test_the_stand_in_root_is_replaced_across_chunk_boundaries(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(stored, "CHUNK_BYTES", chunk)
    document = tmp_path / "feed.json"
    stand_in = stored.STAND_IN_ROOT
    document.write_text(json.dumps({"a": f"{stand_in}claims/1", "b": [f"{stand_in}x", "http://public"]}))

    sent = b"".join(stored.with_root(document, 'http://h"st/')).decode()

    assert json.loads(sent) == {"a": 'http://h"st/claims/1', "b": ['http://h"st/x', "http://public"]}


def test_production_sends_hsts_and_development_does_not(database_url):
    production = create_app(test_config(database_url, FACTCHECK_ENV="production", HSTS_MAX_AGE=31536000))
    development = create_app(test_config(database_url))

    assert production.test_client().get("/login").headers["Strict-Transport-Security"] == \
        "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in development.test_client().get("/login").headers


@pytest.fixture
def login_limited(database_url):
    def make(hops: int):
        app = create_app(test_config(database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute",
                                     PROXY_HOPS=hops, RATELIMIT_KEY_PREFIX=uuid.uuid4().hex))
        return app
    yield make
    limiter.reset()
    limiter.enabled = False


def sign_in_attempts(app, forwarded_for: str, count: int) -> list[int]:
    from tests.conftest import get_csrf_token

    statuses = []
    for _ in range(count):
        client = app.test_client()
        token = get_csrf_token(client, "/login")
        statuses.append(client.post("/login", headers={"X-Forwarded-For": forwarded_for},
                                    data={"email": "who@example.org", "password": "guess-guess",
                                          "csrf_token": token}).status_code)
    return statuses


def test_behind_a_proxy_the_login_limit_counts_per_client_address(login_limited):
    app = login_limited(1)

    assert sign_in_attempts(app, "203.0.113.7", 3) == [422, 422, 429]
    assert sign_in_attempts(app, "198.51.100.9", 2) == [422, 422]  # another client, another bucket


def test_without_proxy_hops_a_forwarded_address_is_not_believed(login_limited):
    app = login_limited(0)

    assert sign_in_attempts(app, "203.0.113.7", 2) == [422, 422]
    assert sign_in_attempts(app, "198.51.100.9", 1) == [429]  # the same (real) address, whatever it claims


def test_each_request_logs_one_json_line_and_keeps_its_request_id(app, client, auth, capsys):
    user = auth.login_as("editor")
    capsys.readouterr()

    kept = client.get("/desk/", headers={"X-Request-ID": "edge-1234.abc"})
    made = client.get("/nowhere", headers={"X-Request-ID": "bad id with spaces"})

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["message"] == "request"]
    assert kept.headers["X-Request-ID"] == "edge-1234.abc"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    assert [(r["request_id"], r["user_id"], r["method"], r["path"], r["status"]) for r in requests] == [
        ("edge-1234.abc", user.id, "GET", "/desk/", 200),
        (made.headers["X-Request-ID"], user.id, "GET", "/nowhere", 404),
    ]
    assert all(isinstance(r["duration_ms"], float) and r["duration_ms"] >= 0 for r in requests)
    with app.app_context():
        db.session.remove()
