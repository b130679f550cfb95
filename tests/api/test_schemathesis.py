"""Property-based calls generated from /api/v1/openapi.json: no 500s and no answer that breaks the document.

Bounded and repeatable: 25 derandomized examples per operation, sent in-process through WSGI, as an
editor with a real token (reads also without one) against the demo data. Half of the calls name a
demo article, claim or source and send `If-Match: *`, so that generated bodies reach the services
instead of stopping at 404 or 412.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import Article, Claim, Source
from factcheck.cli.demo import load_demo
from factcheck.services.core.jobs import create_job, fail_job
from factcheck.services.accounts.users import create_api_token, find_user
from factcheck.web.api.openapi import OPERATIONS
from tests.conftest import clean_database, test_config

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def app(database_url) -> Iterator[Flask]:
    """One app and one demo database for every operation: what a call changed, the next ones build on."""
    app = create_app(test_config(database_url))
    yield app
    clean_database(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def demo(app) -> dict:
    """The demo data, an editor's token, and the ids that path parameters may name."""
    with app.app_context():
        load_demo()
        return {
            "token": create_api_token(find_user("editor@example.org"), "schemathesis"),
            "article_id": list(db.session.scalars(select(Article.id))),
            "claim_id": list(db.session.scalars(select(Claim.id))),
            "source_id": list(db.session.scalars(select(Source.id))),
            "job_id": _jobs(),
        }


def _jobs() -> list[int]:
    """A waiting job and a failed one of the editor's (a job is never run here: it would fetch)."""
    editor = find_user("editor@example.org")
    waiting = create_job(editor, "import_url", url="https://news.example/waiting")
    failed = create_job(editor, "reimport_article", article_id=1)
    fail_job(failed.id, "The page could not be fetched again: news.example did not answer (tried 3 times).")
    return [waiting.id, failed.id]


def _cases(operation, demo: dict):
    """Free cases, and cases aimed at demo data with `If-Match: *`."""
    names = [p.name for p in operation.path_parameters]
    aimed = st.fixed_dictionaries({name: st.sampled_from(demo[name]) for name in names}).flatmap(
        lambda path: operation.as_strategy(path_parameters=path or None,
                                           headers={"If-Match": "*"} if _takes_if_match(operation) else None))
    return st.one_of(operation.as_strategy(), aimed)


def _takes_if_match(operation) -> bool:
    return any(p.name == "If-Match" for p in operation.headers)


@pytest.mark.parametrize("operation_id", [op.endpoint for op in OPERATIONS])
def test_generated_calls_never_fail_and_match_the_document(app, demo, operation_id):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).find_operation_by_id(operation_id)
    with_token = {"Authorization": f"Bearer {demo['token']}"}

    @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=_cases(operation, demo))
    def call(case):
        case.call_and_validate(headers=with_token, checks=CHECKS)
        if case.method == "GET":  # the public's answers must match the same document
            case.call_and_validate(headers={}, checks=CHECKS)

    call()
