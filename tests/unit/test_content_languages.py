"""Content languages as pure functions: codes, detection, Russian sentences and hints, slugs, query words."""

from pathlib import Path

import pytest

from factcheck.services.text.attribution import attribution_hints
from factcheck.services.text.languages import detect_language, language_code, search_configuration, stem
from factcheck.services.reads.search import _fts5_term, query_languages
from factcheck.services.text.sentences import split_sentences
from factcheck.services.text.slugs import slugify

RUSSIAN_TEXT = (Path(__file__).resolve().parent.parent / "fixtures" / "russian_article.txt").read_text()


@pytest.mark.parametrize(("value", "code"), [("ru", "ru"), ("ru-RU", "ru"), ("ru_RU", "ru"), (" EN-gb ", "en"),
                                             ("kk", "kk"), ("", None), ("русский", None), ("e", None), (None, None)])
def test_language_codes_are_primary_subtags(value, code):
    assert language_code(value) == code


@pytest.mark.parametrize(("text", "language"), [
    ("Президент Казахстана заявил, что порядок в стране восстановлен.", "ru"),
    ("Қазақстан Президенті елде тәртіп қалпына келтірілгенін мәлімдеді.", "kk"),
    ("26 protesters were killed", "en"),
    ("The president said order had been restored in the country.", "en"),
])
def test_detection_tells_russian_kazakh_and_english_apart(text, language):
    assert detect_language(text) == language


def test_two_words_are_too_few_to_detect():
    assert detect_language("Токаев заявил") is None


def test_each_language_is_searched_in_its_configuration():
    assert search_configuration("ru") == "russian"
    assert search_configuration("kk") == "simple"
    assert search_configuration(None) == "english"  # claims from before languages were recorded


def test_slugs_are_transliterated():
    assert slugify("погибли 26 протестующих") == "pogibli-26-protestuyushchikh"
    assert slugify("Қазақстан Тоқаев") == "qazaqstan-toqaev"
    assert slugify("Tokayev said order had been restored") == "tokayev-said-order-had-been-restored"
    assert slugify("«»") == "claim"


def test_sqlite_query_words_beyond_ascii_are_stem_prefixes():
    languages = query_languages(["протестующим"])
    assert languages == ["en", "ru", None]
    assert _fts5_term("протестующим", languages) == '("протестующим"* OR "протест"*)'
    assert _fts5_term("вооружённые", ["ru"]) == '("вооружённые"* OR "вооружен"* OR "вооружён"*)'
    assert _fts5_term("restored", languages) == '"restored"'  # Porter in the table, as before
    assert query_languages(["погиб"], "kk") == ["kk"]
    assert stem("погибли", "ru") == "погибл" and stem("погибли", "kk") is None


def test_russian_sentences_keep_abbreviations_and_initials():
    text = ("Ранее в пятницу К.-Ж. Токаев заявил, что порядок восстановлен. Задержаны более 3 тыс. человек, "
            "т. е. больше, чем в 2016 г. Протесты начались 2 января. «Мы уйдём», — сказал он.\nЕщё строка")
    assert [s.text for s in split_sentences(text)] == [
        "Ранее в пятницу К.-Ж. Токаев заявил, что порядок восстановлен.",
        "Задержаны более 3 тыс. человек, т. е. больше, чем в 2016 г. Протесты начались 2 января.",
        "«Мы уйдём», — сказал он.",
        "Ещё строка",
    ]


def test_a_sentence_starting_with_a_kazakh_capital_is_a_new_sentence():
    assert len(split_sentences("Бұл бірінші сөйлем. Қазақстанда екінші сөйлем.")) == 2


def test_russian_hints_name_their_claimants():
    hints = attribution_hints(RUSSIAN_TEXT, "ru")
    found = {(hint.claimant, hint.quote) for hint in hints}
    assert ("ТАСС", "в четверг поздно вечером в центре Алматы звучали выстрелы, а здание телеканала было "
                    "подожжено") in found
    assert ("Касым-Жомарт Токаев", "порядок в Казахстане восстановлен") in found  # "К.-Ж. Токаев"
    assert ("Касым-Жомарт Токаев", "Алматы угрожают «двадцать тысяч бандитов»") in found  # "По словам Токаева"
    assert ("Официальные данные", "погибли 26 протестующих, которых власти называют «вооружёнными "
                                  "преступниками»") in found
    assert ("Представитель полиции", "«десятки нападавших ликвидированы»") in found
    assert all(RUSSIAN_TEXT[hint.start:hint.end] == hint.quote for hint in hints)


@pytest.mark.parametrize(("sentence", "claimant", "quote"), [
    ("Министерство внутренних дел сообщило, что задержаны 112 человек.", "Министерство внутренних дел",
     "задержаны 112 человек"),
    ("Токаев заявил, что порядок в стране восстановлен.", "Токаев", "порядок в стране восстановлен"),
    ("«Патрулирование улиц будет продолжено», — сказал министр Ерлан Тургумбаев.", "Ерлан Тургумбаев",
     "Патрулирование улиц будет продолжено"),
    ("Цены на газ снизятся до 50 тенге, заявило правительство Казахстана.", "Правительство Казахстана",
     "Цены на газ снизятся до 50 тенге"),
])
def test_russian_reporting_patterns(sentence, claimant, quote):
    [hint] = attribution_hints(sentence, "ru")
    assert (hint.claimant, hint.quote) == (claimant, quote)


def test_sentences_without_attribution_give_no_russian_hints():
    assert attribution_hints("Река поднялась на два метра. Дороги закрыты.", "ru") == []
