"""Checks of single values shared by the services: text lengths, dates, choices."""

from factcheck.i18n import lazy_gettext as _l
from datetime import UTC, date, datetime

from factcheck.errors import ValidationError


def clean_text(value, field: str, *, required: bool = False, max_length: int, label: str = "") -> str:
    """A stripped string within `max_length`; an error naming `field` otherwise."""
    label = label or field.replace("_", " ").capitalize()
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_l('%(label)s must be text.', label=label), {field: _l('Must be text.')})
    value = value.strip()
    if required and not value:
        raise ValidationError(_l('%(label)s is required.', label=label), {field: _l('This field is required.')})
    if len(value) > max_length:
        raise ValidationError(_l('%(label)s is too long.', label=label),
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
        raise ValidationError(_l('Dates must be ISO 8601 text.'), {field: _l('Use a date like 2022-01-07.')})
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ValidationError(_l('%(value)r is not a date.', value=value), {field: _l('Use a date like 2022-01-07.')}) from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def choice(value, field: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise ValidationError(
            _l('Unknown %(field)s %(value)r.', field=field.replace('_', ' '), value=value),
            {field: "Choose one of: " + ", ".join(allowed) + "."},
        )
    return value
