"""Desk pages: suggested links for a claim, and the cluster of claims connected to it."""

from flask import request

from factcheck.services.claims import claims as claim_service
from factcheck.services.reads.clusters import claim_cluster
from factcheck.services.reads.suggestions import suggest_claims
from factcheck.security import access
from factcheck.web.context import acting_user, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.forms.claims import RELATION_LABELS

SUGGESTIONS_PAGE = "desk/clusters/suggestions.html"
SUGGESTIONS = "desk/claims/_suggestions.html"
CLUSTER_PAGE = "desk/clusters/show.html"
CLUSTER = "desk/clusters/_cluster.html"
# The relations a suggestion can be linked with in one click, in the order the buttons appear.
ONE_CLICK_RELATIONS = ("contradicts", "same-as", "supports")
VIEWS = ("graph", "timeline")


@bp.route("/claims/<int:claim_id>/suggestions")
@access("staff")
def claim_suggestions(claim_id: int):
    claim = claim_service.get_claim(claim_id, acting_user())
    return page_or_fragment(SUGGESTIONS_PAGE, SUGGESTIONS, claim=claim, suggestions=suggest_claims(claim),
                            relations=[(r, RELATION_LABELS[r]) for r in ONE_CLICK_RELATIONS])


@bp.route("/claims/<int:claim_id>/cluster")
@access("staff")
def claim_cluster_map(claim_id: int):
    claim = claim_service.get_claim(claim_id, acting_user())
    view = request.args.get("view", "graph")
    return page_or_fragment(CLUSTER_PAGE, CLUSTER, claim=claim, cluster=claim_cluster(claim),
                            view=view if view in VIEWS else "graph")
