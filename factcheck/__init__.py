"""factcheck: a web app for fact-checking desks."""

from pathlib import Path

from flask import Flask, current_app

ROOT = Path(__file__).resolve().parent.parent

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, CLI."""
    from factcheck import cli, database, i18n
    from factcheck.config import load_config
    from factcheck.errors import register_error_handlers
    from factcheck.extensions import csrf, db, htmx, limiter, login_manager, migrate
    from factcheck.web import register_blueprints, request_log

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(load_config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    if app.config.get("PROXY_HOPS"):
        _behind_proxies(app, app.config["PROXY_HOPS"])

    request_log.register(app)
    db.init_app(app)
    database.configure(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    i18n.register(app)

    register_blueprints(app)
    register_error_handlers(app)
    app.after_request(_security_headers)
    cli.register(app)
    return app


def _behind_proxies(app: Flask, hops: int) -> None:
    """Trust `hops` reverse proxies for the client's address, scheme and host (X-Forwarded-*): the login rate
    limit then counts per client, not per proxy. Off by default: otherwise anyone could claim any address."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["FACTCHECK_ENV"] == "production" and current_app.config.get("HSTS_MAX_AGE"):
        response.headers.setdefault("Strict-Transport-Security",
                                    f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains")
    return response
