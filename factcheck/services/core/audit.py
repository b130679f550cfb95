"""Recording AuditEvents in the same transaction as the change they describe."""

from typing import Any

from factcheck.extensions import db
from factcheck.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    entity: Any,
    *,
    claim_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
    revision=None,
) -> AuditEvent:
    """Add an AuditEvent for `entity` (flushed first so that it has an id); `revision` is the VerdictRevision
    a verdict save recorded with it."""
    if entity.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        entity_type=entity.__tablename__,
        entity_id=entity.id,
        claim_id=claim_id,
        before=before,
        after=after,
        note=note,
        revision=revision,
    )
    db.session.add(event)
    return event
