"""The interface in the reader's language: which one a request gets, and the catalogues compiled for it.

The locale is the signed-in user's setting, else the best of the browser's Accept-Language among the
languages we have catalogues for, else DEFAULT_LOCALE. Content languages (articles, search) are another
matter: factcheck/services/text/languages.py.
"""

import json
import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations, refresh
from flask_babel.speaklater import LazyString
from markupsafe import escape
from flask_login import current_user

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
SOURCE_LANGUAGE = "en"  # the msgids are English: English needs no catalogue to be complete


class LazyText(LazyString):
    """Flask-Babel's lazy string, escaped like any text in a template (its own would be inserted as HTML)."""

    def __html__(self):
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> LazyText:
    """A message translated when it is shown (form labels, validation messages): `_l` in the code."""
    return LazyText(_translate, string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables) -> LazyText:
    """The lazy form of ngettext: `%(num)s` is the count."""
    return LazyText(_translate_plural, singular, plural, num, **variables)


def _translate(string: str, **variables) -> str:
    translated = request_translations().ugettext(string)
    return translated % variables if variables else translated


def _translate_plural(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)  # as Flask-Babel's ngettext
    return request_translations().ungettext(singular, plural, num) % variables


def N_(string: str) -> str:
    """Marks a message for extraction (one of Babel's default keywords) that is translated later, when used."""
    return string


class Percent(float):
    """A parameter of a kept message shown as a percentage in the reader's language ("85%", "85 %")."""


def keep(message, **params) -> str:
    """A message stored now and shown later in the reader's language (an anchor's reason, a job's step):
    JSON of its English msgid, marked with N_ where it is written, and its parameters. `message` may also be
    a lazy message (`_l`, `lazy_ngettext`), kept with its own parameters. A parameter is text, a number, a
    Percent or another lazy message. What is stored stays readable as English by `kept_words`, which the API
    uses; text stored before messages were kept (plain English) is shown as it is."""
    return json.dumps(kept_message(message, **params), ensure_ascii=False)


def keep_fitting(limit: int, message, **params) -> str:
    """keep() into a column of `limit` characters: the longest text parameter is shortened until it fits."""
    kept = keep(message, **params)
    while len(kept) > limit:
        longest = max((k for k, v in params.items() if isinstance(v, str)), key=lambda k: len(params[k]), default=None)
        if longest is None or len(params[longest]) <= 1:
            return str(message)[:limit]
        params[longest] = params[longest][:max(1, len(params[longest]) - (len(kept) - limit) - 1)] + "…"
        kept = keep(message, **params)
    return kept


def kept_message(message, *, clauses: tuple = (), trimmed: tuple = (), **params) -> dict:
    """What keep() stores, as a dict: another kept message's parameter. `clauses` names the parameters shown
    as the second half of a sentence (a first capital lowered: "The host…", not "TASS…"), `trimmed` those shown
    before more words; both drop their full stop."""
    if isinstance(message, dict) and not params:  # kept already
        return message
    if isinstance(message, LazyString):
        args, params = message._args, {**message._kwargs, **params}
        data = {"msgid": args[0]}
        if len(args) == 3:  # lazy_ngettext(singular, plural, num)
            data.update(plural=args[1], num=args[2])
    else:
        data = {"msgid": str(message)}
    if params:
        data["params"] = {key: _kept_value(value) for key, value in params.items()}
    if clauses:
        data["clauses"] = list(clauses)
    if trimmed:
        data["trimmed"] = list(trimmed)
    return data


def _kept_value(value):
    if isinstance(value, LazyString):
        return kept_message(value)
    if isinstance(value, Percent):
        return {"percent": float(value)}
    if isinstance(value, dict):  # a kept message already (keep()'s JSON, loaded)
        return value
    return value if isinstance(value, (int, float)) or value is None else str(value)


def kept_words(stored) -> str:
    """What keep() stored (or kept_message() made), in this request's language (English in the API); any other
    text as it is."""
    if isinstance(stored, dict):
        return _said(stored)
    if not isinstance(stored, str) or not stored.startswith('{"msgid"'):
        return stored or ""
    try:
        data = json.loads(stored)
    except ValueError:
        return stored
    return _said(data)


def _said(data: dict) -> str:
    from flask_babel import format_percent

    params = {}
    for key, value in (data.get("params") or {}).items():
        if isinstance(value, dict) and "percent" in value:
            value = format_percent(value["percent"])
        elif isinstance(value, dict) and "msgid" in value:
            value = _said(value)
        if key in [*data.get("clauses", ()), *data.get("trimmed", ())] and isinstance(value, str):
            value = value.rstrip(".")
        if key in data.get("clauses", ()) and isinstance(value, str) and value[1:2].islower():
            value = value[:1].lower() + value[1:]
        params[key] = value
    if "plural" in data:
        return _translate_plural(data["msgid"], data["plural"], data["num"], **params)
    return _translate(data["msgid"], **params)


def interface_languages() -> list[str]:
    """The languages the interface speaks: English and every language with a catalogue."""
    found = {path.name for path in TRANSLATIONS.iterdir() if (path / "LC_MESSAGES" / "messages.po").is_file()}
    return sorted(found | {SOURCE_LANGUAGE})


def choose_locale() -> str:
    """Flask-Babel's locale selector (see the module's docstring). Remembers in `g` whether the browser's
    header chose, so that the response says `Vary: Accept-Language`."""
    from flask import current_app

    if not has_request_context():  # a background job: its messages are kept, in the site's language
        return current_app.config["DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):
        return SOURCE_LANGUAGE  # the API's messages are part of its contract: English, whoever asks
    languages = current_app.config["INTERFACE_LANGUAGES"]
    if current_user.is_authenticated and current_user.interface_language in languages:
        return current_user.interface_language
    g.locale_from_header = True
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LOCALE"]


def interface_language() -> str:
    """The language of this request's interface, as <html lang> and Content-Language say it."""
    locale = get_locale()
    return locale.language if locale else SOURCE_LANGUAGE


def _language_headers(response):
    """Content-Language on pages, and Vary: Accept-Language when the browser's header chose it."""
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault("Content-Language", interface_language())
    if g.get("locale_from_header"):
        response.vary.add("Accept-Language")
    return response


def compile_catalogues(folder: Path = TRANSLATIONS) -> Path:
    """Compile every messages.po that is newer than its messages.mo, and return the folder that holds the
    .mo files: the package's own, or one in the instance folder's temp space when the package is read-only.

    At app start rather than in an install script: every way of starting the app (scripts/run, scripts/serve,
    tests, CI, a plain `flask run`, gunicorn workers) then has catalogues that match the .po in the tree, and
    no .mo ever goes stale or gets committed."""
    try:
        _compile_into(folder, folder)
        return folder
    except OSError:
        target = Path(tempfile.gettempdir()) / f"factcheck-translations-{os.getuid()}"
        logging.getLogger("factcheck").warning("translations folder is read-only; compiling into %s", target)
        _compile_into(folder, target)
        return target


def _compile_into(source: Path, target: Path) -> None:
    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        # A temporary file then a rename: workers starting together never read half a catalogue.
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temporary, mo_path)


def request_translations():
    """This request's catalogue, found once: Flask-Babel looks it up again for every message (through four
    context lookups), and a page of desk lists says hundreds. Change the language within a request with
    refresh_language(), never Flask-Babel's refresh() alone."""
    if not has_app_context():
        return get_translations()
    translations = g.get("interface_translations")
    if translations is None:
        translations = g.interface_translations = get_translations()
    return translations


def refresh_language() -> None:
    """After the user chose another interface language: the rest of this request speaks it."""
    refresh()
    g.pop("interface_translations", None)


def _install_template_gettext(app: Flask) -> None:
    """The templates' _(), ngettext() and {% trans %} read this request's catalogue (request_translations)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: request_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(context, singular, plural, n),
        newstyle=True,
    )


def register(app: Flask) -> None:
    from factcheck.extensions import babel

    app.config.setdefault("INTERFACE_LANGUAGES", interface_languages())
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LOCALE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compile_catalogues())
    babel.init_app(app, locale_selector=choose_locale)
    _install_template_gettext(app)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks as one line, as babel.cfg extracts them
    app.after_request(_language_headers)
