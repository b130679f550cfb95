"""Fixtures for the JSON API: tokens per role, a desk that drives the API, and "nothing changed" checks."""

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Claim, Verdict
from factcheck.services.accounts.users import create_api_token
from tests.factories import make_user

API = "/api/v1"
SEED_TEXT = files("factcheck").joinpath("data/seed-article.txt").read_text()
RESTORED = "order had been restored in Kazakhstan"
SHOTS = "shots were fired late into the night in the center of Almaty on Thursday"


def bearer(token: str, **headers: str) -> dict:
    return {"Authorization": f"Bearer {token}", **headers}


class Desk:
    """Staff working through the API: one token per role and shortcuts for the common steps."""

    def __init__(self, app: Flask, client: FlaskClient):
        self.app = app
        self.client = client
        self.tokens: dict[str, str] = {}

    def token(self, role: str = "factchecker") -> str:
        if role not in self.tokens:
            with self.app.app_context():
                self.tokens[role] = create_api_token(make_user(role=role), "tests")
        return self.tokens[role]

    def call(self, method: str, path: str, role: str | None = "factchecker", if_match=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if role:
            headers = bearer(self.token(role), **headers)
        if if_match is not None:
            headers["If-Match"] = if_match if isinstance(if_match, str) else f'"{if_match}"'
        return self.client.open(API + path, method=method, headers=headers, **kwargs)

    def article(self, text: str = SEED_TEXT, **fields) -> dict:
        response = self.call("POST", "/articles", json={"title": "Tokayev orders troops to fire", "text": text,
                                                        "outlet": "News Example", **fields})
        assert response.status_code == 201, response.json
        return response.json

    def claim(self, article_id: int, exact: str = RESTORED, **fields) -> dict:
        response = self.call("POST", f"/articles/{article_id}/claims",
                             json={"selector": {"type": "TextQuoteSelector", "exact": exact}, **fields})
        assert response.status_code == 201, response.json
        return response.json

    def verdict(self, claim: dict, rating: str = "false", role: str = "factchecker") -> dict:
        response = self.call("PUT", f"/claims/{claim['id']}/verdict", role=role, if_match=claim["version"],
                             json={"rating": rating, "summary": "Fighting was reported that morning.",
                                   "explanation": "TASS reported **shots** overnight."})
        assert response.status_code == 200, response.json
        return response.json

    def move(self, claim: dict, to: str, role: str, note: str | None = None) -> dict:
        body = {"to": to, **({"note": note} if note else {})}
        response = self.call("POST", f"/claims/{claim['id']}/transitions", role=role, if_match=claim["version"],
                             json=body)
        assert response.status_code == 200, response.json
        return response.json

    def published_claim(self, article_id: int, exact: str = RESTORED) -> dict:
        claim = self.verdict(self.claim(article_id, exact))
        claim = self.move(claim, "in_review", "factchecker")
        return self.move(claim, "published", "editor")


@pytest.fixture
def desk(app: Flask, client: FlaskClient) -> Desk:
    return Desk(app, client)


def database_state(app: Flask) -> dict:
    """Row counts of every table, and each claim's own fields and verdict."""
    with app.app_context():
        state = {table.name: db.session.scalar(select(func.count()).select_from(table))
                 for table in db.metadata.sorted_tables if table.name != "api_token"}
        state["claims"] = [tuple(row) for row in db.session.execute(
            select(Claim.id, Claim.version, Claim.status, Claim.text, Claim.claimant_id, Claim.assignee_id,
                   Claim.claimed_at).order_by(Claim.id))]
        state["verdicts"] = [tuple(row) for row in db.session.execute(
            select(Verdict.claim_id, Verdict.rating_key, Verdict.summary).order_by(Verdict.claim_id))]
        db.session.remove()
    return state


@pytest.fixture
def unchanged(app: Flask, desk: Desk):
    """`with unchanged():` fails when the block changed any row (tokens' last-use stamps aside)."""

    @contextmanager
    def check() -> Iterator[None]:
        for role in ("factchecker", "editor"):
            desk.token(role)  # made beforehand: a new token is a row and an audit event
        before = database_state(app)
        yield
        assert database_state(app) == before

    return check
