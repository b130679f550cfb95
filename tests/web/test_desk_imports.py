"""The desk's import page: a URL (fetched by a background job) or an uploaded file becomes an article; a
refusal is shown on the form or on the job's page."""

import io
import re

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Article
from tests.fixtures.page_server import PAGES, page_server  # noqa: F401 (a fixture)

FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PATH = "/desk/articles/import"


@pytest.fixture
def checker(app, auth):
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    return auth.login_as("factchecker")


def token(client) -> str:
    return FORM_TOKEN.search(client.get(PATH).get_data(as_text=True)).group(1)


def post(client, **data):
    return client.post(PATH, data={"csrf_token": token(client), **data}, content_type="multipart/form-data")


def articles(app) -> list[Article]:
    with app.app_context():
        return list(db.session.scalars(select(Article)))


def test_the_form_asks_for_a_url_or_a_file(client, checker):
    page = client.get(PATH).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'name="url"' in page and 'type="file"' in page and "Web address" in page


def test_the_articles_pages_link_to_the_import_form(client, checker):
    assert PATH in client.get("/desk/articles").get_data(as_text=True)
    assert PATH in client.get("/desk/articles/new").get_data(as_text=True)


def finished_job_page(app, client, response) -> str:
    """The page of the job a POST started, once the job has run."""
    assert response.status_code == 303 and response.headers["Location"].startswith("/desk/jobs/")
    wait_for_jobs(app)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_url_is_imported_by_a_job_whose_page_opens_the_article(app, client, checker, page_server):
    response = post(client, url=page_server.url("/pages/news-boilerplate.html"))
    page = finished_job_page(app, client, response)
    [article] = articles(app)
    assert "Done" in page and f'href="/desk/articles/{article.id}">Open the article' in page
    assert "data-hx-trigger" not in page  # a finished job's page stops polling
    assert article.title == "Tokayev orders troops to fire without warning"
    page = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert "Tokayev orders troops" in page and "analytics-boilerplate-marker" not in page


def test_an_uploaded_html_file_is_imported(app, client, checker):
    upload = (io.BytesIO((PAGES / "cyrillic-windows-1251.html").read_bytes()), "gaz.html")
    response = post(client, file=upload)
    assert response.status_code == 303
    [article] = articles(app)
    assert article.title == "Цены на газ в Казахстане снижены после протестов"


def test_an_uploaded_text_file_is_imported(app, client, checker):
    response = post(client, file=(io.BytesIO(b"Curfew extended\n\nThe curfew was extended by a week."), "c.txt"))
    assert response.status_code == 303
    assert articles(app)[0].title == "Curfew extended"


def test_htmx_is_sent_to_the_job_then_to_the_article(app, client, checker, page_server):
    response = client.post(PATH, data={"csrf_token": token(client), "url": page_server.url("/article.txt")},
                           headers={"HX-Request": "true", "X-CSRFToken": token(client)})
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/desk/jobs/")
    wait_for_jobs(app)
    poll = client.get(response.headers["HX-Redirect"], headers={"HX-Request": "true"})
    assert poll.headers["HX-Redirect"] == f"/desk/articles/{articles(app)[0].id}"


@pytest.mark.parametrize("path, message", [
    ("/pages/no-article.html", "No article text found"),
    ("/document.pdf", "serves application/pdf, not an HTML page"),
    ("/missing", "The page could not be fetched: http://127.0.0.1:"),
    ("/redirect-private", "The page could not be fetched: 10.0.0.1 is an internal address"),
])
def test_a_refused_url_fails_its_job_with_the_reason_and_stores_nothing(app, client, checker, page_server,
                                                                        path, message):
    url = page_server.url(path)
    page = finished_job_page(app, client, post(client, url=url))
    assert "Failed" in page and message in page
    assert "tried" not in page  # a refusal that will not pass is not tried again
    assert articles(app) == []
    back = re.search(r'href="([^"]+)">Back to the import form', page).group(1).replace("&amp;", "&")
    assert f'value="{url}"' in client.get(back).get_data(as_text=True)  # what was typed is kept


def test_a_private_address_is_refused(app, client, checker):
    app.config["FETCH_ALLOWED_HOSTS"] = ""
    page = finished_job_page(app, client, post(client, url="http://127.0.0.1:9/"))
    assert "internal address" in page
    assert articles(app) == []


def test_a_url_that_is_not_http_is_refused_before_any_job(app, client, checker):
    response = post(client, url="ftp://example.org/article")
    assert response.status_code == 422 and "Only http and https" in response.get_data(as_text=True)


def test_a_bad_file_is_refused(app, client, checker):
    response = post(client, file=(io.BytesIO(b"\x00\x01\x02binary"), "x.txt"))
    assert response.status_code == 422 and "binary file" in response.get_data(as_text=True)
    response = post(client, file=(io.BytesIO(b"%PDF-1.4"), "x.pdf"))
    assert response.status_code == 422 and "Import a .txt or .html file" in response.get_data(as_text=True)
    assert articles(app) == []


def test_nothing_given_is_asked_for_again(client, checker):
    response = post(client)
    assert response.status_code == 422 and "Give a web address or choose a file" in response.get_data(as_text=True)


def test_an_upload_over_5_mib_is_refused_with_413(app, client, checker):
    response = post(client, file=(io.BytesIO(b"x" * (5 * 1024 * 1024 + 1)), "big.txt"))
    assert response.status_code == 413 and articles(app) == []


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(PATH)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
