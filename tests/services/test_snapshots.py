"""Snapshots on demand and link checks, against a local web site on 127.0.0.1."""

import hashlib

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Source, SourceSnapshot
from factcheck.services.library.fetching import FetchError
from factcheck.services.library.snapshots import check_links, set_archive_url, snapshot_source
from factcheck.services.library.sources import citations_page, snapshots_of
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from tests.factories import make_claim, make_user
from tests.source_site import ARTICLE, PDF, source_site  # noqa: F401 (a fixture)


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


def cite(actor, url) -> Source:
    return find_or_create_source(actor, url=url)[0]


def snapshot_count() -> int:
    return db.session.scalar(select(func.count(SourceSnapshot.id)))


def changed_since_cited(story: Source) -> bool | None:
    """What the source page says of its one citation: whether the source changed since."""
    [citation] = citations_page(story, snapshots_of(story).latest).rows
    return citation.changed


def test_a_snapshot_keeps_the_text_the_hash_and_the_time(checker, source_site):
    story = cite(checker, source_site.url("/article"))
    snapshot = snapshot_source(checker, story)
    assert snapshot.sha256 == hashlib.sha256(ARTICLE).hexdigest() == story.snapshot_sha256
    assert "shots were fired late into the night" in story.snapshot_text
    assert snapshot.text == story.snapshot_text
    assert (snapshot.status, snapshot.content_type, snapshot.size) == (200, "text/html", len(ARTICLE))
    assert story.accessed_at == snapshot.fetched_at
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "source.snapshot"))
    assert event.entity_id == story.id and event.after["snapshot_sha256"] == snapshot.sha256


def test_a_source_that_changed_after_it_was_cited_is_flagged(checker, source_site):
    story = cite(checker, source_site.url("/article"))
    snapshot_source(checker, story)
    attach_evidence(checker, make_claim(checker), source=story, stance="supports")
    assert changed_since_cited(story) is False

    source_site.pages["/article"] = (200, "text/html", ARTICLE.replace(b"several hours", b"a few minutes"))
    snapshot_source(checker, story)

    assert snapshot_count() == 2
    assert changed_since_cited(story) is True


def test_a_pdf_keeps_its_type_size_and_hash_without_text(checker, source_site):
    report = cite(checker, source_site.url("/report.pdf"))
    snapshot = snapshot_source(checker, report)
    assert (snapshot.content_type, snapshot.size, snapshot.sha256) == (
        "application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    assert snapshot.text is None and report.snapshot_sha256 == snapshot.sha256


@pytest.mark.parametrize(("path", "code"), [("/gone", "http_error"), ("/loop", "too_many_redirects"),
                                            ("/huge", "too_large")])
def test_a_failed_snapshot_stores_nothing(checker, source_site, path, code):
    page = cite(checker, source_site.url(path))
    with pytest.raises(FetchError) as raised:
        snapshot_source(checker, page, max_bytes=16 * 1024)
    assert raised.value.code == code
    assert snapshot_count() == 0
    assert db.session.get(Source, page.id).snapshot_sha256 is None


def test_a_private_address_is_refused_without_an_allowance(checker, source_site, app):
    story = cite(checker, source_site.url("/article"))
    app.config["FETCH_ALLOWED_HOSTS"] = ""
    with pytest.raises(FetchError) as raised:
        snapshot_source(checker, story)
    assert raised.value.code == "private_address"
    assert snapshot_count() == 0 and db.session.get(Source, story.id).accessed_at == story.accessed_at


def test_an_archive_link_is_kept_normalised_and_audited(checker):
    story = cite(checker, "https://example.org/story")
    set_archive_url(checker, story, "https://web.archive.org/web/2022/https://example.org/story#x")
    assert story.archive_url == "https://web.archive.org/web/2022/https://example.org/story"
    set_archive_url(checker, story, "")
    assert story.archive_url is None
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "source.archive")) == 2


def test_check_links_records_what_each_visit_found(checker, source_site):
    urls = {name: cite(checker, source_site.url(path)).id for name, path in [
        ("ok", "/article"), ("gone", "/gone"), ("loop", "/loop"), ("moved", "/amp/article"), ("huge", "/huge")]}
    results = {r.source_id: r for r in check_links(concurrency=3, timeout=5, max_bytes=16 * 1024)}

    def found(name):
        source = db.session.get(Source, urls[name])
        return source.link_status, source.link_http_status, source.link_checked_at is not None

    assert found("ok") == ("ok", 200, True)
    assert found("gone") == ("broken", 404, True)
    assert found("loop") == ("too_many_redirects", None, True)
    assert found("moved") == ("redirected", 200, True)
    assert found("huge") == ("too_large", None, True)
    assert [results[urls[name]].broken for name in ("ok", "gone", "loop", "moved")] == [False, True, True, False]


def test_check_links_notices_a_page_that_changed_since_its_snapshot(checker, source_site):
    story = cite(checker, source_site.url("/article"))
    snapshot_source(checker, story)
    assert not check_links(timeout=5)[0].changed
    source_site.pages["/article"] = (200, "text/html", b"<p>Rewritten.</p>")
    [result] = check_links(timeout=5)
    assert result.changed and db.session.get(Source, story.id).changed_since_snapshot


def test_merged_sources_are_not_checked(checker, source_site, app):
    from factcheck.services.library.sources import merge_sources

    amp, story = cite(checker, source_site.url("/amp/article")), cite(checker, source_site.url("/article"))
    merge_sources(make_user("editor"), amp, story)
    assert [r.source_id for r in check_links(timeout=5)] == [story.id]


def test_the_check_links_command_lists_broken_links_and_sums_up(runner, app, source_site):
    with app.app_context():
        actor = make_user("factchecker")
        for path in ("/article", "/gone", "/loop"):
            cite(actor, source_site.url(path))
    result = runner.invoke(args=["check-links", "--concurrency", "2", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("broken") and "/gone" in line and "404" in line for line in lines)
    assert any(line.startswith("broken") and "/loop" in line and "too_many_redirects" in line for line in lines)
    assert lines[-1] == "Checked 3 sources: 1 ok, 0 redirected, 2 broken, 0 changed since their snapshot."
