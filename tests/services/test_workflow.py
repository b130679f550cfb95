"""The review workflow and the verdict history it keeps."""

import pytest
from sqlalchemy import func, select

from factcheck.errors import Conflict, Forbidden, ValidationError
from factcheck.extensions import db
from factcheck.models import AuditEvent, Correction, VerdictRevision
from factcheck.services.claims.verdicts import restore_revision, set_verdict, verdict_revisions
from factcheck.services.claims.workflow import allowed_transitions, transition
from tests.factories import make_claim, make_user, make_verdict


@pytest.fixture
def staff(app):
    with app.app_context():
        yield make_user("factchecker"), make_user("editor")


def test_fact_checker_cannot_publish(app, staff):
    checker, _ = staff
    claim = make_claim(checker)
    make_verdict(checker, claim)
    transition(checker, claim, "in_review")
    with pytest.raises(Forbidden):
        transition(checker, claim, "published")
    assert db.session.get(type(claim), claim.id).status == "in_review"


def test_a_claim_without_verdict_cannot_be_submitted(app, staff):
    checker, _ = staff
    claim = make_claim(checker)
    with pytest.raises(ValidationError, match="verdict"):
        transition(checker, claim, "in_review")
    assert claim.status == "draft"


def test_editor_publishes_and_every_step_is_audited(app, staff):
    checker, editor = staff
    claim = make_claim(checker)
    make_verdict(checker, claim)
    transition(checker, claim, "in_review")
    transition(editor, claim, "published")
    assert claim.status == "published" and claim.first_published_at is not None
    moves = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.transition")
                               .order_by(AuditEvent.id)).all()
    assert [(m.before["status"], m.after["status"]) for m in moves] == [
        ("draft", "in_review"), ("in_review", "published")]


def test_sending_back_needs_a_comment(app, staff):
    checker, editor = staff
    claim = make_claim(checker)
    make_verdict(checker, claim)
    transition(checker, claim, "in_review")
    with pytest.raises(ValidationError, match="why"):
        transition(editor, claim, "draft")
    transition(editor, claim, "draft", note="Add the TASS source.")
    assert claim.status == "draft"


def test_published_verdict_changes_only_through_a_correction(app, staff):
    checker, editor = staff
    claim = make_claim(checker)
    make_verdict(checker, claim, rating="mostly-false")
    transition(checker, claim, "in_review")
    transition(editor, claim, "published")
    with pytest.raises(Conflict):
        set_verdict(editor, claim, rating="false", summary="Worse than we said.")
    transition(editor, claim, "in_review", note="New reports.")
    set_verdict(editor, claim, rating="false", summary="Worse than we said.", note="New reports.")
    with pytest.raises(ValidationError, match="correction"):
        transition(editor, claim, "published")
    transition(editor, claim, "published", note="Rating changed from Mostly false to False after new reports.")
    corrections = db.session.scalars(select(Correction)).all()
    assert [c.note for c in corrections] == ["Rating changed from Mostly false to False after new reports."]
    assert db.session.scalar(select(func.count(VerdictRevision.id))) == 2


def test_stale_version_is_refused(app, staff):
    checker, _ = staff
    claim = make_claim(checker)
    version = claim.version
    make_verdict(checker, claim)
    with pytest.raises(Conflict):
        set_verdict(checker, claim, version, rating="true", summary="Stale save.")
    assert claim.verdict.rating_key == "false"


def test_unknown_rating_changes_nothing(app, staff):
    checker, _ = staff
    claim = make_claim(checker)
    with pytest.raises(ValidationError) as error:
        make_verdict(checker, claim, rating="pants-on-fire")
    assert "rating" in error.value.fields
    assert db.session.scalar(select(func.count(VerdictRevision.id))) == 0
    assert claim.rating_key is None


def test_the_claim_carries_the_rating_of_its_verdict(app, staff):
    checker, editor = staff
    claim = make_claim(checker)
    assert claim.rating_key is None
    make_verdict(checker, claim, rating="false")
    set_verdict(checker, claim, rating="mostly-true", summary="Revised after the ministry's data.")
    assert claim.rating_key == claim.verdict.rating_key == "mostly-true"
    first = verdict_revisions(claim)[0]
    restore_revision(editor, claim, first.id)
    db.session.expire_all()
    assert claim.rating_key == claim.verdict.rating_key == "false"


def test_allowed_transitions_depend_on_role(app, staff):
    checker, editor = staff
    claim = make_claim(checker)
    make_verdict(checker, claim)
    transition(checker, claim, "in_review")
    assert allowed_transitions(claim, checker) == []
    assert [to for to, _ in allowed_transitions(claim, editor)] == ["published", "draft"]
    assert allowed_transitions(claim, None) == []
