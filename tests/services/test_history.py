"""The history presenter: each verdict save linked to its revision by id, and entries told in words."""

from datetime import timedelta

from sqlalchemy import select, update

from factcheck.extensions import db
from factcheck.models import AuditEvent, VerdictRevision
from factcheck.services.claims.verdicts import restore_revision
from factcheck.services.reads import history
from tests.factories import make_claim, make_user, make_verdict


def saves_of(claim) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim.id,
                                                            AuditEvent.action == "verdict.set")
                                   .order_by(AuditEvent.id)))


def test_every_verdict_save_records_the_revision_it_made_on_its_event(app):
    with app.app_context():
        editor = make_user("editor")
        claim = make_claim(editor)
        make_verdict(editor, claim, summary="First.")
        make_verdict(editor, claim, rating="mostly-false", summary="Second.")
        first = db.session.scalars(select(VerdictRevision).order_by(VerdictRevision.id)).first()
        restore_revision(editor, claim, first.id)
        events = saves_of(claim)
        revisions = db.session.scalars(select(VerdictRevision).order_by(VerdictRevision.id)).all()
        assert [event.revision_id for event in events] == [revision.id for revision in revisions]
        assert [event.after["summary"] for event in events] == ["First.", "Second.", "First."]


def test_entries_carry_their_own_revision_where_pairing_by_position_would_not(app):
    with app.app_context():
        editor = make_user("editor")
        claim = make_claim(editor)
        make_verdict(editor, claim, summary="First.")
        make_verdict(editor, claim, summary="Second.")
        first, second = saves_of(claim)
        # Two app servers whose clocks differ: the second save is stamped before the first, so the history
        # (in time order) lists it first while the revisions (in id order) do not.
        db.session.execute(update(AuditEvent).where(AuditEvent.id == second.id)
                           .values(at=first.at - timedelta(seconds=5)))
        # And a revision no event recorded (as a data repair might leave): counts no longer match either.
        db.session.add(VerdictRevision(claim_id=claim.id, rating_key="true", summary="Stray.", explanation=""))
        db.session.commit()

        entries = history.entries(history.audit_trail(claim, ("verdict.set",), revisions=True))
        assert [entry.event.after["summary"] for entry in entries] == ["Second.", "First."]
        assert [entry.revision.summary for entry in entries] == ["Second.", "First."]
        assert [entry.revision.id for entry in entries] == [second.revision_id, first.revision_id]


def test_entries_read_no_revision_unless_asked_and_never_one_query_a_row(app, count_queries):
    with app.app_context():
        editor = make_user("editor")
        claim = make_claim(editor)
        for n in range(5):
            make_verdict(editor, claim, summary=f"Verdict {n}.")
        db.session.expire_all()
        assert claim.id  # the claim read again before counting: what counts is the history alone
        with count_queries() as statements:
            entries = history.entries(history.audit_trail(claim, revisions=True))
            assert [entry.revision.summary for entry in entries if entry.revision] == [f"Verdict {n}." for n in range(5)]
        assert len(statements) == 1  # the events with their actors and their revisions, joined
        db.session.expire_all()
        assert claim.id
        with count_queries() as statements:
            entries = history.entries(history.audit_trail(claim))
        assert len(statements) == 1 and all(entry.revision is None and entry.revision_id for entry in entries[1:])


def test_a_verdict_change_reads_as_words_with_what_changed():
    event = AuditEvent(action="verdict.set", claim_id=1, before={"rating": "false", "summary": "No.", "explanation": ""},
                       after={"rating": "mostly-false", "summary": "Mostly not.", "explanation": ""}, note="New data.")
    entry = history.entry(event, history.Labels(ratings={"false": "False", "mostly-false": "Mostly false"}))
    assert entry.words == "set the verdict of"
    assert "".join(str(part.text) for part in entry.sentence) == "Changed the verdict to Mostly false (was False): Mostly not."
    assert entry.changes == (history.Change("Summary", "No.", "Mostly not.", "diff"),)
    assert entry.remark == "Why: New data." and entry.type == "verdict_revision"


def test_a_long_evidence_quote_is_cut_at_a_word_as_the_panel_always_cut_it():
    from jinja2 import Environment

    quote = "A long quote " * 20
    event = AuditEvent(action="evidence.add", claim_id=1, after={"url": "https://a.example/", "stance": "supports",
                                                                 "quote": quote})
    entry = history.entry(event, history.Labels(stances={"supports": "Supports the claim"}))
    assert entry.remark == "“" + Environment().from_string("{{ q | truncate(160) }}").render(q=quote) + "”"
    assert "".join(str(part.text) for part in entry.sentence) == "Added evidence (supports the claim): https://a.example/"
