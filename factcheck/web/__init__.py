"""HTTP layer: blueprints translate requests to service calls and back."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from factcheck.extensions import csrf
    from factcheck.web import api, auth, desk, health, public
    from factcheck.web.context import language_helpers, register_formats

    app.jinja_env.globals.update(language_helpers())  # globals: imported macros (badges) see them too
    register_formats(app)

    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(desk.bp, url_prefix="/desk")
    # The API authenticates with Bearer tokens, never cookies, so CSRF cannot reach it.
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")

    from factcheck.web import caching
    caching.register(app)
