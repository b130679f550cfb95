"""A claim's history: verdict revisions, transitions, corrections and other changes."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim

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
        return {"type": "correction", **entry, "note": event.note or (event.after or {}).get("note")}
    return {"type": event.action, **entry, "before": event.before, "after": event.after}
