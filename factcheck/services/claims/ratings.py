"""The verdict scale."""

from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Rating

DEFAULT_SCALE = [
    # key, label, colour (white text passes WCAG AA on each), ClaimReview value
    ("true", "True", "#1a7f37", 5),
    ("mostly-true", "Mostly true", "#4d7c0f", 4),
    ("mixed", "Mixed", "#9a6700", 3),
    ("mostly-false", "Mostly false", "#bc4c00", 2),
    ("false", "False", "#cf222e", 1),
    ("misleading", "Misleading", "#8250df", None),
    ("unproven", "Unproven", "#57606a", None),
]


def rating_scale() -> list[Rating]:
    return list(db.session.scalars(select(Rating).order_by(Rating.position)))


def ensure_default_ratings() -> None:
    """Add any missing rating of the default scale; an admin's changes are kept."""
    existing = set(db.session.scalars(select(Rating.key)))
    for position, (key, label, colour, value) in enumerate(DEFAULT_SCALE, start=1):
        if key not in existing:
            db.session.add(Rating(key=key, label=label, colour=colour, value=value, position=position))
    db.session.commit()
