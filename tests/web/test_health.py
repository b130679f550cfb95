"""Health and failure, for real: /healthz against the real database and Redis, and against ports where
nothing listens (127.0.0.1:1); pages and the API answer 503 when the database is down; rate limiting whose
Redis is down lets requests through with a logged warning."""

import json
import uuid

import pytest

from factcheck import create_app
from factcheck.extensions import db, limiter
from tests.conftest import test_config
from tests.factories import make_user

NOWHERE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/factcheck"
NOWHERE_REDIS = "redis://127.0.0.1:1/0"
REDIS = "redis://127.0.0.1:6379/4"


def database_down_app(**config):
    """An app whose database server is not there (nothing listens on port 1)."""
    return create_app(test_config(NOWHERE_DATABASE, **config))


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_healthz_says_ok_when_the_database_answers_and_no_redis_is_configured(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_checks_the_configured_redis(database_url):
    app = create_app(test_config(database_url, REDIS_URL=REDIS))

    assert app.test_client().get("/healthz").json == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.parametrize("setting", ["REDIS_URL", "RATELIMIT_STORAGE_URI"])
def test_healthz_answers_503_naming_an_unreachable_redis(database_url, setting):
    app = create_app(test_config(database_url, **{setting: NOWHERE_REDIS}))

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "ok", "redis": "unreachable", "failing": ["redis"]}


def test_healthz_answers_503_naming_an_unreachable_database():
    response = database_down_app().test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json["database"] == "unreachable" and response.json["failing"] == ["database"]


@pytest.mark.parametrize("path", ["/", "/claims/1", "/feed.atom", "/claimreview.json", "/claims?q=order"])
def test_public_pages_answer_a_branded_503_when_the_database_is_down(path):
    response = database_down_app().test_client().get(path)

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Temporarily unavailable" in page and 'href="/static/css/app.css"' in page
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"


def test_api_calls_answer_a_json_503_when_the_database_is_down_and_the_reason_is_logged(capsys):
    response = database_down_app().test_client().get("/api/v1/claims")

    assert response.status_code == 503
    assert response.json["error"]["code"] == "service_unavailable"
    [warning] = [line for line in json_lines(capsys.readouterr().out) if line["message"] == "database unavailable"]
    assert warning["level"] == "warning" and warning["path"] == "/api/v1/claims"
    assert warning["error"].startswith("OperationalError: ") and "127.0.0.1" in warning["error"]


def test_signing_in_and_a_signed_in_desk_answer_503_when_the_database_is_down(app, auth, client, csrf_token):
    auth.login_as("editor")
    cookie = client.get_cookie("session").value
    down = database_down_app().test_client()
    down.set_cookie("session", cookie)

    desk = down.get("/desk/")
    stylesheet = down.get("/static/css/app.css")  # the 503 page's own style still comes
    down.delete_cookie("session")
    login = down.post("/login", data={"email": "someone@example.org", "password": "password123",
                                      "csrf_token": csrf_token(down, "/login")})

    assert desk.status_code == 503 and "Temporarily unavailable" in desk.get_data(as_text=True)
    assert stylesheet.status_code == 200
    assert login.status_code == 503


@pytest.fixture
def limiter_off_after():
    yield
    limiter.enabled = False  # the limiter is shared: leave it as the other test apps expect


def test_rate_limits_whose_redis_is_down_let_sign_in_and_the_api_through_with_a_warning(
        database_url, limiter_off_after, capsys, csrf_token):
    app = create_app(test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=NOWHERE_REDIS,
                                 LOGIN_RATE_LIMIT="1 per minute", API_RATE_LIMIT="1 per minute"))
    with app.app_context():
        user = make_user(email=f"limits-{uuid.uuid4().hex[:8]}@example.org")
    clients = [app.test_client() for _ in range(2)]
    tokens = [csrf_token(client, "/login") for client in clients]
    capsys.readouterr()

    signed_in = [client.post("/login", data={"email": user.email, "password": "password123", "csrf_token": token})
                 for client, token in zip(clients, tokens)]
    api = [app.test_client().get("/api/v1/claims") for _ in range(2)]

    assert [r.status_code for r in signed_in] == [302, 302]
    assert [r.status_code for r in api] == [200, 200]
    warnings = [line for line in json_lines(capsys.readouterr().out) if line["logger"] == "flask-limiter"]
    assert warnings and all(line["level"] in ("warning", "error") for line in warnings)
    with app.app_context():
        db.engine.dispose()
