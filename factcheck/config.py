"""Settings read from the environment, with safe defaults for development only."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_ARTICLE_CHARS = 1_000_000


class ConfigError(RuntimeError):
    """The environment does not describe a runnable app."""


def _secret_key(instance_path: Path, production: bool) -> str:
    """SECRET_KEY from the environment; in development, one kept in the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when FACTCHECK_ENV=production")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or f"sqlite:///{instance_path / 'factcheck.sqlite'}"


def _public_base_url(production: bool) -> str:
    """PUBLIC_BASE_URL with one trailing slash; required in production, where absolute URLs never come from
    the Host header. Empty in development when unset: pages then use the request's host."""
    url = os.environ.get("PUBLIC_BASE_URL", "").strip()
    if not url:
        if production:
            raise ConfigError("PUBLIC_BASE_URL must be set when FACTCHECK_ENV=production, "
                              "e.g. PUBLIC_BASE_URL=https://factcheck.example.org")
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"PUBLIC_BASE_URL must be an http(s) address such as https://factcheck.example.org, "
                          f"not {url!r}")
    return url.rstrip("/") + "/"


def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return int(value)


def _engine_options(database_url: str) -> dict:
    """Checked connections; on PostgreSQL a bounded wait to connect, so a database that is down answers
    503 in seconds instead of holding every worker."""
    options: dict = {"pool_pre_ping": True}
    if database_url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": 5}
    return options


def load_config(instance_path: Path) -> dict:
    """The configuration for one app, from the environment."""
    production = os.environ.get("FACTCHECK_ENV", "development") == "production"
    instance_path.mkdir(parents=True, exist_ok=True)
    database_url = _database_url(instance_path)
    return {
        "FACTCHECK_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "MAX_FORM_MEMORY_SIZE": MAX_BODY_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_HEADERS": ["X-CSRFToken"],
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Counters out of reach let every request through, with a logged warning: never a 500 for sign-in.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        # The job queue's Redis (background jobs); /healthz checks it when set.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host (werkzeug's ProxyFix); 0: none.
        "PROXY_HOPS": _whole_number("PROXY_HOPS", 0),
        # Strict-Transport-Security max-age in production (0 sends none).
        "HSTS_MAX_AGE": _whole_number("HSTS_MAX_AGE", 365 * 24 * 3600),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
        # Public pages kept rendered per edition of the data in each worker (web.caching); "0" renders every one.
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "1") not in ("0", "false", "off", ""),
        "FEED_FOLDER": os.environ.get("FEED_FOLDER") or str(instance_path / "feeds"),
        # Hosts that may be fetched although they resolve to internal addresses (comma-separated).
        "FETCH_ALLOWED_HOSTS": os.environ.get("FETCH_ALLOWED_HOSTS", ""),
        # The Redis of the job queue (and of /healthz); without it jobs run on threads of the web process.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "JOB_QUEUE": os.environ.get("JOB_QUEUE", "factcheck"),
        # Seconds before each further attempt of a job whose fetch failed for a reason that may pass.
        "JOB_RETRY_INTERVALS": os.environ.get("JOB_RETRY_INTERVALS", "10,60"),
        # When the worker checks every source link (cron syntax, UTC); "off" never.
        "LINK_CHECK_SCHEDULE": os.environ.get("LINK_CHECK_SCHEDULE", "0 3 * * *"),
        # Captures of cited sources: a job per new citation ("0" turns it off), kept as WARC files here.
        "CAPTURE_ON_ATTACH": os.environ.get("CAPTURE_ON_ATTACH", "1") not in ("0", "false", "off", ""),
        "CAPTURE_FOLDER": os.environ.get("CAPTURE_FOLDER") or str(instance_path / "captures"),
        # The Internet Archive's Save Page Now (off unless its URL is set), for a copy outside the desk.
        "SAVE_PAGE_NOW_URL": os.environ.get("SAVE_PAGE_NOW_URL", ""),
        "SAVE_PAGE_NOW_ACCESS_KEY": os.environ.get("SAVE_PAGE_NOW_ACCESS_KEY", ""),
        "SAVE_PAGE_NOW_SECRET_KEY": os.environ.get("SAVE_PAGE_NOW_SECRET_KEY", ""),
        "SAVE_PAGE_NOW_REPLAY_URL": os.environ.get("SAVE_PAGE_NOW_REPLAY_URL", "https://web.archive.org/web"),
        "PUBLIC_BASE_URL": _public_base_url(production),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "factcheck desk"),
        # The interface's language for readers whose browser asks for none we have (factcheck/i18n.py).
        "DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "en").strip() or "en",
    }
