"""Importing articles from files and URLs, and importing them again; each bad input stores nothing."""

import pytest
from sqlalchemy import func, select

from factcheck.errors import DomainError, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, ArticleRevision
from factcheck.services.library.fetching import FetchError, Fetched
from factcheck.services.articles.importing import import_article, import_document, import_url, reimport_article
from factcheck.services.text.sentences import split_sentences
from tests.factories import make_claim, make_user
from tests.fixtures.page_server import PAGES, page_server  # noqa: F401 (a fixture)

SEED = (PAGES.parents[2] / "factcheck" / "data" / "seed-article.txt")


@pytest.fixture
def checker(app):
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    with app.app_context():
        yield make_user("factchecker")


def article_count() -> int:
    return db.session.scalar(select(func.count(Article.id)))


def test_a_url_becomes_an_article_with_its_metadata_and_raw_html(checker, page_server):
    url = page_server.url("/pages/news-boilerplate.html")
    article = import_url(checker, url)
    assert article.title == "Tokayev orders troops to fire without warning"
    assert (article.author, article.outlet, article.language) == ("Anna Petrova", "The Steppe Herald", "en")
    assert article.url == url and article.published_at.year == 2022
    assert article.text.startswith("Kazakh President Kassym-Jomart Tokayev said")
    assert "Most read" not in article.text and "Reader1984" not in article.text
    assert article.raw_html == (PAGES / "news-boilerplate.html").read_text()
    assert article.imported_by_id == checker.id


def test_a_page_in_windows_1251_is_imported_in_the_right_letters(checker, page_server):
    article = import_url(checker, page_server.url("/pages/cyrillic-windows-1251.html"))
    assert article.title == "Цены на газ в Казахстане снижены после протестов"
    assert "Президент Касым-Жомарт Токаев заявил" in article.text and article.language == "ru"


def test_a_plain_text_url_keeps_its_first_line_as_the_title(checker, page_server):
    article = import_url(checker, page_server.url("/article.txt"))
    assert article.title == "Almaty curfew extended" and article.text.startswith("The curfew in Almaty")
    assert article.raw_html is None


def test_a_redirected_url_is_stored_as_its_final_address(checker, page_server):
    article = import_url(checker, page_server.url("/redirect-twice"))
    assert article.url == page_server.url("/pages/news-boilerplate.html")


@pytest.mark.parametrize("path, code", [
    ("/pages/no-article.html", "no_article"),
    ("/document.pdf", "not_html"),
    ("/missing", "http_error"),
    ("/redirect-loop", "too_many_redirects"),
    ("/redirect-private", "private_address"),
    ("/huge", "too_large"),
])
def test_each_bad_url_is_refused_with_its_code_and_stores_nothing(checker, page_server, path, code):
    with pytest.raises(DomainError) as caught:
        import_url(checker, page_server.url(path))
    assert caught.value.code == code and caught.value.status == 422
    assert article_count() == 0


def test_a_timeout_stores_nothing(checker, page_server):
    def impatient(url):
        from factcheck.services.library.fetching import fetch
        return fetch(url, timeout=0.5)

    with pytest.raises(FetchError) as caught:
        import_url(checker, page_server.url("/slow"), fetcher=impatient)
    assert caught.value.code == "timeout" and article_count() == 0


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "localhost"])
def test_internal_addresses_are_refused_without_the_allowance_and_nothing_is_stored(
        app, checker, page_server, host):
    app.config["FETCH_ALLOWED_HOSTS"] = ""
    with pytest.raises(FetchError) as caught:
        import_article(checker, f"http://{host}:{page_server.server_address[1]}/pages/news-boilerplate.html")
    assert caught.value.code == "private_address" and article_count() == 0


def test_a_local_text_file_is_imported(checker):
    article = import_article(checker, str(SEED))
    assert article.title == "Seed article"  # its first line is a paragraph, not a headline
    assert article.text == SEED.read_text().strip()
    assert len(split_sentences(article.text)) > 10


def test_a_local_html_file_is_imported_with_its_canonical_url(checker):
    article = import_article(checker, str(PAGES / "latin1.html"))
    assert article.title == "Kazakhstan : l'état d'urgence décrété à Almaty"
    assert article.url == "https://quotidien-steppes.example/monde/etat-urgence-almaty"
    assert "Selon le ministère de l'Intérieur" in article.text


@pytest.mark.parametrize("name, content, code", [
    ("empty.txt", b"  \n ", "empty"),
    ("picture.png", b"\x89PNG\r\n", "unsupported_file"),
    ("binary.txt", b"\x00\x01\x02\x03 binary", "not_text"),
    ("menu.html", (PAGES / "no-article.html").read_bytes(), "no_article"),
])
def test_each_bad_file_is_refused_with_its_code_and_stores_nothing(checker, name, content, code):
    with pytest.raises(ValidationError) as caught:
        import_document(checker, name, content)
    assert caught.value.code == code and article_count() == 0


def test_a_text_over_the_limit_stores_nothing(checker):
    with pytest.raises(DomainError) as caught:
        import_document(checker, "long.txt", b"Headline\n" + b"word " * 250_000)
    assert caught.value.status == 413 and article_count() == 0


def test_a_missing_local_file_is_a_clear_error(checker, tmp_path):
    with pytest.raises(ValidationError, match="There is no file"):
        import_article(checker, str(tmp_path / "nowhere.txt"))


def test_other_schemes_are_refused(checker):
    with pytest.raises(FetchError) as caught:
        import_article(checker, "file:///etc/passwd")
    assert caught.value.code == "scheme_not_allowed"


def test_importing_again_replaces_the_text_and_reanchors_the_claims(checker, page_server):
    url = page_server.url("/pages/news-boilerplate.html")
    article = import_url(checker, url)
    claim = make_claim(checker, article, exact="Earlier on Friday, Tokayev said order had been restored")
    original = (PAGES / "news-boilerplate.html").read_text()
    edited = original.replace("Earlier on Friday, Tokayev said order had been restored in Kazakhstan.",
                              "Earlier on Friday, Tokayev said order had been largely restored in Kazakhstan.")

    def changed_page(requested):
        assert requested == url
        body = edited.encode()
        return Fetched(url=url, status=200, content_type="text/html", charset="utf-8", body=body,
                       sha256="", fetched_at=None, redirects=[])

    results = reimport_article(checker, article, fetcher=changed_page)
    assert [(result_claim.id, result.status) for result_claim, result in results] == [(claim.id, "fuzzy")]
    assert "largely restored" in article.text and article.raw_html == edited
    assert db.session.scalar(select(func.count(ArticleRevision.id))) == 1


def test_importing_again_a_page_that_is_gone_changes_nothing(checker, page_server):
    article = import_url(checker, page_server.url("/pages/news-boilerplate.html"))
    text = article.text
    article.url = page_server.url("/missing")
    db.session.commit()
    with pytest.raises(FetchError):
        reimport_article(checker, article)
    db.session.refresh(article)
    assert article.text == text and db.session.scalar(select(func.count(ArticleRevision.id))) == 0


# -- the command line ------------------------------------------------------------------------

def test_the_import_command_prints_the_new_article(app, runner):
    with app.app_context():
        make_user("admin")
    result = runner.invoke(args=["import", str(PAGES / "news-boilerplate.html")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert f"Imported article {article.id}: Tokayev orders troops to fire without warning" in result.output
        assert f"{len(article.text):,} characters, {len(split_sentences(article.text))} sentences" in result.output


def test_the_import_command_imports_as_the_user_named(app, runner):
    with app.app_context():
        make_user("admin")
        checker = make_user("factchecker", email="desk@example.org")
    result = runner.invoke(args=["import", str(SEED), "--as", "desk@example.org"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Article)).one().imported_by_id == checker.id


def test_the_import_command_needs_someone_to_import_as(app, runner):
    result = runner.invoke(args=["import", str(SEED)])
    assert result.exit_code == 1 and "There is no admin to import as" in result.output
    result = runner.invoke(args=["import", str(SEED), "--as", "nobody@example.org"])
    assert result.exit_code == 1 and "There is no active user nobody@example.org" in result.output


def test_the_import_command_reports_a_refusal_cleanly(app, runner):
    with app.app_context():
        make_user("admin")
    result = runner.invoke(args=["import", "http://169.254.169.254/latest/meta-data/"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 169.254.169.254 is an internal address")
    assert "Traceback" not in result.output
    with app.app_context():
        assert article_count() == 0
