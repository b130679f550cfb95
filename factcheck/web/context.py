"""What every view needs from the request: who acts, the public base URL, page or fragment."""

from flask import current_app, flash, redirect, render_template, request
from flask_login import current_user
from markupsafe import Markup

from factcheck.extensions import htmx
from factcheck.models import User


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
    flash(message, category)
    return redirect(to, code=code)


PAGE_LANGUAGE = "en"  # the interface's language, the one <html lang> says (one place: base.html reads it here)


def page_language() -> str:
    return PAGE_LANGUAGE


def content_lang(language: str | None) -> Markup:
    """` lang="ru"` for an element holding content in another language than the page's, else nothing."""
    if not language or language == page_language():
        return Markup("")
    return Markup(' lang="{}"').format(language)


def language_helpers() -> dict:
    return {"page_language": page_language, "content_lang": content_lang}
