"""API responses: claims with their ETag, created resources with their Location."""

from flask import Response, jsonify, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from factcheck.extensions import db
from factcheck.models import Claim, User, Verdict
from factcheck.services.claims.links import links_of
from factcheck.web.api.presenters import claim_json
from factcheck.web.context import base_url


def claim_payloads(claims: list[Claim], viewer: User | None) -> list[dict]:
    """Claims as JSON; their links come in one query for all of them."""
    links = links_of(claims, viewer)
    root = base_url()
    return [claim_json(claim, links[claim.id], base_url=root, internal=viewer is not None)
            for claim in claims]


def with_details(claims: list[Claim]) -> list[Claim]:
    """The same claims with claimant, assignee, verdict and evidence loaded in a fixed number of queries."""
    ids = [claim.id for claim in claims]
    if not ids:
        return []
    loaded = db.session.scalars(
        select(Claim).where(Claim.id.in_(ids))
        .options(joinedload(Claim.claimant), joinedload(Claim.assignee),
                 joinedload(Claim.verdict).joinedload(Verdict.rating), selectinload(Claim.evidence))
        .execution_options(populate_existing=True)
    ).unique()
    by_id = {claim.id: claim for claim in loaded}
    return [by_id[i] for i in ids]


def claim_response(claim: Claim, viewer: User | None, status: int = 200) -> Response:
    """One claim, with `ETag: "<version>"` for the If-Match of the next write."""
    response = jsonify(claim_payloads([claim], viewer)[0])
    response.status_code = status
    response.set_etag(str(claim.version))
    if status == 201:
        response.headers["Location"] = url_for("api.get_claim", claim_id=claim.id)
    return response


def created(payload: dict, location: str | None = None, status: int = 201) -> Response:
    response = jsonify(payload)
    response.status_code = status
    if location:
        response.headers["Location"] = location
    return response
