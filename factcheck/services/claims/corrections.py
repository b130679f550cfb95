"""Corrections of published claims: what readers saw, what a republication changes, what else depends on it."""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from factcheck.extensions import db
from factcheck.i18n import N_, keep
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import AuditEvent, Claim, ClaimLink, ClaimStatus, Correction, Evidence, Rating, Verdict
from factcheck.services.claims.links import WORDING

LISTED = 50  # corrections a page of /corrections shows, newest first


# -- what readers saw, and what changed since -------------------------------------------------

def public_state(claim: Claim) -> dict:
    """Everything the public page of `claim` shows that the desk can change, as plain JSON."""
    verdict = claim.verdict
    links = db.session.scalars(select(ClaimLink).where(
        ClaimLink.removed_at.is_(None),
        or_(ClaimLink.from_claim_id == claim.id, ClaimLink.to_claim_id == claim.id)).order_by(ClaimLink.id))
    return {
        "text": claim.text,
        "claimant": claim.claimant.name if claim.claimant else None,
        "claimed_at": claim.claimed_at.date().isoformat() if claim.claimed_at else None,
        "quote": claim.anchor_exact,  # the words, not their place: an edit of the article moves the place
        "verdict": None if verdict is None else {
            "rating": verdict.rating_key, "summary": verdict.summary, "explanation": verdict.explanation},
        "evidence": {str(row.id): {"source": row.source.title or row.source.url, "stance": row.stance,
                                   "quote": row.quote} for row in claim.evidence},
        "links": {str(link.id): {"relation": _wording(link, claim.id),
                                 "other": link.to_claim_id if link.from_claim_id == claim.id else link.from_claim_id}
                  for link in links},
    }


def _wording(link: ClaimLink, claim_id: int) -> str:
    forward, backward = WORDING[link.relation]
    return forward if link.from_claim_id == claim_id else backward


def describe_changes(before: dict, after: dict, rating_labels: dict[str, str]) -> list[str]:
    """One sentence per change a reader can see between two public_state()s, in page order: each kept
    (factcheck.i18n.keep), so that the page says it in the reader's language."""
    changes = []
    if before.get("text") != after["text"]:
        changes.append(keep(N_("The claim now reads “%(text)s” (was “%(was)s”)."), text=after["text"],
                            was=before.get("text")))
    if before.get("claimant") != after["claimant"]:
        changes.append(keep(N_("Claimant changed from %(was)s to %(now)s."), was=before.get("claimant") or _l("nobody"),
                            now=after["claimant"] or _l("nobody")))
    if before.get("claimed_at") != after["claimed_at"]:
        changes.append(keep(N_("Date of the claim changed from %(was)s to %(now)s."),
                            was=before.get("claimed_at") or _l("none"), now=after["claimed_at"] or _l("none")))
    if before.get("quote") != after["quote"]:
        changes.append(keep(N_("The statement is now quoted as “%(quote)s”."), quote=after["quote"] or ""))
    changes += _verdict_changes(before.get("verdict") or {}, after["verdict"] or {}, rating_labels)
    changes += _row_changes(before.get("evidence") or {}, after["evidence"], _evidence_words)
    changes += _row_changes(before.get("links") or {}, after["links"], _link_words)
    return changes


def _verdict_changes(before: dict, after: dict, labels: dict[str, str]) -> list[str]:
    changes = []
    if before.get("rating") != after.get("rating"):
        was = _rating_name(labels, before.get("rating")) if before.get("rating") else _l("none")
        changes.append(keep(N_("Verdict changed from %(was)s to %(now)s."), was=was,
                            now=_rating_name(labels, after.get("rating"))))
    if before.get("summary") != after.get("summary"):
        changes.append(keep(N_("Summary of the verdict revised: “%(summary)s”."), summary=after.get("summary")))
    if before.get("explanation") != after.get("explanation"):
        changes.append(keep(N_("Explanation of the verdict revised.")))
    return changes


def _rating_name(labels: dict[str, str], key: str):
    """A rating's name, kept to be translated when it is a default one (an admin's own name stays as written)."""
    from factcheck.i18n import lazy_gettext

    name = labels.get(key, key) or ""
    return lazy_gettext(name) if name else name


STANCE_NAMES = {"supports": N_("supports"), "contradicts": N_("contradicts"), "context": N_("context")}
ROW_CHANGES = {  # (evidence, link) sentences for a row added, removed, revised
    "added": (N_("Source added: “%(source)s” (%(stance)s)."), N_("Related claim added: %(relation)s claim %(other)s.")),
    "removed": (N_("Source removed: “%(source)s” (%(stance)s)."),
                N_("Related claim removed: %(relation)s claim %(other)s.")),
    "revised": (N_("Source revised: “%(source)s” (%(stance)s)."),
                N_("Related claim revised: %(relation)s claim %(other)s.")),
}


def _evidence_words(how: str, row: dict) -> str:
    from factcheck.i18n import lazy_gettext

    stance = STANCE_NAMES.get(row["stance"])
    return keep(ROW_CHANGES[how][0], source=row["source"], stance=lazy_gettext(stance) if stance else row["stance"])


def _link_words(how: str, row: dict) -> str:
    from factcheck.i18n import lazy_gettext

    return keep(ROW_CHANGES[how][1], relation=lazy_gettext(row["relation"]), other=row["other"], clauses=("relation",))


def _row_changes(before: dict, after: dict, words) -> list[str]:
    changes = [words("added", row) for key, row in after.items() if key not in before]
    changes += [words("removed", row) for key, row in before.items() if key not in after]
    changes += [words("revised", row) for key, row in after.items() if key in before and before[key] != row]
    return changes


def last_published_state(claim: Claim) -> dict | None:
    """What readers saw at the claim's latest publication (kept with its transition), or None."""
    transitions = db.session.scalars(
        select(AuditEvent.after).where(AuditEvent.claim_id == claim.id, AuditEvent.action == "claim.transition")
        .order_by(AuditEvent.id.desc()))
    return next((after.get("public") for after in transitions
                 if (after or {}).get("status") == ClaimStatus.PUBLISHED), None)


def correction_changes(claim: Claim) -> list[str]:
    """What a republication of `claim` changes for readers, as the public correction lists it."""
    labels = {key: label for key, label in db.session.execute(select(Rating.key, Rating.label))}
    before = last_published_state(claim)
    if before is None:  # published before the state was kept: say what the desk did since reopening
        return _changes_from_trail(claim)
    return describe_changes(before, public_state(claim), labels)


TRAIL_WORDS = {"verdict.set": N_("Verdict revised."), "evidence.add": N_("Source added."),
               "evidence.remove": N_("Source removed."), "evidence.update": N_("Source revised."),
               "evidence.restore": N_("Source restored."), "link.add": N_("Related claim added."),
               "link.remove": N_("Related claim removed."), "link.update": N_("Related claim revised."),
               "link.restore": N_("Related claim restored."), "claim.update": N_("Claim details revised.")}


def _changes_from_trail(claim: Claim) -> list[str]:
    trail = list(db.session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim.id)
                                    .order_by(AuditEvent.id.desc())))
    since = []
    for event in trail:
        if event.action == "claim.transition" and (event.before or {}).get("status") == ClaimStatus.PUBLISHED:
            break
        since.append(event)
    words = [keep(TRAIL_WORDS[e.action]) for e in reversed(since) if e.action in TRAIL_WORDS]
    return list(dict.fromkeys(words))


# -- what else depends on a claim being corrected ---------------------------------------------

@dataclass(frozen=True)
class LinkedClaim:
    claim: Claim
    relation: str


@dataclass(frozen=True)
class OpposedSource:
    title: str
    own_stance: str
    their_stance: str


@dataclass(frozen=True)
class OpposedClaim:
    """A claim that cites some of the same sources with the opposite stance."""

    claim: Claim
    sources: list[OpposedSource]


@dataclass(frozen=True)
class CorrectionImpact:
    linked: list[LinkedClaim]
    opposed: list[OpposedClaim]
    more_opposed: bool = False  # more claims cite its sources the other way than are listed

    def __bool__(self) -> bool:
        return bool(self.linked or self.opposed)


OPPOSITE = {"supports": "contradicts", "contradicts": "supports"}
CARRIED_RELATIONS = ("same-as", "updates")
# Claims listed as citing the claim's sources the other way, lowest id first: at a million claims the most cited
# source has 61,108 citations, a third of them the other way. Each source's desk page lists them all.
MAX_OPPOSED = 50


def correction_impact(claim: Claim) -> CorrectionImpact:
    """Claims a correction of `claim` may have to be carried to: those linked same-as or updates, and the first
    MAX_OPPOSED citing one of its sources with the opposite stance (three queries)."""
    links = db.session.scalars(
        select(ClaimLink).where(ClaimLink.removed_at.is_(None), ClaimLink.relation.in_(CARRIED_RELATIONS),
                                or_(ClaimLink.from_claim_id == claim.id, ClaimLink.to_claim_id == claim.id))
        .options(*(joinedload(end).joinedload(Claim.verdict).joinedload(Verdict.rating)
                   for end in (ClaimLink.from_claim, ClaimLink.to_claim)))
        .order_by(ClaimLink.id)).unique()
    linked = [LinkedClaim(link.to_claim if link.from_claim_id == claim.id else link.from_claim, _wording(link, claim.id))
              for link in links]
    own = {row.source_id: row.stance for row in claim.evidence if row.stance in OPPOSITE}
    if not own:
        return CorrectionImpact(linked, [])
    other_way = (Evidence.removed_at.is_(None), Evidence.claim_id != claim.id,
                 or_(*(and_(Evidence.source_id == source_id, Evidence.stance == OPPOSITE[stance])
                       for source_id, stance in own.items())))
    first = list(db.session.scalars(select(Evidence.claim_id).where(*other_way).distinct()
                                    .order_by(Evidence.claim_id).limit(MAX_OPPOSED + 1)))
    rows = db.session.execute(
        select(Evidence, Claim).join(Claim, Claim.id == Evidence.claim_id)
        .where(*other_way, Evidence.claim_id.in_(first[:MAX_OPPOSED]))
        .options(joinedload(Claim.verdict).joinedload(Verdict.rating))
        .order_by(Evidence.claim_id, Evidence.id)).unique()
    by_claim: dict[int, OpposedClaim] = {}
    for row, other in rows:
        entry = by_claim.setdefault(other.id, OpposedClaim(other, []))
        entry.sources.append(OpposedSource(row.source.title or row.source.url, own[row.source_id], row.stance))
    return CorrectionImpact(linked, list(by_claim.values()), more_opposed=len(first) > MAX_OPPOSED)


def needs_impact(claim: Claim) -> bool:
    """The claim is reopened for a correction: published before, back in review now."""
    return claim.status == ClaimStatus.IN_REVIEW and claim.first_published_at is not None


# -- the public list of corrections -----------------------------------------------------------

def recent_corrections(limit: int = LISTED, older: int | None = None) -> tuple[list[Correction], int | None]:
    """A page of the corrections of claims the public can read, newest first, each with its claim (one query):
    the newest, or those after correction `older` (by date, then id); and the id to ask for the next page
    with, if there is one."""
    query = (select(Correction).join(Claim, Claim.id == Correction.claim_id)
             .where(Claim.status == ClaimStatus.PUBLISHED)
             .options(joinedload(Correction.claim).joinedload(Claim.verdict).joinedload(Verdict.rating))
             .order_by(Correction.created_at.desc(), Correction.id.desc()).limit(limit + 1))
    if older is not None:
        at = select(Correction.created_at).where(Correction.id == older).scalar_subquery()
        query = query.where(Correction.created_at <= at,  # a range the index seeks to; the OR breaks ties
                            or_(Correction.created_at < at, and_(Correction.created_at == at, Correction.id < older)))
    found = list(db.session.scalars(query).unique())
    shown = found[:limit]
    return shown, shown[-1].id if len(found) > limit else None
