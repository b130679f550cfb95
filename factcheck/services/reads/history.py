"""A claim's history in words: audit events, with the verdict revision each save recorded, and public corrections,
as the entries that the desk's panel and activity feed, the API and the public corrections all show."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload

from factcheck.extensions import db
from factcheck.i18n import N_, kept_words
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import AuditEvent, Claim, ClaimStatus, Correction, Rating, User, VerdictRevision

PUBLIC_HISTORY_ACTIONS = ("verdict.set", "claim.transition", "correction.create")
API_TYPES = {"verdict.set": "verdict_revision", "claim.transition": "transition", "correction.create": "correction"}

# What an actor did, read after their name and before what they did it to ("Ana set the verdict of …").
# Words in the reader's language: lazy here, translated as entries are made (during the request that shows them);
# a sentence with marked-up parts is translated whole, then cut into parts (`phrase`). The API's JSON uses none.
ACTION_WORDS = {
    "article.create": _l("imported an article"),
    "claim.create": _l("made a claim"),
    "claim.update": _l("edited a claim"),
    "verdict.set": _l("set the verdict of"),
    "correction.create": _l("published a correction to"),
    "evidence.add": _l("added evidence to"),
    "evidence.remove": _l("removed evidence from"),
    "link.add": _l("linked"),
    "link.remove": _l("removed a link from"),
    "claim.reanchor": _l("placed again on the article's new text"),
    "claim.anchor_confirm": _l("confirmed the new place of the quote of"),
    "claim.anchor_reselect": _l("selected again the quote of"),
    "claim.anchor_orphan": _l("marked as gone from the article the quote of"),
}
# What happened to a claim's anchor (services.articles.articles.reanchor_claims, services.claims.anchor_review).
ANCHOR_SENTENCES = {"claim.reanchor": N_("Placed the quote on the article's new text."),
                    "claim.anchor_confirm": N_("Confirmed the new place of the quote."),
                    "claim.anchor_reselect": N_("Selected the quote again."),
                    "claim.anchor_orphan": N_("Marked the quote as gone from the article.")}
TRANSITION_WORDS = {
    ("draft", "in_review"): _l("submitted for review"),
    ("in_review", "published"): _l("published"),
    ("in_review", "draft"): _l("sent back to draft"),
    ("published", "in_review"): _l("reopened for correction"),
}
# Whole sentences, so that a language may order their words its own way; %(url)s and %(claim)s are marked up.
EVIDENCE_SENTENCES = {"evidence.add": N_("Added evidence (%(stance)s): %(url)s"),
                      "evidence.remove": N_("Removed evidence (%(stance)s): %(url)s"),
                      "evidence.restore": N_("Restored evidence (%(stance)s): %(url)s")}
LINK_SENTENCES = {"link.add": N_("Linked %(claim)s (%(relation)s)."),
                  "link.remove": N_("Unlinked %(claim)s (%(relation)s)."),
                  "link.restore": N_("Restored the link to %(claim)s (%(relation)s)."),
                  "link.update": N_("Edited the link to %(claim)s (%(relation)s).")}
CLAIM_FIELDS = {"claimant": _l("Claimant"), "claimed_at": _l("Claimed on"), "assignee_id": _l("Assignee"),
                "status": _l("Status")}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
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

    label: Any  # str, or lazy words translated when shown
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
    words: str  # after the actor's name, before the claim: "set the verdict of" (in the reader's language)
    sentence: tuple[Part, ...]  # the same as the claim's own history tells it: "Set the verdict to False: …"
    changes: tuple[Change, ...] = ()
    remark: Any = None  # the note, quote or comment shown under the sentence
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
    """The claim's audit events, oldest first; with `revisions`, each save's VerdictRevision too (in the same
    query)."""
    query = (select(AuditEvent).where(AuditEvent.claim_id == claim.id)
             .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id))
    if revisions:
        query = query.options(joinedload(AuditEvent.revision))
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
        action=event.action, at=event.at, actor=event.actor, words=str(action_in_words(event)),
        sentence=tuple(sentence), changes=tuple(changes), remark=remark, note=kept_words(event.note), event=event,
        revision=loaded if isinstance(loaded, VerdictRevision) else None, revision_id=event.revision_id,
    )


def action_in_words(event: AuditEvent) -> str:
    """What the actor did, as a phrase that reads after their name."""
    if event.action == "claim.transition":
        move = ((event.before or {}).get("status"), (event.after or {}).get("status"))
        return TRANSITION_WORDS.get(move, _l("changed the status of"))
    if event.action == "claim.update" and set(_changed(event)) == {"assignee_id"}:
        return _l("reassigned")
    return ACTION_WORDS.get(event.action, event.action.replace(".", " "))


def _changed(event: AuditEvent) -> list[str]:
    before, after = event.before or {}, event.after or {}
    return [key for key in after if before.get(key) != after.get(key)]


def phrase(message: str, kinds: dict[str, str], **variables) -> list[Part]:
    """A sentence translated whole (a language orders its words its own way), then cut into parts at the
    variables a page marks up, `kinds` saying how; the other variables are filled in as text."""
    parts, text = [], ""
    for index, piece in enumerate(PLACEHOLDER.split(_(message))):  # text, name, text, name, …, text
        if index % 2 == 0:
            text += piece
        elif piece in kinds:
            parts += [Part(text)] if text else []
            parts.append(Part(variables[piece], kinds[piece]))
            text = ""
        else:
            text += str(variables[piece])
    return parts + ([Part(text)] if text else [])


def _diff(label: str, before, after) -> list[Change]:
    return [Change(label, before, after, "diff")] if (before or "") != (after or "") else []


def _describe_claim(event, before, after, labels):
    if event.action == "claim.create":
        return [Part(_("Created the claim."))], [], None
    if event.action == "claim.transition":
        remark = _("Note: %(note)s", note=event.note) if event.note else None
        return [Part(before.get("status"), "status"), Part(" → "), Part(after.get("status"), "status")], [], remark
    if event.action in ANCHOR_SENTENCES:
        why = kept_words(event.note) if event.action == "claim.reanchor" else ""
        return [Part(_(ANCHOR_SENTENCES[event.action]))], [], (why[:1].upper() + why[1:] + ".") if why else None
    if event.action != "claim.update":
        return _describe_other(event, before, after, labels)
    changes = _diff(_("Claim"), before.get("text"), after.get("text"))
    for key, label in CLAIM_FIELDS.items():
        if before.get(key) == after.get(key):
            continue
        if key == "assignee_id":
            names = [labels.people.get(state.get(key), _("nobody")) for state in (before, after)]
            changes.append(Change(str(label), *names, "plain"))
        else:
            changes.append(Change(str(label), before.get(key), after.get(key), "value"))
    return [Part(_("Edited the claim:"))], changes, None


def _describe_verdict(event, before, after, labels):
    rating, was = after.get("rating"), before.get("rating")
    words = {"rating": labels.ratings.get(rating, rating), "summary": after.get("summary")}
    if not event.before:
        sentence = phrase(N_("Set the verdict to %(rating)s: %(summary)s"), {"rating": "strong"}, **words)
    elif was != rating:
        sentence = phrase(N_("Changed the verdict to %(rating)s (was %(was)s): %(summary)s"), {"rating": "strong"},
                          was=labels.ratings.get(was, was), **words)
    else:
        sentence = phrase(N_("Changed the verdict to %(rating)s: %(summary)s"), {"rating": "strong"}, **words)
    changes = []
    if event.before:
        changes = (_diff(_("Summary"), before.get("summary"), after.get("summary"))
                   + _diff(_("Explanation"), before.get("explanation"), after.get("explanation")))
    return sentence, changes, _("Why: %(note)s", note=event.note) if event.note else None


def _describe_correction(event, before, after, labels):
    changes = [Change(kept_words(change)) for change in after.get("changes") or []]
    return [Part(_("Published a correction: %(note)s", note=after.get("note")))], changes, None


def _describe_evidence(event, before, after, labels):
    if event.action == "evidence.update":
        changes = []
        if before.get("stance") != after.get("stance"):
            changes.append(Change(_("Stance"), *(labels.stances.get(s, s) for s in (before.get("stance"),
                                                                                after.get("stance"))), "plain"))
        changes += _diff(_("Quote"), before.get("quote"), after.get("quote"))
        changes += _diff(_("Note"), before.get("note"), after.get("note"))
        return phrase(N_("Edited evidence: %(url)s"), {"url": "url"}, url=after.get("url")), changes, None
    if event.action not in EVIDENCE_SENTENCES:
        return _describe_other(event, before, after, labels)
    row = before if event.action == "evidence.remove" else after
    stance = str(labels.stances.get(row.get("stance"), row.get("stance"))).lower()
    sentence = phrase(EVIDENCE_SENTENCES[event.action], {"url": "url"}, stance=stance, url=row.get("url"))
    return sentence, [], f"“{truncate(row['quote'], QUOTE_SHOWN)}”" if row.get("quote") else None


def _describe_link(event, before, after, labels):
    if event.action not in LINK_SENTENCES:
        return _describe_other(event, before, after, labels)
    row = before if event.action == "link.remove" else after
    other = row.get("to") if row.get("from") == event.claim_id else row.get("from")
    relation = str(labels.relations.get(row.get("relation"), row.get("relation"))).lower()
    sentence = phrase(LINK_SENTENCES[event.action], {"claim": "claim"}, claim=other, relation=relation)
    if event.action != "link.update":
        return sentence, [], row.get("note") or None
    changes = []
    if before.get("relation") != after.get("relation"):
        changes.append(Change(_("Relation"), *(labels.relations.get(r, r) for r in (before.get("relation"),
                                                                                after.get("relation"))), "plain"))
    return sentence, changes + _diff(_("Note"), before.get("note"), after.get("note")), None


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
                  words=str(ACTION_WORDS["correction.create"]),
                  sentence=(Part(_("Published a correction: %(note)s", note=correction.note)),),
                  changes=tuple(Change(kept_words(change)) for change in correction.changes or []), note=correction.note,
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
