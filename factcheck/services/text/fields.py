"""Checks of single values shared by the services: text lengths, dates, choices."""

from datetime import UTC, date, datetime

from factcheck.errors import ValidationError


def clean_text(value, field: str, *, required: bool = False, max_length: int, label: str = "") -> str:
    """A stripped string within `max_length`; an error naming `field` otherwise."""
    label = label or field.replace("_", " ").capitalize()
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{label} must be text.", {field: "Must be text."})
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{label} is required.", {field: "This field is required."})
    if len(value) > max_length:
        raise ValidationError(f"{label} is too long.",
                              {field: f"At most {max_length:,} characters (got {len(value):,})."})
    return value


def parse_instant(value, field: str) -> datetime | None:
    """An ISO 8601 date or date-time as a UTC instant (a bare date is midnight UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        raise ValidationError("Dates must be ISO 8601 text.", {field: "Use a date like 2022-01-07."})
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ValidationError(f"{value!r} is not a date.", {field: "Use a date like 2022-01-07."}) from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def choice(value, field: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise ValidationError(
            f"Unknown {field.replace('_', ' ')} {value!r}.",
            {field: "Choose one of: " + ", ".join(allowed) + "."},
        )
    return value
