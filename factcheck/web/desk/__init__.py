"""The newsroom's desk: staff pages under /desk."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

from factcheck.web.desk import (  # noqa: E402,F401  (each module adds its routes to bp)
    accounts, anchors, articles, claim_evidence, claim_links, claim_verdict, claimants, claims, clusters, hints, home,
    imports, jobs, library, reports, review, revisions, sources, tokens, transparency,
)
