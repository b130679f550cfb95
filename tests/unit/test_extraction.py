"""Reducing a web page to its article: main text in, boilerplate out, encodings right, metadata found."""

import json
from datetime import UTC, datetime

import pytest

from factcheck.errors import ValidationError
from factcheck.services.articles.importing import decode_html, extract_article, split_plain_text
from tests.fixtures.page_server import PAGES

EXPECTED = json.loads((PAGES / "expectations.json").read_text())
ARTICLES = [name for name, expected in EXPECTED.items() if not expected.get("no_article")]


def extracted(name: str):
    return extract_article((PAGES / name).read_bytes(), None, None)


@pytest.mark.parametrize("name", ARTICLES)
def test_the_main_text_comes_out(name):
    text = extracted(name).text
    for passage in EXPECTED[name]["include"]:
        assert passage in " ".join(text.split()), passage


@pytest.mark.parametrize("name", ARTICLES)
def test_menus_scripts_comments_and_footers_stay_out(name):
    text = extracted(name).text
    leaked = [passage for passage in EXPECTED[name]["exclude"] if passage in text]
    assert leaked == []


@pytest.mark.parametrize("name", ARTICLES)
def test_the_metadata_is_found(name):
    article, expected = extracted(name), EXPECTED[name]
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    assert article.published_at.date().isoformat() == expected["date"]
    assert article.outlet == expected["outlet"]
    assert article.canonical_url == expected["canonical_url"]
    assert article.language == expected["language"]


def test_the_text_is_plain_paragraphs_separated_by_blank_lines_without_the_headline():
    text = extracted("news-boilerplate.html").text
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("Kazakh President Kassym-Jomart Tokayev said")
    assert "Violence in Almaty continues" in paragraphs
    assert all(paragraph == paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)
    assert "<" not in text and "Tokayev orders troops to fire without warning" not in text


@pytest.mark.parametrize("name, words", [
    ("cyrillic-windows-1251.html", "Правительство Казахстана объявило"),
    ("latin1.html", "Le président kazakh a décrété mercredi l'état d'urgence"),
])
def test_a_charset_declared_only_in_the_page_is_honoured(name, words):
    raw = (PAGES / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert words in decode_html(raw)
    assert words in extract_article(raw, None, None).text


def test_the_http_charset_wins_over_a_guess_and_a_bom_wins_over_both():
    html = "<p>café</p>".encode("cp1252")
    assert decode_html(html, "windows-1252") == "<p>café</p>"
    assert decode_html("\ufeff<p>café</p>".encode("utf-8"), "windows-1252") == "<p>café</p>"


def test_latin_1_is_read_as_windows_1252_as_browsers_do():
    assert decode_html(b'<meta charset="iso-8859-1"><p>\x93quoted\x94</p>') .endswith("<p>“quoted”</p>")


def test_a_page_without_an_article_is_a_clear_error():
    with pytest.raises(ValidationError) as caught:
        extracted("no-article.html")
    assert caught.value.code == "no_article"
    assert caught.value.message.startswith("No article text found")


@pytest.mark.parametrize("html", ["", "<html></html>", "<p>Short.</p>", "\x00\x01binary"])
def test_empty_and_tiny_pages_have_no_article(html):
    with pytest.raises(ValidationError):
        extract_article(html, None, None)


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    paragraph = "The council met on Monday and agreed to extend the curfew for another week in every district."
    page = f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><article><p>{paragraph}</p></article></body></html>'
    assert extract_article(page, None, None).text == paragraph


def test_the_published_date_is_a_utc_instant():
    assert extracted("news-boilerplate.html").published_at == datetime(2022, 1, 7, tzinfo=UTC)


def test_a_short_first_line_of_plain_text_is_the_title():
    assert split_plain_text("Curfew extended\n\nThe curfew was extended.\n", "notes.txt") == (
        "Curfew extended", "The curfew was extended.")


def test_plain_text_whose_first_line_is_prose_takes_its_title_from_the_file_name():
    seed = ("Kazakh President Kassym-Jomart Tokayev said in a televised address Friday morning that he has "
            "ordered the military to fire without warning.\n\nHe also said he would not negotiate.")
    assert split_plain_text(seed, "seed-article.txt") == ("Seed article", seed)
    assert split_plain_text("One paragraph only.", "almaty_curfew.txt") == ("Almaty curfew", "One paragraph only.")


def test_og_locale_gives_the_language_when_the_page_declares_none():
    body = " ".join(["Президент Казахстана заявил, что порядок в стране восстановлен и протесты прекратились."] * 4)
    raw = (f'<html><head><meta property="og:locale" content="ru_RU"><title>Порядок</title></head>'
           f"<body><article><h1>Порядок</h1><p>{body}</p></article></body></html>")
    assert extract_article(raw).language == "ru_RU"  # as declared; create_article keeps "ru"
