"""The source library: listing with citation counts, filters, merging duplicates, publisher notes."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from factcheck.errors import Conflict, Forbidden, ValidationError
from factcheck.extensions import db
from factcheck.models import AuditEvent, Evidence, PublisherNote, Source, SourceSnapshot
from factcheck.services.library.sources import (
    SNAPSHOTS_SHOWN,
    SourceFilters,
    citations_page,
    domain_of,
    find_source_for_merge,
    list_sources,
    merge_sources,
    publisher_note,
    publishers,
    set_publisher_note,
    snapshots_of,
)
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from tests.factories import make_article, make_claim, make_user


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def editor(ctx):
    return make_user("editor")


@pytest.fixture
def checker(ctx):
    return make_user("factchecker")


def source(actor, url, **fields):
    return find_or_create_source(actor, url=url, **fields)[0]


def two_claims(actor):
    article = make_article(actor)
    return (make_claim(actor, article), make_claim(actor, article, exact="shots were fired late into the night",
                                                  claimant="TASS"))


def test_the_library_counts_citing_claims_per_stance(editor):
    tass = source(editor, "https://tass.com/world/1", title="Shots in Almaty", publisher="TASS", kind="news_report")
    quiet = source(editor, "https://akorda.kz/statement", publisher="Akorda", kind="official_statement")
    first, second = two_claims(editor)
    attach_evidence(editor, first, source=tass, stance="contradicts")
    attach_evidence(editor, second, source=tass, stance="supports")
    attach_evidence(editor, second, source=tass, stance="supports", quote="a second excerpt, same claim")

    rows = {row.source.id: row for row in list_sources().rows}

    assert rows[tass.id].claims == 2
    assert rows[tass.id].stances == {"contradicts": 1, "supports": 1}
    assert rows[quiet.id].claims == 0 and rows[quiet.id].stances == {}


def test_removed_evidence_does_not_count(editor):
    from factcheck.services.claims.evidence import remove_evidence

    tass = source(editor, "https://tass.com/world/1")
    claim, _ = two_claims(editor)
    remove_evidence(editor, claim, attach_evidence(editor, claim, source=tass, stance="supports"))
    assert list_sources().rows[0].claims == 0


def test_the_library_searches_titles_addresses_and_publishers(editor):
    source(editor, "https://tass.com/world/1", title="Shots in Almaty", publisher="TASS")
    source(editor, "https://www.reuters.com/x", title="Kazakhstan unrest", publisher="Reuters")
    source(editor, "https://akorda.kz/statement", title="Address to the nation", publisher="Akorda")

    def titles(**filters):
        return sorted(row.source.title for row in list_sources(SourceFilters(**filters)).rows)

    assert titles(q="almaty") == ["Shots in Almaty"]
    assert titles(q="REUTERS.COM") == ["Kazakhstan unrest"]
    assert titles(q="akor") == ["Address to the nation"]
    assert titles(q="100%") == []
    assert titles(publisher="tass") == ["Shots in Almaty"]


def test_the_library_filters_by_kind_domain_and_broken_links(editor):
    tass = source(editor, "https://tass.com/world/1", title="TASS", kind="news_report")
    source(editor, "https://ru.tass.com/x", title="TASS in Russian", kind="news_report")
    source(editor, "https://nottass.com/x", title="Not TASS", kind="other")
    tass.link_status, tass.link_http_status = "broken", 404
    db.session.commit()

    def titles(**filters):
        return sorted(row.source.title for row in list_sources(SourceFilters(**filters)).rows)

    assert titles(kind="news_report") == ["TASS", "TASS in Russian"]
    assert titles(domain="tass.com") == ["TASS", "TASS in Russian"]
    assert titles(domain="https://TASS.com/anything") == ["TASS", "TASS in Russian"]
    assert titles(broken=True) == ["TASS"]
    with pytest.raises(ValidationError):
        list_sources(SourceFilters(kind="rumour"))


def test_domain_of_reads_what_people_type():
    assert domain_of("www.Example.org") == "www.example.org"
    assert domain_of("https://example.org:8443/path") == "example.org"
    assert domain_of("example.org/path") == "example.org"


def test_the_library_pages_newest_first(editor):
    for number in range(7):
        source(editor, f"https://example.org/{number}", title=f"Source {number}")
    first = list_sources(page=1, per_page=3)
    last = list_sources(page=3, per_page=3)
    assert (first.total, first.pages) == (7, 3)
    assert [row.source.title for row in first.rows] == ["Source 6", "Source 5", "Source 4"]
    assert [row.source.title for row in last.rows] == ["Source 0"]
    assert list_sources(page=99, per_page=3).page == 3


def test_a_library_larger_than_it_counts_says_more_than_and_still_pages_to_the_end(app, editor):
    app.config["LIBRARY_COUNTED_AT_MOST"] = 5
    for number in range(7):
        source(editor, f"https://example.org/{number}", title=f"Source {number}")
    first, last = list_sources(page=1, per_page=3), list_sources(page=3, per_page=3)
    assert (first.counted, first.pages, first.has_older) == (False, None, True)
    assert [row.source.title for row in last.rows] == ["Source 0"] and not last.has_older
    assert list_sources(page=99, per_page=3).rows == []  # past the end: an empty page, not an error
    app.config["LIBRARY_COUNTED_AT_MOST"] = 7
    assert (list_sources(per_page=3).counted, list_sources(per_page=3).total, list_sources(per_page=3).pages) == (True, 7, 3)


def test_the_publishers_offered_are_each_live_publisher_once_in_order(editor):
    for number, publisher in enumerate(("TASS", "Akorda", "TASS", None, "Reuters", "Akorda")):
        source(editor, f"https://example.org/p/{number}", publisher=publisher)
    gone = source(editor, "https://example.org/p/gone", publisher="Zzz Gone")
    merge_sources(editor, gone, source(editor, "https://example.org/p/0"))
    assert publishers() == ["Akorda", "Reuters", "TASS"]
    assert publishers(limit=2) == ["Akorda", "Reuters"]


def test_merging_moves_the_evidence_and_keeps_the_duplicate_pointing_at_the_survivor(editor):
    amp = source(editor, "https://example.org/amp/story", title="Story (AMP)", author="A. Writer")
    canonical = source(editor, "https://example.org/story", publisher="Example News")
    first, second = two_claims(editor)
    cited = attach_evidence(editor, first, source=amp, stance="supports").id
    attach_evidence(editor, second, source=canonical, stance="context")

    survivor = merge_sources(editor, amp, canonical)

    assert survivor.id == canonical.id
    assert db.session.get(Evidence, cited).source_id == canonical.id
    assert db.session.get(Source, amp.id).merged_into_id == canonical.id
    assert canonical.author == "A. Writer" and canonical.title == "Story (AMP)"  # blanks filled
    assert [row.source.id for row in list_sources().rows] == [canonical.id]
    assert list_sources().rows[0].claims == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "source.merge"))
    assert event.entity_id == amp.id and event.actor_id == editor.id
    assert event.before["merged"]["url"] == amp.url and event.before["evidence_ids"] == [cited]
    assert event.after["merged_into_id"] == canonical.id


def test_citing_a_merged_url_cites_the_survivor(editor):
    amp = source(editor, "https://example.org/amp/story")
    canonical = source(editor, "https://example.org/story")
    merge_sources(editor, amp, canonical)
    again, created = find_or_create_source(editor, url="https://example.org/amp/story?utm_source=x")
    assert (again.id, created) == (canonical.id, False)


def test_merging_twice_keeps_one_hop_to_the_survivor(editor):
    a, b, c = (source(editor, f"https://example.org/{name}") for name in "abc")
    merge_sources(editor, a, b)
    merge_sources(editor, b, c)
    assert db.session.get(Source, a.id).merged_into_id == c.id
    assert find_source_for_merge(str(a.id)).id == c.id


def test_a_source_cannot_be_merged_into_itself_or_twice(editor):
    a, b = source(editor, "https://example.org/a"), source(editor, "https://example.org/b")
    with pytest.raises(ValidationError):
        merge_sources(editor, a, a)
    merge_sources(editor, a, b)
    with pytest.raises(Conflict):
        merge_sources(editor, db.session.get(Source, a.id), b)
    with pytest.raises(ValidationError):  # b into a means b into b
        merge_sources(editor, b, db.session.get(Source, a.id))


def test_a_fact_checker_cannot_merge_sources(checker):
    a, b = source(checker, "https://example.org/a"), source(checker, "https://example.org/b")
    with pytest.raises(Forbidden):
        merge_sources(checker, a, b)
    assert db.session.get(Source, a.id).merged_into_id is None


def test_the_merge_target_is_found_by_id_or_by_any_form_of_its_url(editor):
    story = source(editor, "https://example.org/story")
    assert find_source_for_merge(str(story.id)).id == story.id
    assert find_source_for_merge("HTTPS://Example.org:443/story/?fbclid=1#top").id == story.id
    for reference in ("", "https://example.org/elsewhere", "ftp://example.org/x", "999999"):
        with pytest.raises(ValidationError):
            find_source_for_merge(reference)


def test_an_editor_records_changes_and_removes_a_publisher_note(editor):
    note = set_publisher_note(editor, "TASS", "Russian state news agency; corroborate its reports.")
    assert publisher_note("tass").id == note.id
    set_publisher_note(editor, "Tass", "State news agency.")
    assert db.session.scalars(select(PublisherNote)).one().note == "State news agency."
    assert set_publisher_note(editor, "TASS", "  ") is None
    assert publisher_note("TASS") is None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "publisher_note")
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["publisher_note.set", "publisher_note.set", "publisher_note.remove"]


def test_a_fact_checker_cannot_write_publisher_notes(checker):
    with pytest.raises(Forbidden):
        set_publisher_note(checker, "TASS", "State agency.")


def test_the_library_shows_the_publishers_note(editor):
    source(editor, "https://tass.com/world/1", publisher="TASS")
    set_publisher_note(editor, "tass", "State news agency.")
    assert list_sources().rows[0].publisher_note.note == "State news agency."


def test_a_source_changed_since_cited_when_the_latest_snapshot_differs(editor):
    story = source(editor, "https://example.org/story")
    claim, _ = two_claims(editor)
    evidence = attach_evidence(editor, claim, source=story, stance="supports")

    def changed(*snapshots):
        """What the source page says of the citation, with these snapshots: (sha256, minutes after citing)."""
        db.session.execute(delete(SourceSnapshot))
        db.session.add_all(SourceSnapshot(source_id=story.id, status=200, sha256=sha, final_url=story.url,
                                          fetched_at=evidence.created_at + timedelta(minutes=minutes))
                           for sha, minutes in snapshots)
        db.session.flush()
        return citations_page(story, snapshots_of(story).latest).rows[0].changed

    assert changed() is None
    assert changed(("b", 5)) is None  # none existed when it was cited
    assert changed(("a", 5), ("a", -5)) is False
    assert changed(("b", 5), ("a", -5)) is True
    # the snapshot current at citation counts even when it is older than every snapshot the page lists
    later = [("a", minutes) for minutes in range(1, SNAPSHOTS_SHOWN + 2)]
    assert changed(("a", -5), *later) is False
    assert changed(("b", -5), *later) is True
    assert snapshots_of(story).total == SNAPSHOTS_SHOWN + 2 and len(snapshots_of(story).shown) == SNAPSHOTS_SHOWN
