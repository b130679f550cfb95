"""Every message of the templates and the code is in every catalogue, translated, with the same placeholders:
the messages are extracted here with Babel's own API from babel.cfg, as `pybabel extract` does."""

import re

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from factcheck import ROOT
from factcheck.i18n import TRANSLATIONS, interface_languages

KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extracted() -> set:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(ROOT), method_map, options_map,
                                                                      keywords=KEYWORDS):
        found.add((message if isinstance(message, str) else tuple(message[:2]), context))
    return found


@pytest.fixture(scope="module")
def messages() -> set:
    found = extracted()
    assert len(found) > 500  # the extraction read the templates and the code, not nothing
    return found


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def test_russian_and_english_are_interface_languages():
    assert {"en", "ru"} <= set(interface_languages())


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_message_is_translated(messages, language):
    translations = catalogue(language)
    missing = sorted(str(message) for message, context in messages
                     if not _translated(translations.get(message, context=context)))
    assert missing == [], f"{len(missing)} messages are not translated in {language}: {missing[:20]}"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_translation_keeps_the_placeholders(language):
    wrong = []
    for message in catalogue(language):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(PLACEHOLDER.findall(source) for source in sources)) - {"num"}
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - {"num"} != wanted:
                wrong.append((message.id, string))
    assert wrong == []


def test_a_missing_message_is_noticed(messages):
    """The check above can fail: a message taken out of the catalogue is reported."""
    translations = catalogue("ru")
    dropped = sorted(message for message, context in messages if isinstance(message, str) and not context)[0]
    translations.delete(dropped)
    assert not _translated(translations.get(dropped))


def _translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)
