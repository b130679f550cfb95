"""What every view needs from the request: who acts, the public base URL, page or fragment."""

from datetime import date, datetime
from functools import lru_cache

from babel import Locale, dates
from flask import current_app, flash, redirect, render_template, request
from flask_babel import (
    format_date, format_datetime, format_decimal, format_number, format_percent, get_locale, to_user_timezone,
)
from flask_login import current_user
from markupsafe import Markup

from factcheck.extensions import htmx
from factcheck.i18n import interface_language, kept_words
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Stance, User
from factcheck.services.claims.ratings import DEFAULT_SCALE


def acting_user() -> User:
    """The signed-in staff member making a change from the desk."""
    return current_user._get_current_object()


def base_url() -> str:
    """The public root URL: PUBLIC_BASE_URL when configured, else this request's host."""
    return current_app.config.get("PUBLIC_BASE_URL") or request.url_root


def is_htmx() -> bool:
    """True for a request htmx made for a fragment (not a boosted full-page navigation)."""
    return bool(htmx) and not htmx.boosted


def page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """The fragment for htmx, the whole page (which includes the same fragment) otherwise."""
    return render_template(fragment if is_htmx() else page, **context), status


def htmx_or_redirect(fragment, message: str, to: str, *, category: str = "success", code: int = 303):
    """After a change: for htmx what `fragment()` answers (the fresh part of the page, saying so); a plain form
    gets `message` flashed and a redirect to `to`, the page to show it on."""
    if is_htmx():
        return fragment()
    flash(str(message), category)
    return redirect(to, code=code)


def page_language() -> str:
    """The interface's language, the one <html lang> says (factcheck/i18n.py chooses it per request)."""
    return interface_language()


def content_lang(language: str | None) -> Markup:
    """` lang="ru"` for an element holding content in another language than the page's, else nothing."""
    if not language or language == page_language():
        return Markup("")
    return Markup(' lang="{}"').format(language)


# The default scale's names (factcheck/services/claims/ratings.py) as the interface says them; the keys and
# what the API and ClaimReview say stay English. A name an admin changed is shown as they wrote it.
RATING_NAMES = {"True": _l("True"), "Mostly true": _l("Mostly true"), "Mixed": _l("Mixed"),
                "Mostly false": _l("Mostly false"), "False": _l("False"), "Misleading": _l("Misleading"),
                "Unproven": _l("Unproven")}
# What a source says of a claim, and what kind of source it is, as the interface says them.
STANCE_WORDS = {
    Stance.SUPPORTS: _l("Supports the claim"),
    Stance.CONTRADICTS: _l("Contradicts the claim"),
    Stance.CONTEXT: _l("Context"),
}
KIND_WORDS = {
    "news_report": _l("News report"), "official_statement": _l("Official statement"),
    "primary_document": _l("Primary document"), "dataset": _l("Dataset"), "interview": _l("Interview"),
    "social_post": _l("Social media post"), "other": _l("Other"),
}
# How a claim's quote sits in its article's text (claim.anchor_status), in a sentence.
ANCHOR_WORDS = {"exact": _l("exact"), "moved": _l("moved"), "fuzzy": _l("fuzzy"), "orphaned": _l("orphaned"),
                "missing": _l("missing")}
# A staff member's role (User.role) as the interface names it.
ROLE_WORDS = {"factchecker": _l("Fact-checker"), "editor": _l("Editor"), "admin": _l("Admin")}
DEFAULT_NAMES = {key: label for key, label, _colour, _value in DEFAULT_SCALE}


def rating_label(rating) -> str:
    """A rating's name in the interface's language: the translation of a default name still in use, else the
    name as the admin wrote it."""
    if rating is None:
        return ""
    if DEFAULT_NAMES.get(rating.key) == rating.label:
        return str(RATING_NAMES[rating.label])
    return rating.label


def content_language_name(code: str) -> str:
    """A content language's name in the interface's language ("Russian", "Русский"), from Babel's CLDR data."""
    try:
        name = Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def long_date(instant) -> str:
    """"3 December 2026", "3 декабря 2026": the day, the month's name and the year."""
    return _day(instant, "d MMMM y")


def short_date(instant) -> str:
    return _day(instant, "d MMM y")


def _day(instant, pattern: str) -> str:
    """The day of `instant` (in the interface's time zone, as format_date) in the interface's language."""
    if not instant:
        return ""
    if isinstance(instant, datetime):
        instant = to_user_timezone(instant).date()
    return _formatted_day(instant, pattern, get_locale())


@lru_cache(maxsize=4096)
def _formatted_day(day: date, pattern: str, locale: Locale) -> str:
    # A desk list dates each of its dozens of rows: each day is formatted once (Babel takes ~25 µs a date).
    return dates.format_date(day, pattern, locale=locale)


def long_datetime(instant) -> str:
    return format_datetime(instant, "d MMMM y, HH:mm") if instant else ""


def short_datetime(instant) -> str:
    """"3 Dec 2026, 14:05" in the interface's language, in UTC as everywhere on the desk."""
    return format_datetime(instant, "d MMM y, HH:mm") if instant else ""


def as_sentence(words) -> str:
    """A clause as a sentence: its first letter capitalised (the rest as written: names keep theirs) and a full
    stop."""
    words = str(words or "").strip()
    if not words:
        return ""
    return words[:1].upper() + words[1:] + ("" if words[-1] in ".!?…" else ".")


def language_helpers() -> dict:
    return {"page_language": page_language, "content_lang": content_lang, "rating_label": rating_label,
            "long_date": long_date, "short_date": short_date, "short_datetime": short_datetime, "long_datetime": long_datetime,
            "stance_words": STANCE_WORDS, "kind_words": KIND_WORDS, "anchor_words": ANCHOR_WORDS,
            "role_words": ROLE_WORDS}


def register_formats(app) -> None:
    """Babel's formats as filters under plain names: `{{ n | format_number }}`, `{{ d | format_date("long") }}`."""
    app.jinja_env.filters.update(format_date=format_date, format_datetime=format_datetime,
                                 format_number=format_number, format_decimal=format_decimal,
                                 format_percent=format_percent, kept_words=kept_words, as_sentence=as_sentence)
