"""Typed links between claims: contradicts and same-as both ways, supports and updates one way."""

from factcheck.i18n import N_
from factcheck.i18n import lazy_gettext as _l
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from factcheck.errors import Conflict, NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, ClaimLink, ClaimStatus, LinkRelation, User, Verdict
from factcheck.services.core.audit import record
from factcheck.services.claims.claims import ensure_editable, lock_claim, touch
from factcheck.services.text.fields import choice, clean_text
from factcheck.services.core.transaction import transactional

RELATIONS = [r.value for r in LinkRelation]
# How a link reads from each end: (from the claim that has it, from the other claim). English msgids: pages say
# them in the reader's language (`_(view.label)`); what corrections store keeps the English.
WORDING = {
    "contradicts": (N_("Contradicts"), N_("Contradicts")),
    "same-as": (N_("Same claim as"), N_("Same claim as")),
    "supports": (N_("Supports"), N_("Supported by")),
    "updates": (N_("Updates"), N_("Updated by")),
}

# A relation in a sentence ("These claims are already linked as contradicts.").
RELATION_NAMES = {"contradicts": N_("contradicts"), "same-as": N_("the same claim"), "supports": N_("supports"),
                  "updates": N_("updates")}


@dataclass
class LinkView:
    """A link as seen from one of its claims."""

    link: ClaimLink
    other: Claim
    label: str
    outgoing: bool


def link_state(link: ClaimLink) -> dict:
    return {"from": link.from_claim_id, "to": link.to_claim_id, "relation": link.relation, "note": link.note}


@transactional
def link_claims(actor: User, claim: Claim, target: Claim, relation, note="") -> ClaimLink:
    """Link two claims; a symmetric link is one row whichever end it was made from."""
    ensure_editable(claim, "links")
    ensure_editable(target, "links")
    relation = choice(relation, "relation", RELATIONS)
    if target.id == claim.id:
        raise ValidationError(_l('A claim cannot be linked to itself.'), {"target_id": _l('Choose another claim.')})
    note = clean_text(note, "note", max_length=2000)
    lock_claim(claim, target)  # both ends: two people linking the same pair take turns
    a, b = claim.id, target.id
    if LinkRelation(relation).symmetric and a > b:
        a, b = b, a
    link = db.session.scalar(select(ClaimLink).where(
        ClaimLink.from_claim_id == a, ClaimLink.to_claim_id == b, ClaimLink.relation == relation))
    if link is not None and link.removed_at is None:
        raise Conflict(_l('These claims are already linked as %(relation)s.', relation=_l(RELATION_NAMES[relation])),
                       code="duplicate_link")
    if link is None:
        link = ClaimLink(from_claim_id=a, to_claim_id=b, relation=relation)
        db.session.add(link)
    link.removed_at, link.note, link.created_by_id = None, note, actor.id
    touch(claim)
    record(actor, "link.add", link, claim_id=claim.id, after=link_state(link))
    return link


def ensure_link_editable(link: ClaimLink) -> None:
    """A link shows on both of its claims: it changes only while neither is published."""
    ensure_editable(link.from_claim, "links")
    ensure_editable(link.to_claim, "links")


def get_claim_link(claim: Claim, link_id: int) -> ClaimLink:
    link = db.session.get(ClaimLink, link_id)
    if link is None or link.removed_at is not None or claim.id not in (link.from_claim_id, link.to_claim_id):
        raise NotFound(_l('There is no link %(link_id)s on this claim.', link_id=link_id))
    return link


@transactional
def remove_link(actor: User, claim: Claim, link: ClaimLink) -> None:
    from factcheck.models.types import utcnow

    lock_claim(claim)
    ensure_link_editable(link)
    db.session.refresh(link)
    if link.removed_at is not None:  # someone else removed it a moment ago
        return
    link.removed_at = utcnow()
    touch(claim)
    record(actor, "link.remove", link, claim_id=claim.id, before=link_state(link))


def links_of(claims: list[Claim], viewer: User | None) -> dict[int, list[LinkView]]:
    """Every live link of each claim, seen from that claim; the public sees links between published claims."""
    ids = {c.id for c in claims}
    views: dict[int, list[LinkView]] = {i: [] for i in ids}
    if not ids:
        return views
    links = db.session.scalars(
        select(ClaimLink)
        .where(ClaimLink.removed_at.is_(None),
               or_(ClaimLink.from_claim_id.in_(ids), ClaimLink.to_claim_id.in_(ids)))
        .options(joinedload(ClaimLink.from_claim).joinedload(Claim.verdict).joinedload(Verdict.rating),
                 joinedload(ClaimLink.to_claim).joinedload(Claim.verdict).joinedload(Verdict.rating))
        .order_by(ClaimLink.id)
    ).unique()
    for link in links:
        forward, backward = WORDING[link.relation]
        for own, other, outgoing in ((link.from_claim, link.to_claim, True), (link.to_claim, link.from_claim, False)):
            if own.id in ids and (viewer is not None or other.status == ClaimStatus.PUBLISHED):
                views[own.id].append(LinkView(link, other, forward if outgoing else backward, outgoing))
    return views


def find_claim(claim_id) -> Claim:
    try:
        claim = db.session.get(Claim, int(claim_id))
    except (TypeError, ValueError):
        claim = None
    if claim is None:
        raise ValidationError(_l('There is no such claim to link.'), {"target_id": _l('Give the id of an existing claim.')})
    return claim


@transactional
def update_link(actor: User, claim: Claim, link: ClaimLink, *, relation, note="",
                expected: dict | None = None) -> ClaimLink:
    """Change a link's relation or note, seen from `claim` (a directed relation points away from it).

    With `expected` (the values the edit started from), a field someone else changed meanwhile is
    kept when this edit left it alone, and is a Conflict when this edit changed it too.
    """
    from factcheck.services.claims.claims import three_way

    ensure_link_editable(link)
    relation = choice(relation, "relation", RELATIONS)
    note = clean_text(note, "note", max_length=2000)
    lock_claim(claim)
    db.session.refresh(link)  # the three-way merge compares with what is saved now
    if expected is not None:
        current = {"relation": link.relation, "note": link.note}
        changed = three_way(current, expected, {"relation": relation, "note": note}, "link")
        relation, note = changed.get("relation", link.relation), changed.get("note", link.note)
    before = link_state(link)
    if relation != link.relation:
        other = link.to_claim_id if link.from_claim_id == claim.id else link.from_claim_id
        a, b = claim.id, other
        if LinkRelation(relation).symmetric and a > b:
            a, b = b, a
        taken = db.session.scalar(select(ClaimLink.id).where(
            ClaimLink.from_claim_id == a, ClaimLink.to_claim_id == b, ClaimLink.relation == relation))
        if taken is not None:
            raise Conflict(_l('These claims are already linked as %(relation)s.', relation=_l(RELATION_NAMES[relation])), code="duplicate_link",
                           fields={"relation": _l('Already linked that way (perhaps in a removed link: undo it).')})
        link.from_claim_id, link.to_claim_id, link.relation = a, b, relation
    link.note = note
    after = link_state(link)
    if after != before:
        touch(claim)
        record(actor, "link.update", link, claim_id=claim.id, before=before, after=after)
    return link


def get_removed_link(claim: Claim, link_id: int) -> ClaimLink:
    link = db.session.get(ClaimLink, link_id)
    if link is None or link.removed_at is None or claim.id not in (link.from_claim_id, link.to_claim_id):
        raise NotFound(_l('There is no removed link %(link_id)s on this claim.', link_id=link_id))
    return link


@transactional
def restore_link(actor: User, claim: Claim, link: ClaimLink) -> ClaimLink:
    """Undo a removal: the same link row comes back, and the undo is recorded too."""
    lock_claim(claim)
    ensure_link_editable(link)
    link.removed_at = None
    touch(claim)
    record(actor, "link.restore", link, claim_id=claim.id, after=link_state(link))
    return link


def search_claims(claim: Claim, q: str, limit: int = 8) -> list[Claim]:
    """Claims of any article whose text contains `q` (not `claim` itself), for the link form."""
    q = (q or "").strip()
    if q.isdigit():
        found = db.session.get(Claim, int(q))
        return [found] if found is not None and found.id != claim.id else []
    if len(q) < 2:
        return []
    return list(db.session.scalars(
        select(Claim).where(func.lower(Claim.text).contains(q.lower(), autoescape=True), Claim.id != claim.id)
        .options(joinedload(Claim.article)).order_by(Claim.id.desc()).limit(limit)))
