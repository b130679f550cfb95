"""Claim clusters: breadth-first through links and shared sources, bounded, laid out; and the link rules they rely on."""

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from factcheck.errors import Conflict
from factcheck.extensions import db
from factcheck.models import Claim, ClaimLink
from factcheck.services.claims.claims import create_claim
from factcheck.services.reads.clusters import SHARED_SOURCE, claim_cluster
from factcheck.cli.demo import load_demo
from factcheck.services.claims.links import link_claims, links_of, remove_link
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from tests.factories import make_user


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        yield {claim.text: claim for claim in db.session.scalars(select(Claim))}


def said(actor, text):
    return create_claim(actor, text=text)


def texts(cluster):
    return {node.claim.text for node in cluster.nodes}


def test_the_demo_cluster_of_order_restored_holds_the_shots_and_the_fighting(demo):
    restored = demo["Order has been restored in Kazakhstan."]
    cluster = claim_cluster(restored)
    shots = demo["Shots were fired late into the night in the centre of Almaty on Thursday."]
    fighting = demo["There was fighting in Almaty on Friday morning."]
    assert {shots.text, fighting.text} <= texts(cluster)
    contradicting = {other.claim.id for edge, other in cluster.edges_of(restored.id) if edge.relation == "contradicts"}
    assert contradicting == {shots.id, fighting.id}
    assert cluster.nodes[0].claim.id == restored.id and cluster.nodes[0].depth == 0


def test_the_demo_casualty_figures_contradict_each_other(demo):
    killed = demo["26 protesters have been killed."]
    cluster = claim_cluster(killed)
    [(edge, other)] = [(e, o) for e, o in cluster.edges_of(killed.id) if e.relation == "contradicts"]
    assert other.claim.text == "Dozens of attackers have been eliminated."
    assert edge.wording_from(killed.id) == "Contradicts"


def test_claims_citing_the_same_source_join_the_cluster(checker):
    first, second, unrelated = said(checker, "One."), said(checker, "Two."), said(checker, "Three.")
    report, _ = find_or_create_source(checker, url="https://wire.example/report", publisher="Wire")
    attach_evidence(checker, first, source=report, stance="supports", quote="", note="")
    attach_evidence(checker, second, source=report, stance="contradicts", quote="", note="")
    cluster = claim_cluster(first)
    assert texts(cluster) == {"One.", "Two."} and unrelated.id not in {n.claim.id for n in cluster.nodes}
    [edge] = cluster.edges
    assert edge.relation == SHARED_SOURCE and edge.opposed and edge.sources == [("Wire", "supports", "contradicts")]


def test_the_walk_is_bounded_in_depth_and_size(checker):
    chain = [said(checker, f"Claim {i}.") for i in range(6)]
    for a, b in zip(chain, chain[1:]):
        link_claims(checker, a, b, "supports")
    assert texts(claim_cluster(chain[0], max_depth=2)) == {"Claim 0.", "Claim 1.", "Claim 2."}
    hub = said(checker, "Hub.")
    for claim in chain:
        link_claims(checker, hub, claim, "contradicts")
    cluster = claim_cluster(hub, max_claims=4)
    assert len(cluster.nodes) == 4 and cluster.truncated


def test_removed_links_are_not_followed(checker):
    first, second = said(checker, "One."), said(checker, "Two.")
    remove_link(checker, first, link_claims(checker, first, second, "contradicts"))
    assert texts(claim_cluster(first)) == {"One."}


def test_the_layout_is_deterministic_and_keeps_nodes_apart(demo):
    restored = demo["Order has been restored in Kazakhstan."]
    first = [(n.claim.id, n.x, n.y) for n in claim_cluster(restored).nodes]
    db.session.expire_all()
    second = [(n.claim.id, n.x, n.y) for n in claim_cluster(restored).nodes]
    assert first == second
    cluster = claim_cluster(restored)
    boxes = [(n.x, n.y) for n in cluster.nodes]
    for i, (x, y) in enumerate(boxes):
        assert 0 <= x and x + cluster.node_width <= cluster.width and 0 <= y and y + cluster.node_height <= cluster.height
        for ox, oy in boxes[i + 1:]:
            assert abs(x - ox) >= cluster.node_width or abs(y - oy) >= cluster.node_height
    assert all(edge.path.startswith("M") for edge in cluster.edges)


def test_a_directed_link_reads_both_ways_in_the_cluster(checker):
    shots, said_ = said(checker, "Shots."), said(checker, "Order.")
    link_claims(checker, shots, said_, "supports")
    [edge] = claim_cluster(shots).edges
    assert (edge.wording_from(shots.id), edge.wording_from(said_.id)) == ("Supports", "Supported by")
    assert edge.directed


# -- the link rules the map relies on ---------------------------------------------------------------

@pytest.mark.parametrize("relation", ["contradicts", "same-as"])
def test_symmetric_links_are_one_row_whichever_end_made_them(checker, relation):
    first, second = said(checker, "One."), said(checker, "Two.")
    link_claims(checker, second, first, relation)
    with pytest.raises(Conflict):
        link_claims(checker, first, second, relation)
    link = db.session.scalar(select(ClaimLink))
    assert (link.from_claim_id, link.to_claim_id) == (first.id, second.id)  # lower id first


def test_a_directed_link_cannot_be_made_twice_but_may_point_back(checker):
    first, second = said(checker, "One."), said(checker, "Two.")
    link_claims(checker, first, second, "supports")
    with pytest.raises(Conflict):
        link_claims(checker, first, second, "supports")
    link_claims(checker, second, first, "supports")
    views = links_of([first], checker)[first.id]
    assert sorted(view.label for view in views) == ["Supported by", "Supports"]


def test_a_removed_link_made_again_is_the_same_row(checker):
    first, second = said(checker, "One."), said(checker, "Two.")
    link = link_claims(checker, first, second, "contradicts")
    remove_link(checker, first, link)
    again = link_claims(checker, second, first, "contradicts")
    assert again.id == link.id and db.session.scalar(select(func.count(ClaimLink.id))) == 1


def test_the_database_refuses_a_link_to_the_claim_itself(checker):
    claim = said(checker, "One.")
    with pytest.raises(IntegrityError):
        db.session.execute(insert(ClaimLink).values(from_claim_id=claim.id, to_claim_id=claim.id,
                                                    relation="same-as", note=""))
    db.session.rollback()
