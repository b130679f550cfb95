"""Claim clusters: the claims connected to one through links and shared sources, laid out as a graph."""

import textwrap
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from factcheck.extensions import db
from factcheck.i18n import N_
from factcheck.models import Claim, ClaimLink, Evidence, Source, Verdict
from factcheck.services.claims.links import WORDING

MAX_DEPTH = 2
MAX_CLAIMS = 24
SHARED_SOURCE = "shared-source"
# Layout, in SVG user units: columns by distance from the start claim.
NODE_WIDTH, NODE_HEIGHT = 260, 96
COLUMN_GAP, ROW_GAP, MARGIN = 150, 30, 24
ARC_ROOM = 90
LABEL_CHARACTERS, LABEL_LINES = 27, 3
UNRATED_COLOUR = "#8c959f"
# Which connections come first in a column: contradictions are what the map is for.
RELATION_ORDER = {"contradicts": 0, "same-as": 1, "supports": 2, "updates": 3, SHARED_SOURCE: 4}


@dataclass
class ClusterEdge:
    """A connection between two claims: a link (with its relation) or the sources both cite."""

    from_id: int
    to_id: int
    relation: str
    note: str = ""
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (source name, from stance, to stance)
    path: str = ""
    label_x: float = 0
    label_y: float = 0

    @property
    def label(self) -> str:
        if self.relation != SHARED_SOURCE:
            return WORDING[self.relation][0]
        return N_("Opposite stances on a source") if self.opposed else N_("Cite the same source")

    @property
    def opposed(self) -> bool:
        return any({a, b} == {"supports", "contradicts"} for _, a, b in self.sources)

    @property
    def directed(self) -> bool:
        return self.relation in ("supports", "updates")

    def wording_from(self, claim_id: int) -> str:
        """How the edge reads from one of its claims: "Supports" one way, "Supported by" the other (English
        msgids, which the pages translate)."""
        if self.relation == SHARED_SOURCE:
            return N_("Cites a source with the opposite stance to") if self.opposed else N_("Cites the same source as")
        forward, backward = WORDING[self.relation]
        return forward if claim_id == self.from_id else backward


@dataclass
class ClusterNode:
    claim: Claim
    depth: int
    x: float = 0
    y: float = 0
    lines: list[str] = field(default_factory=list)

    @property
    def colour(self) -> str:
        verdict = self.claim.verdict
        return verdict.rating.colour if verdict and verdict.rating else UNRATED_COLOUR

    @property
    def rating(self):
        verdict = self.claim.verdict
        return verdict.rating if verdict else None


@dataclass
class Cluster:
    root: Claim
    nodes: list[ClusterNode]
    edges: list[ClusterEdge]
    truncated: bool
    width: float = 0
    height: float = 0
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT

    def edges_of(self, claim_id: int) -> list[tuple[ClusterEdge, ClusterNode]]:
        """Each edge of a claim with the node at its other end."""
        by_id = {node.claim.id: node for node in self.nodes}
        return [(edge, by_id[edge.to_id if edge.from_id == claim_id else edge.from_id])
                for edge in self.edges if claim_id in (edge.from_id, edge.to_id)]

    def timeline(self) -> list[ClusterNode]:
        """The claims in the order they were made (undated ones last)."""
        latest = datetime.max.replace(tzinfo=None)
        return sorted(self.nodes, key=lambda n: ((n.claim.claimed_at or latest).replace(tzinfo=None), n.claim.id))

    @property
    def contradictions(self) -> int:
        return sum(1 for e in self.edges if e.relation == "contradicts")


# -- walking the graph ----------------------------------------------------------------------------

def neighbours(frontier: set[int], limit: int) -> dict[int, int]:
    """Claims one step from `frontier` through a live link or a source they both cite: {claim: via claim}."""
    found: dict[int, int] = {}
    links = db.session.execute(
        select(ClaimLink.from_claim_id, ClaimLink.to_claim_id)
        .where(ClaimLink.removed_at.is_(None),
               or_(ClaimLink.from_claim_id.in_(frontier), ClaimLink.to_claim_id.in_(frontier)))
        .order_by(ClaimLink.id).limit(limit))
    for a, b in links:
        if a in frontier:
            found.setdefault(b, a)
        if b in frontier:
            found.setdefault(a, b)
    cited = select(Evidence.source_id).where(Evidence.claim_id.in_(frontier), Evidence.removed_at.is_(None))
    mine, theirs = Evidence.__table__.alias("mine"), Evidence.__table__.alias("theirs")
    shared = db.session.execute(
        select(theirs.c.claim_id, mine.c.claim_id)
        .join(mine, mine.c.source_id == theirs.c.source_id)
        .where(theirs.c.source_id.in_(cited), mine.c.claim_id.in_(frontier), theirs.c.removed_at.is_(None),
               mine.c.removed_at.is_(None), theirs.c.claim_id.not_in(frontier))
        .distinct().order_by(theirs.c.claim_id).limit(limit))
    for other, via in shared:
        found.setdefault(other, via)
    return found


def connected_claims(claim: Claim, max_depth: int, max_claims: int) -> tuple[dict[int, tuple[int, int | None]], bool]:
    """Breadth-first from `claim`: {claim id: (depth, parent id)}, and whether the size bound cut it short."""
    seen: dict[int, tuple[int, int | None]] = {claim.id: (0, None)}
    frontier, truncated = {claim.id}, False
    for depth in range(1, max_depth + 1):
        found = neighbours(frontier, max_claims * 4)
        fresh = [i for i in found if i not in seen]
        if len(seen) + len(fresh) > max_claims:
            truncated = True
            fresh = fresh[:max_claims - len(seen)]
        for other in fresh:
            seen[other] = (depth, found[other])
        frontier = set(fresh)
        if not frontier:
            break
    return seen, truncated


def cluster_edges(ids: set[int]) -> list[ClusterEdge]:
    """Every live link among `ids`, and one shared-source edge per pair that no link joins already."""
    edges: dict[tuple[int, int], ClusterEdge] = {}
    for link in db.session.scalars(
            select(ClaimLink).where(ClaimLink.removed_at.is_(None), ClaimLink.from_claim_id.in_(ids),
                                    ClaimLink.to_claim_id.in_(ids)).order_by(ClaimLink.id)):
        pair = tuple(sorted((link.from_claim_id, link.to_claim_id)))
        edges.setdefault(pair, ClusterEdge(link.from_claim_id, link.to_claim_id, link.relation, link.note))
    rows = db.session.execute(
        select(Evidence.claim_id, Evidence.source_id, Evidence.stance, Source.publisher, Source.title)
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id.in_(ids), Evidence.removed_at.is_(None)).order_by(Evidence.id))
    citing: dict[int, list] = {}
    for row in rows:
        citing.setdefault(row.source_id, []).append(row)
    for group in citing.values():
        for i, first in enumerate(group):
            for second in group[i + 1:]:
                if first.claim_id == second.claim_id:
                    continue
                a, b = sorted((first, second), key=lambda r: r.claim_id)
                edge = edges.setdefault((a.claim_id, b.claim_id), ClusterEdge(a.claim_id, b.claim_id, SHARED_SOURCE))
                name = a.publisher or a.title or None  # None: the page says "a source"
                stances = (a.stance, b.stance) if edge.from_id == a.claim_id else (b.stance, a.stance)
                if (name, *stances) not in edge.sources:
                    edge.sources.append((name, *stances))
    return list(edges.values())


def load_claims(ids: set[int]) -> dict[int, Claim]:
    claims = db.session.scalars(
        select(Claim).where(Claim.id.in_(ids))
        .options(selectinload(Claim.claimant), selectinload(Claim.verdict).joinedload(Verdict.rating),
                 joinedload(Claim.article)))
    return {claim.id: claim for claim in claims}


def claim_cluster(claim: Claim, max_depth: int = MAX_DEPTH, max_claims: int = MAX_CLAIMS) -> Cluster:
    """The claims connected to `claim`, with their connections and a deterministic layout."""
    seen, truncated = connected_claims(claim, max_depth, max_claims)
    claims = load_claims(set(seen))
    edges = cluster_edges(set(seen))
    nodes = [ClusterNode(claims[i], depth) for i, (depth, _) in seen.items() if i in claims]
    cluster = Cluster(claim, nodes, edges, truncated)
    lay_out(cluster, {i: parent for i, (_, parent) in seen.items()})
    return cluster


# -- layout ----------------------------------------------------------------------------------------

def label_lines(claim: Claim) -> list[str]:
    lines = textwrap.wrap(claim.text, LABEL_CHARACTERS) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][:LABEL_CHARACTERS - 1].rstrip() + "…"
    return lines


def column_order(cluster: Cluster, parents: dict[int, int | None]) -> dict[int, list[ClusterNode]]:
    """Nodes per depth; each column ordered by its parents' places, then contradictions first, then id."""
    relation_to_parent = {}
    for edge in cluster.edges:
        for own, other in ((edge.from_id, edge.to_id), (edge.to_id, edge.from_id)):
            if parents.get(own) == other:
                relation_to_parent[own] = RELATION_ORDER[edge.relation]
    columns: dict[int, list[ClusterNode]] = {}
    place: dict[int, int] = {}
    for depth in sorted({node.depth for node in cluster.nodes}):
        column = [node for node in cluster.nodes if node.depth == depth]
        column.sort(key=lambda n: (place.get(parents.get(n.claim.id), 0),
                                   relation_to_parent.get(n.claim.id, 9), n.claim.id))
        place.update({node.claim.id: index for index, node in enumerate(column)})
        columns[depth] = column
    return columns


def lay_out(cluster: Cluster, parents: dict[int, int | None]) -> None:
    """Columns by depth, each centred vertically; edges as lines between columns, arcs within one."""
    columns = column_order(cluster, parents)
    tallest = max(len(column) for column in columns.values())
    cluster.height = 2 * MARGIN + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP
    cluster.width = 2 * MARGIN + len(columns) * NODE_WIDTH + (len(columns) - 1) * COLUMN_GAP + ARC_ROOM
    for depth, column in columns.items():
        top = (cluster.height - (len(column) * NODE_HEIGHT + (len(column) - 1) * ROW_GAP)) / 2
        for index, node in enumerate(column):
            node.x = MARGIN + depth * (NODE_WIDTH + COLUMN_GAP)
            node.y = top + index * (NODE_HEIGHT + ROW_GAP)
            node.lines = label_lines(node.claim)
    by_id = {node.claim.id: node for node in cluster.nodes}
    for edge in cluster.edges:
        route(edge, by_id[edge.from_id], by_id[edge.to_id])


def route(edge: ClusterEdge, start: ClusterNode, end: ClusterNode) -> None:
    """The edge's SVG path and where its label goes."""
    if start.depth == end.depth:
        # Same column: an arc out to the right, so it does not cross the nodes between.
        x = start.x + NODE_WIDTH
        y1, y2 = start.y + NODE_HEIGHT / 2, end.y + NODE_HEIGHT / 2
        bulge = x + min(ARC_ROOM + 40, 50 + abs(y2 - y1) / 4)
        edge.path = f"M{x:.0f},{y1:.0f} C{bulge:.0f},{y1:.0f} {bulge:.0f},{y2:.0f} {x:.0f},{y2:.0f}"
        edge.label_x, edge.label_y = x + (bulge - x) * 0.75, (y1 + y2) / 2
        return
    left_to_right = start.depth < end.depth
    x1 = start.x + NODE_WIDTH if left_to_right else start.x
    x2 = end.x if left_to_right else end.x + NODE_WIDTH
    y1, y2 = start.y + NODE_HEIGHT / 2, end.y + NODE_HEIGHT / 2
    middle = (x1 + x2) / 2
    edge.path = f"M{x1:.0f},{y1:.0f} C{middle:.0f},{y1:.0f} {middle:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    edge.label_x, edge.label_y = middle, (y1 + y2) / 2
