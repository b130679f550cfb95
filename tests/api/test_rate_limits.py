"""Every API call counts against a limit: per token with one, per address without."""

import uuid

import pytest

from factcheck import create_app
from factcheck.extensions import db, limiter
from factcheck.services.accounts.users import create_api_token
from tests.api.conftest import API, bearer
from tests.conftest import clean_database, test_config
from tests.factories import make_user

REDIS = "redis://127.0.0.1:6379"


@pytest.fixture
def limited_app(database_url):
    """Apps with the limiter on and API_RATE_LIMIT low; the limiter is shared, so it is reset after."""
    made = []

    def make(**config):
        app = create_app(test_config(database_url, RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute",
                                     **config))
        made.append(app)
        return app

    yield make
    limiter.reset()
    limiter.enabled = False  # leave it as the other test apps expect
    clean_database(made[0])
    for app in made:
        with app.app_context():
            db.engine.dispose()


def tokens(app, count: int) -> list[str]:
    with app.app_context():
        return [create_api_token(make_user(), "limited") for _ in range(count)]


def test_a_token_over_its_limit_gets_429_with_the_json_error_and_retry_after(limited_app):
    app = limited_app()
    client = app.test_client()
    [token] = tokens(app, 1)
    for _ in range(3):
        assert client.get(f"{API}/claims", headers=bearer(token)).status_code == 200
    response = client.get(f"{API}/claims", headers=bearer(token))
    assert response.status_code == 429
    assert response.json["error"]["code"] == "too_many_requests"
    assert set(response.json["error"]) == {"code", "message", "fields"}
    assert int(response.headers["Retry-After"]) > 0
    # Writes count against the same limit.
    assert client.post(f"{API}/articles", headers=bearer(token), json={}).status_code == 429


def test_each_token_has_its_own_counter_and_anonymous_calls_count_by_address(limited_app):
    app = limited_app()
    client = app.test_client()
    first, second = tokens(app, 2)
    for _ in range(3):
        client.get(f"{API}/claims", headers=bearer(first))
    assert client.get(f"{API}/claims", headers=bearer(first)).status_code == 429
    assert client.get(f"{API}/claims", headers=bearer(second)).status_code == 200
    for _ in range(3):
        assert client.get(f"{API}/claims").status_code == 200
    assert client.get(f"{API}/claims").status_code == 429
    other_address = client.get(f"{API}/claims", environ_overrides={"REMOTE_ADDR": "192.0.2.7"})
    assert other_address.status_code == 200


def test_the_limit_does_not_touch_the_public_pages(limited_app):
    client = limited_app().test_client()
    for _ in range(5):
        assert client.get("/claims").status_code == 200


def test_counters_in_redis_are_shared_between_app_processes(limited_app):
    # Two apps stand for two workers; the counter lives in Redis, not in either of them.
    prefix = f"factcheck-test-{uuid.uuid4().hex}"
    first = limited_app(RATELIMIT_STORAGE_URI=REDIS, RATELIMIT_KEY_PREFIX=prefix)
    [token] = tokens(first, 1)
    for _ in range(2):
        assert first.test_client().get(f"{API}/claims", headers=bearer(token)).status_code == 200
    second = limited_app(RATELIMIT_STORAGE_URI=REDIS, RATELIMIT_KEY_PREFIX=prefix)
    client = second.test_client()
    assert client.get(f"{API}/claims", headers=bearer(token)).status_code == 200
    assert client.get(f"{API}/claims", headers=bearer(token)).status_code == 429
