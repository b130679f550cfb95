"""A claim's history: verdict revisions, transitions, corrections and other changes."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, ClaimStatus

PUBLIC_HISTORY_ACTIONS = ("verdict.set", "claim.transition", "correction.create")


def audit_trail(claim: Claim, actions: tuple[str, ...] | None = None) -> list[AuditEvent]:
    """The claim's audit events, oldest first."""
    query = (select(AuditEvent).where(AuditEvent.claim_id == claim.id)
             .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id))
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    return list(db.session.scalars(query))


def history_entry(event: AuditEvent) -> dict:
    """One entry of GET /claims/<id>/history."""
    entry = {"at": event.at.isoformat(), "by": event.actor.name if event.actor else None, "note": event.note}
    if event.action == "verdict.set":
        return {"type": "verdict_revision", **entry, **(event.after or {}), "previous": event.before}
    if event.action == "claim.transition":
        return {"type": "transition", **entry, "from": (event.before or {}).get("status"),
                "to": (event.after or {}).get("status")}
    if event.action == "correction.create":
        # The correction's public note is kept in `after` (the event itself has no note).
        return {"type": "correction", **entry, "note": event.note or (event.after or {}).get("note"),
                "changes": (event.after or {}).get("changes") or []}
    return {"type": event.action, **entry, "before": event.before, "after": event.after}


def public_history(claim: Claim) -> list[dict]:
    """The history readers get: each published verdict, the publications and the corrections, oldest first.

    Verdicts saved before a publication and never published (drafts, or work between a reopening and the
    republication) stay on the desk, and so do who made each change and the desk's own notes.
    """
    entries, pending, previous = [], None, None
    for event in audit_trail(claim, PUBLIC_HISTORY_ACTIONS):
        if event.action == "verdict.set":
            pending = event  # public only if a publication follows before the next save
            continue
        if event.action == "claim.transition" and (event.after or {}).get("status") != ClaimStatus.PUBLISHED:
            continue
        if pending is not None:
            entries.append({**history_entry(pending), "previous": previous})
            previous, pending = pending.after, None
        entries.append(history_entry(event))
    for entry in entries:
        entry.pop("by", None)
        if entry["type"] != "correction":  # a correction note is written for readers; the others are not
            entry.pop("note", None)
    return entries
