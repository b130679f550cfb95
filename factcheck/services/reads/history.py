"""A claim's history in words: audit events, with the verdict revision each save recorded, and public corrections,
as the entries that the desk's panel and activity feed, the API and the public corrections all show."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload, selectinload

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, ClaimStatus, Correction, Rating, User, VerdictRevision

PUBLIC_HISTORY_ACTIONS = ("verdict.set", "claim.transition", "correction.create")
API_TYPES = {"verdict.set": "verdict_revision", "claim.transition": "transition", "correction.create": "correction"}

# What an actor did, read after their name and before what they did it to ("Ana set the verdict of …").
ACTION_WORDS = {
    "article.create": "imported an article",
    "claim.create": "made a claim",
    "claim.update": "edited a claim",
    "verdict.set": "set the verdict of",
    "correction.create": "published a correction to",
    "evidence.add": "added evidence to",
    "evidence.remove": "removed evidence from",
    "link.add": "linked",
    "link.remove": "removed a link from",
}
TRANSITION_WORDS = {
    ("draft", "in_review"): "submitted for review",
    ("in_review", "published"): "published",
    ("in_review", "draft"): "sent back to draft",
    ("published", "in_review"): "reopened for correction",
}
EVIDENCE_VERBS = {"evidence.add": "Added", "evidence.remove": "Removed", "evidence.restore": "Restored"}
LINK_VERBS = {"link.add": "Linked", "link.remove": "Unlinked", "link.restore": "Restored the link to",
              "link.update": "Edited the link to"}
CLAIM_FIELDS = {"claimant": "Claimant", "claimed_at": "Claimed on", "assignee_id": "Assignee", "status": "Status"}
QUOTE_SHOWN = 160  # characters of an evidence quote in the claim's history


@dataclass(frozen=True)
class Part:
    """A piece of an entry's sentence; `kind` says how a page marks it up: "" (text), "strong", "status" (a
    status key, shown as its badge), "url", "claim" (a claim id, shown as a link to it)."""

    text: Any
    kind: str = ""


@dataclass(frozen=True)
class Change:
    """What an entry changed in one field. `how`: "diff" (the words compared), "value" (quoted values),
    "plain" (labels), "line" (a sentence of a correction, in `label` alone)."""

    label: str
    before: Any = None
    after: Any = None
    how: str = "line"


@dataclass(frozen=True)
class Labels:
    """Names for the keys events hold: ratings and people (read from the database), stances and relations."""

    ratings: dict[str, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    stances: dict[str, str] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One change in a claim's history: who, when, what in words, what changed, and the revision it made."""

    action: str
    at: datetime
    actor: User | None
    words: str  # after the actor's name, before the claim: "set the verdict of"
    sentence: tuple[Part, ...]  # the same as the claim's own history tells it: "Set the verdict to False: …"
    changes: tuple[Change, ...] = ()
    remark: str | None = None  # the note, quote or comment shown under the sentence
    note: str | None = None
    event: AuditEvent | None = None
    revision: VerdictRevision | None = None  # the revision a verdict save made (when loaded)
    revision_id: int | None = None
    claim: Claim | None = None  # for a public correction

    @property
    def type(self) -> str:
        return API_TYPES.get(self.action, self.action)


# -- reading -----------------------------------------------------------------------------

def audit_trail(claim: Claim, actions: tuple[str, ...] | None = None, *, revisions: bool = False) -> list[AuditEvent]:
    """The claim's audit events, oldest first; with `revisions`, each save's VerdictRevision too (one query more,
    only when there is a verdict save)."""
    query = (select(AuditEvent).where(AuditEvent.claim_id == claim.id)
             .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id))
    if revisions:
        query = query.options(selectinload(AuditEvent.revision))
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    return list(db.session.scalars(query))


def labels_for(events: list[AuditEvent], **labels) -> Labels:
    """Labels for `events`: the rating scale, and the people claim edits assigned (a query, only if any)."""
    ids = {state.get("assignee_id") for event in events if event.action == "claim.update"
           for state in (event.before or {}, event.after or {})} - {None}
    people = {}
    if ids:
        people = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
    ratings = dict(db.session.execute(select(Rating.key, Rating.label)).all())
    return Labels(ratings=ratings, people=people, **labels)


# -- audit events in words ---------------------------------------------------------------------

def entries(events: list[AuditEvent], labels: Labels | None = None) -> list[Entry]:
    """The events as entries, in their order (no query: what the events did not load stays out)."""
    return [entry(event, labels or Labels()) for event in events]


def entry(event: AuditEvent, labels: Labels) -> Entry:
    before, after = event.before or {}, event.after or {}
    describe = DESCRIBE.get(event.action.partition(".")[0], _describe_other)
    sentence, changes, remark = describe(event, before, after, labels)
    loaded = inspect(event).attrs.revision.loaded_value
    return Entry(
        action=event.action, at=event.at, actor=event.actor, words=action_in_words(event),
        sentence=tuple(sentence), changes=tuple(changes), remark=remark, note=event.note, event=event,
        revision=loaded if isinstance(loaded, VerdictRevision) else None, revision_id=event.revision_id,
    )


def action_in_words(event: AuditEvent) -> str:
    """What the actor did, as a phrase that reads after their name."""
    if event.action == "claim.transition":
        move = ((event.before or {}).get("status"), (event.after or {}).get("status"))
        return TRANSITION_WORDS.get(move, "changed the status of")
    if event.action == "claim.update" and set(_changed(event)) == {"assignee_id"}:
        return "reassigned"
    return ACTION_WORDS.get(event.action, event.action.replace(".", " "))


def _changed(event: AuditEvent) -> list[str]:
    before, after = event.before or {}, event.after or {}
    return [key for key in after if before.get(key) != after.get(key)]


def _diff(label: str, before, after) -> list[Change]:
    return [Change(label, before, after, "diff")] if (before or "") != (after or "") else []


def _describe_claim(event, before, after, labels):
    if event.action == "claim.create":
        return [Part("Created the claim.")], [], None
    if event.action == "claim.transition":
        remark = f"Note: {event.note}" if event.note else None
        return [Part(before.get("status"), "status"), Part(" → "), Part(after.get("status"), "status")], [], remark
    if event.action != "claim.update":
        return _describe_other(event, before, after, labels)
    changes = _diff("Claim", before.get("text"), after.get("text"))
    for key, label in CLAIM_FIELDS.items():
        if before.get(key) == after.get(key):
            continue
        if key == "assignee_id":
            names = [labels.people.get(state.get(key), "nobody") for state in (before, after)]
            changes.append(Change(label, *names, "plain"))
        else:
            changes.append(Change(label, before.get(key), after.get(key), "value"))
    return [Part("Edited the claim:")], changes, None


def _describe_verdict(event, before, after, labels):
    rating = after.get("rating")
    sentence = [Part(f"{'Changed' if event.before else 'Set'} the verdict to "),
                Part(labels.ratings.get(rating, rating), "strong")]
    if event.before and before.get("rating") != rating:
        sentence.append(Part(f" (was {labels.ratings.get(before.get('rating'), before.get('rating'))})"))
    sentence.append(Part(f": {after.get('summary')}"))
    changes = []
    if event.before:
        changes = (_diff("Summary", before.get("summary"), after.get("summary"))
                   + _diff("Explanation", before.get("explanation"), after.get("explanation")))
    return sentence, changes, f"Why: {event.note}" if event.note else None


def _describe_correction(event, before, after, labels):
    changes = [Change(change) for change in after.get("changes") or []]
    return [Part(f"Published a correction: {after.get('note')}")], changes, None


def _describe_evidence(event, before, after, labels):
    if event.action == "evidence.update":
        changes = []
        if before.get("stance") != after.get("stance"):
            changes.append(Change("Stance", *(labels.stances.get(s, s) for s in (before.get("stance"),
                                                                                after.get("stance"))), "plain"))
        changes += _diff("Quote", before.get("quote"), after.get("quote"))
        changes += _diff("Note", before.get("note"), after.get("note"))
        return [Part("Edited evidence: "), Part(after.get("url"), "url")], changes, None
    if event.action not in EVIDENCE_VERBS:
        return _describe_other(event, before, after, labels)
    row = before if event.action == "evidence.remove" else after
    stance = str(labels.stances.get(row.get("stance"), row.get("stance"))).lower()
    sentence = [Part(f"{EVIDENCE_VERBS[event.action]} evidence ({stance}): "), Part(row.get("url"), "url")]
    return sentence, [], f"“{truncate(row['quote'], QUOTE_SHOWN)}”" if row.get("quote") else None


def _describe_link(event, before, after, labels):
    if event.action not in LINK_VERBS:
        return _describe_other(event, before, after, labels)
    row = before if event.action == "link.remove" else after
    other = row.get("to") if row.get("from") == event.claim_id else row.get("from")
    relation = str(labels.relations.get(row.get("relation"), row.get("relation"))).lower()
    sentence = [Part(f"{LINK_VERBS[event.action]} "), Part(other, "claim"), Part(f" ({relation}).")]
    if event.action != "link.update":
        return sentence, [], row.get("note") or None
    changes = []
    if before.get("relation") != after.get("relation"):
        changes.append(Change("Relation", *(labels.relations.get(r, r) for r in (before.get("relation"),
                                                                                after.get("relation"))), "plain"))
    return sentence, changes + _diff("Note", before.get("note"), after.get("note")), None


def _describe_other(event, before, after, labels):
    return [Part(event.action)], [], None


DESCRIBE = {"claim": _describe_claim, "verdict": _describe_verdict, "correction": _describe_correction,
            "evidence": _describe_evidence, "link": _describe_link}


def truncate(text: str, length: int, leeway: int = 5) -> str:
    """Jinja's truncate: whole words, "..." when `text` is more than `leeway` characters too long."""
    if len(text) <= length + leeway:
        return text
    return text[:length - 3].rsplit(" ", 1)[0] + "..."


# -- public corrections ------------------------------------------------------------------------

def correction_entries(corrections: list[Correction]) -> list[Entry]:
    """Public corrections as entries, in words a correction event has too; who made them stays on the desk."""
    return [Entry(action="correction.create", at=correction.created_at, actor=None,
                  words=ACTION_WORDS["correction.create"],
                  sentence=(Part(f"Published a correction: {correction.note}"),),
                  changes=tuple(Change(change) for change in correction.changes or []), note=correction.note,
                  revision_id=correction.verdict_revision_id, claim=correction.claim)
            for correction in corrections]


# -- the JSON of GET /claims/<id>/history ---------------------------------------------------------

def entry_json(entry: Entry) -> dict:
    """One entry of GET /claims/<id>/history."""
    event = entry.event
    before, after = event.before or {}, event.after or {}
    base = {"at": entry.at.isoformat(), "by": entry.actor.name if entry.actor else None, "note": entry.note}
    if entry.action == "verdict.set":
        return {"type": entry.type, **base, **after, "previous": event.before}
    if entry.action == "claim.transition":
        return {"type": entry.type, **base, "from": before.get("status"), "to": after.get("status")}
    if entry.action == "correction.create":
        # The correction's public note is kept in `after` (the event itself has no note).
        return {"type": entry.type, **base, "note": entry.note or after.get("note"),
                "changes": [change.label for change in entry.changes]}
    return {"type": entry.type, **base, "before": event.before, "after": event.after}


def public_history(claim: Claim) -> list[dict]:
    """The history readers get: each published verdict, the publications and the corrections, oldest first.

    Verdicts saved before a publication and never published (drafts, or work between a reopening and the
    republication) stay on the desk, and so do who made each change and the desk's own notes.
    """
    shown, pending, previous = [], None, None
    for item in entries(audit_trail(claim, PUBLIC_HISTORY_ACTIONS)):
        if item.action == "verdict.set":
            pending = item  # public only if a publication follows before the next save
            continue
        if item.action == "claim.transition" and (item.event.after or {}).get("status") != ClaimStatus.PUBLISHED:
            continue
        if pending is not None:
            shown.append({**entry_json(pending), "previous": previous})
            previous, pending = pending.event.after, None
        shown.append(entry_json(item))
    for json in shown:
        json.pop("by", None)
        if json["type"] != "correction":  # a correction note is written for readers; the others are not
            json.pop("note", None)
    return shown
