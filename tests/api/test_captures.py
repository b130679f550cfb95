"""Evidence cited through the API is captured from a local web site: a WARC, its text, the quote checked in it."""

import gzip
import io

import pytest
from warcio.archiveiterator import ArchiveIterator

from factcheck.extensions import db
from factcheck.job_queue import wait_for_jobs
from factcheck.models import Capture
from factcheck.services.library.captures import warc_path
from tests.api.conftest import RESTORED
from tests.source_site import ARTICLE, source_site, text_pdf  # noqa: F401 (a fixture)

FOUND = "shots were fired late into the night in the center of Almaty"
PDF_LINES = ["Ministry of Health of the Republic of Kazakhstan", "Official figures: 26 people were killed",
             "and more than 1,000 were injured in the unrest."]


@pytest.fixture(autouse=True)
def capture_on_attach(app):
    app.config["CAPTURE_ON_ATTACH"] = True


def warc_records(data: bytes) -> list[tuple[str, object, bytes]]:
    """(type, record, payload) of each record of a WARC file, read back with warcio."""
    return [(record.rec_type, record, record.content_stream().read()) for record in ArchiveIterator(io.BytesIO(data))]


def cite(desk, claim_id: int, url: str, quote: str, role="factchecker") -> dict:
    response = desk.call("POST", f"/claims/{claim_id}/evidence", role=role,
                         json={"url": url, "stance": "contradicts", "quote": quote})
    assert response.status_code == 201, response.json
    return response.json


def cited_for_review(app, desk, source_site, path: str, quote: str, exact: str = RESTORED) -> dict:
    """A claim with a verdict citing the local page at `path` with `quote`, captured, and in review."""
    claim = desk.verdict(desk.claim(desk.article()["id"], exact))
    cite(desk, claim["id"], source_site.url(path), quote)
    wait_for_jobs(app)
    return desk.move(desk.call("GET", f"/claims/{claim['id']}").json, "in_review", "factchecker")


def publishing(desk, claim: dict, **body):
    return desk.call("POST", f"/claims/{claim['id']}/transitions", role="editor", if_match=claim["version"],
                     json={"to": "published", **body})


def evidence_of(desk, claim_id: int, role="factchecker") -> list[dict]:
    return desk.call("GET", f"/claims/{claim_id}", role=role).json["evidence"]


def test_citing_a_url_captures_it_as_a_warc_and_finds_the_quote_in_it(app, desk, source_site):
    claim = desk.claim(desk.article()["id"], RESTORED)
    cited = cite(desk, claim["id"], source_site.url("/article"), FOUND)
    assert cited["capture"] is None  # the capture runs in a job, never inside the request
    wait_for_jobs(app)

    [row] = evidence_of(desk, claim["id"])
    capture = row["capture"]
    assert capture["quote_found"] is True
    assert capture["url"] == source_site.url("/article")
    assert set(capture) == {"id", "sha256", "captured_at", "url", "quote_found"}
    with app.app_context():
        stored = db.session.get(Capture, capture["id"])
        assert stored.sha256 == capture["sha256"] and stored.status == 200
        assert stored.content_type == "text/html"
        assert FOUND in stored.text
        records = warc_records(warc_path(stored).read_bytes())
    assert [kind for kind, _, _ in records] == ["warcinfo", "response"]
    _, response, payload = records[1]
    assert response.rec_headers.get_header("WARC-Target-URI") == source_site.url("/article")
    assert response.http_headers.get_statuscode() == "200"
    assert response.http_headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert payload == ARTICLE


def test_a_quote_the_page_does_not_hold_is_not_found_with_the_closest_passage(app, desk, source_site):
    claim = desk.claim(desk.article()["id"], RESTORED)
    cite(desk, claim["id"], source_site.url("/article"), "shots were fired early in the morning in the center of Almaty")
    wait_for_jobs(app)
    [row] = evidence_of(desk, claim["id"])
    assert row["capture"]["quote_found"] is False
    with app.app_context():
        from factcheck.models import Evidence
        evidence = db.session.get(Evidence, row["id"])
        assert "center of Almaty" in evidence.quote_closest


def test_a_pdf_source_yields_its_text_and_a_verified_quote(app, desk, source_site):
    source_site.pages["/figures.pdf"] = (200, "application/pdf", text_pdf(PDF_LINES))
    claim = desk.claim(desk.article()["id"], RESTORED)
    cite(desk, claim["id"], source_site.url("/figures.pdf"), "Official figures: 26 people were killed and more than")
    wait_for_jobs(app)
    [row] = evidence_of(desk, claim["id"])
    assert row["capture"]["quote_found"] is True  # across a line break of the PDF: white space is normalised
    with app.app_context():
        capture = db.session.get(Capture, row["capture"]["id"])
        assert capture.content_type == "application/pdf"
        assert "26 people were killed" in capture.text
        [(_, _, payload)] = [r for r in warc_records(warc_path(capture).read_bytes()) if r[0] == "response"]
        assert payload == text_pdf(PDF_LINES)


def test_publishing_with_an_unverified_quote_needs_confirmation(app, desk, source_site):
    claim = cited_for_review(app, desk, source_site, "/article", "Nothing like this is on the page at all")

    refused = publishing(desk, claim)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "unverified_quotes"
    assert "confirm_unverified" in refused.json["error"]["fields"]
    assert desk.call("GET", f"/claims/{claim['id']}").json["status"] == "in_review"

    assert publishing(desk, claim, confirm_unverified="yes").status_code == 422
    published = publishing(desk, claim, confirm_unverified=True)
    assert published.status_code == 200 and published.json["status"] == "published"


def test_a_quote_not_yet_checked_does_not_hold_up_publishing_nor_does_a_verified_one(app, desk, source_site):
    # A citation whose capture failed (the page is gone) stays unchecked: DESIGN.md's transition has no
    # confirmation, so only a quote a capture does not hold asks for one.
    claim = cited_for_review(app, desk, source_site, "/gone", "dozens of attackers have been eliminated")
    assert evidence_of(desk, claim["id"])[0]["capture"] is None
    assert desk.move(claim, "published", "editor")["status"] == "published"

    other = cited_for_review(app, desk, source_site, "/article", FOUND, exact="shots were fired")
    assert desk.move(other, "published", "editor")["status"] == "published"


def test_the_public_sees_the_capture_of_a_published_claims_evidence(app, desk, client, source_site):
    claim = desk.verdict(desk.claim(desk.article()["id"], RESTORED))
    cite(desk, claim["id"], source_site.url("/article"), FOUND)
    wait_for_jobs(app)
    [row] = evidence_of(desk, claim["id"])
    assert client.get(f"/api/v1/claims/{claim['id']}").status_code == 404
    assert client.get(f"/captures/{row['capture']['id']}").status_code == 404  # a draft's source: not public yet
    assert client.get(f"/captures/{row['capture']['id']}.warc.gz").status_code == 404

    claim = desk.move(desk.call("GET", f"/claims/{claim['id']}").json, "in_review", "factchecker")
    desk.move(claim, "published", "editor")
    public = client.get(f"/api/v1/claims/{claim['id']}").json["evidence"][0]["capture"]
    assert public == row["capture"]
    warc = client.get(f"/captures/{public['id']}.warc.gz")
    assert warc.status_code == 200 and warc.mimetype == "application/gzip"
    assert "attachment" in warc.headers["Content-Disposition"]
    assert gzip.decompress(warc.data).startswith(b"WARC/1")
