"""Shared fixtures: a migrated test database, the app, its client, and signing in."""

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from factcheck import create_app
from factcheck.editions import renew
from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from tests.factories import make_user

# Rows that the migrations put in and every test relies on.
KEPT_TABLES = {"rating", "alembic_version", "data_edition"}
META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def test_config(database_url: str, **overrides) -> dict:
    """The configuration of every test app: real CSRF, no rate limits unless asked for."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": True,
        "SECRET_KEY": "test",
        "FEED_FOLDER": tempfile.mkdtemp(prefix="factcheck-feeds-"),
        "REDIS_URL": "",  # jobs run on the app's own threads unless a test gives it a queue
        "JOB_RETRY_INTERVALS": "0,0",  # three attempts, without waiting between them
        "CAPTURE_ON_ATTACH": False,  # citing https://example.org/… must not fetch it: capture tests turn it on
        "CAPTURE_FOLDER": tempfile.mkdtemp(prefix="factcheck-captures-"),
        **overrides,
    }


test_config.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The test database, built once per run by the real migrations."""
    url = _database_url(tmp_path_factory)
    app = create_app(test_config(url))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


def clean_database(app: Flask) -> None:
    """Delete every row the tests made; the rating scale and the schema version stay."""
    with app.app_context():
        db.session.remove()
        tables = [table for table in db.metadata.sorted_tables if table.name not in KEPT_TABLES]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                quote = connection.dialect.identifier_preparer.quote
                # Fail loudly rather than hang when a live-server request still holds a lock.
                connection.execute(text("SET LOCAL lock_timeout = '10s'"))
                names = ", ".join(quote(table.name) for table in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    connection.execute(table.delete())
            renew(connection)  # as any write does: pages kept for the old data are not served again


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(test_config(database_url))
    yield app
    wait_for_jobs(app)  # a job still running would write into the next test's data
    clean_database(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def get_csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """GET `path` and return the CSRF token from its <meta name="csrf-token"> (signed-in pages) or from
    its form (the sign-in page: anonymous readers get no token elsewhere)."""
    response = client.get(path)
    html = response.get_data(as_text=True)
    match = META_TOKEN.search(html) or FORM_TOKEN.search(html)
    assert match, f"no CSRF token on {path} (status {response.status_code})"
    return match.group(1)


@pytest.fixture
def csrf_token():
    """csrf_token(client, path="/login") -> the token that page's form would send."""
    return get_csrf_token


class AuthActions:
    """Sign in and out through the real /login and /logout forms."""

    def __init__(self, app: Flask, client: FlaskClient):
        self._app = app
        self._client = client

    def login(self, email: str, password: str = "password123", next: str | None = None):
        path = "/login?" + urlencode({"next": next}) if next else "/login"
        page = self._client.get(path).get_data(as_text=True)
        match = FORM_TOKEN.search(page)
        assert match, "the login form has no CSRF token"
        return self._client.post(path, data={"email": email, "password": password,
                                             "csrf_token": match.group(1)})

    def login_as(self, role: str = "factchecker", **user_fields):
        """Make a user with `role`, sign in as them, and return the user."""
        with self._app.app_context():
            user = make_user(role=role, **user_fields)
        response = self.login(user.email, user_fields.get("password", "password123"))
        assert response.status_code == 302, f"sign-in as {role} failed ({response.status_code})"
        return user

    def logout(self):
        token = get_csrf_token(self._client, "/logout")
        return self._client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture
def count_queries(app: Flask):
    """`with count_queries() as statements:` collects every SQL statement sent meanwhile."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        with app.app_context():
            engine = db.engine
        statements: list[str] = []

        def before_cursor_execute(_conn, _cursor, statement, _parameters, _context, _executemany):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counting
