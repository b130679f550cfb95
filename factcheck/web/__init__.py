"""HTTP layer: blueprints translate requests to service calls and back."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from factcheck.web import auth

    app.register_blueprint(auth.bp)
