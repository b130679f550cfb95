"""Languages of the content (articles and claims): codes, detection, and how each is searched (pure functions).

A language is an ISO 639 code ("ru", "en", "kk"). Articles take theirs from the import (HTML metadata),
else from py3langid on the text; claims inherit it. Searching a language uses PostgreSQL's text-search
configuration for it and, on SQLite, the Snowball stemmer of the same name (PostgreSQL's dictionaries are
Snowball's): to add a language, add its code to SEARCH_CONFIGURATIONS with the configuration's name
(`SELECT cfgname FROM pg_ts_config`), and to STEMMERS when snowballstemmer has it. Languages without a
configuration are searched word by word ("simple"). Claims with no language (before languages were
recorded) are English, as they always were.
"""

from factcheck.i18n import lazy_gettext as _l
import re
from functools import cache

import py3langid
import snowballstemmer

from factcheck.errors import ValidationError
from factcheck.services.text.fields import clean_text

# ISO 639-1 code → PostgreSQL text-search configuration (Snowball stemming).
SEARCH_CONFIGURATIONS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi",
    "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
# The languages the desk offers when correcting an article's (any other code can be given through the API).
LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "kk": "Kazakh", "uk": "Ukrainian", "ky": "Kyrgyz", "uz": "Uzbek",
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "tr": "Turkish",
    "ar": "Arabic", "zh": "Chinese",
}
FALLBACK_CONFIGURATION = "simple"  # every word as it is, lower-cased
UNKNOWN_LANGUAGE_CONFIGURATION = "english"  # claims recorded before languages were
# Snowball stemmers (snowballstemmer's names) for the SQLite search: the same algorithms PostgreSQL uses.
STEMMERS = {code: name for code, name in SEARCH_CONFIGURATIONS.items() if name in snowballstemmer.algorithms()}
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")
MIN_DETECTION_WORDS = 3
DETECTION_SAMPLE_CHARS = 4000


def language_code(value) -> str | None:
    """The primary language subtag of an HTML lang, og:locale or user value ("ru-RU", "ru_RU" → "ru"), or None."""
    if not isinstance(value, str):
        return None
    found = _CODE.match(value.strip().lower())
    return found.group(1) if found else None


def given_language(value, field: str = "language") -> str | None:
    """A language code from a user or an import, checked ("ru", "ru-RU", "ru_RU" → "ru"); None for nothing."""
    value = clean_text(value, field, max_length=16)
    if not value:
        return None
    code = language_code(value)
    if code is None:
        raise ValidationError(_l('The %(field)s must be a language code such as ru, en or kk.', field=field),
                              {field: _l('A language code such as ru, en or kk.')})
    return code


def detect_language(text: str | None) -> str | None:
    """The language of a text by py3langid, or None when there are too few words to tell."""
    sample = (text or "")[:DETECTION_SAMPLE_CHARS]
    if len(re.findall(r"\w+", sample)) < MIN_DETECTION_WORDS:
        return None
    return py3langid.classify(sample)[0]


def search_configuration(language: str | None) -> str:
    """The PostgreSQL text-search configuration for a content language."""
    if language is None:
        return UNKNOWN_LANGUAGE_CONFIGURATION
    return SEARCH_CONFIGURATIONS.get(language, FALLBACK_CONFIGURATION)


def configuration_case_sql(column: str = "language") -> str:
    """SQL choosing the configuration of a row by its language column (a generated column may use it)."""
    cases = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in sorted(SEARCH_CONFIGURATIONS.items()))
    return (f"CASE WHEN {column} IS NULL THEN '{UNKNOWN_LANGUAGE_CONFIGURATION}'::regconfig "
            f"ELSE CASE {column} {cases} ELSE '{FALLBACK_CONFIGURATION}'::regconfig END END")


@cache
def _stemmer(name: str):
    return snowballstemmer.stemmer(name)


def stem(word: str, language: str | None) -> str | None:
    """The Snowball stem of a lower-case word in a language, or None when there is no stemmer for it."""
    name = STEMMERS.get(language or "")
    return _stemmer(name).stemWord(word) if name else None
