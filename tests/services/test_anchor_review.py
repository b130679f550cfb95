"""A fuzzy anchor is a proposal a person confirms, selects again or orphans; published anchors stay locked."""

import pytest
from sqlalchemy import select

from factcheck.i18n import kept_words
from factcheck.errors import Conflict, ValidationError
from factcheck.extensions import db
from factcheck.models import AuditEvent
from factcheck.services.claims import anchor_review, workflow
from factcheck.services.articles.articles import update_article
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_user, make_verdict

QUOTE = "order had been restored in Kazakhstan"
EDITED = ARTICLE_TEXT.replace(QUOTE, "order had been mostly restored in Kazakhstan")


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker", name="Farida")


@pytest.fixture
def fuzzy(checker):
    """A draft claim whose quote an edit changed: fuzzy, with a proposed place in the new text."""
    claim = make_claim(checker, make_article(checker), exact=QUOTE)
    update_article(checker, claim.article, text=EDITED)
    assert claim.anchor_status == "fuzzy"
    return claim


def published_fuzzy(checker):
    editor = make_user("editor")
    claim = make_claim(checker, make_article(checker), exact=QUOTE)
    make_verdict(checker, claim)
    workflow.transition(checker, claim, "in_review")
    workflow.transition(editor, claim, "published")
    update_article(checker, claim.article, text=EDITED)
    return claim


def test_a_fuzzy_reanchoring_keeps_the_old_words_and_proposes_the_new_place(fuzzy):
    assert fuzzy.anchor_exact == QUOTE and ARTICLE_TEXT[fuzzy.anchor_start:fuzzy.anchor_end] == QUOTE
    proposed = EDITED[fuzzy.anchor_proposed_start:fuzzy.anchor_proposed_end]
    assert "mostly" in proposed
    item = anchor_review.to_confirm(fuzzy)
    assert ("insert", "mostly ") in item.changes
    assert item.proposed.quote == proposed and not item.locked


def test_confirming_places_the_anchor_on_the_proposed_words_with_an_audit_event(checker, fuzzy):
    proposed = EDITED[fuzzy.anchor_proposed_start:fuzzy.anchor_proposed_end]
    version = fuzzy.version
    anchor_review.confirm_anchor(checker, fuzzy, version)
    assert (fuzzy.anchor_status, fuzzy.anchor_exact, fuzzy.anchor_proposed_start) == ("exact", proposed, None)
    assert EDITED[fuzzy.anchor_start:fuzzy.anchor_end] == proposed and fuzzy.version == version + 1
    assert kept_words(fuzzy.anchor_reason) == "Farida confirmed the edited words"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.anchor_confirm")).one()
    assert event.before["exact"] == QUOTE and event.after["exact"] == proposed and event.claim_id == fuzzy.id


def test_selecting_again_takes_the_occurrence_nearest_the_proposal(checker, fuzzy):
    anchor_review.reselect_anchor(checker, fuzzy, fuzzy.version, exact="restored in Kazakhstan")
    assert fuzzy.anchor_exact == "restored in Kazakhstan" and fuzzy.anchor_status == "exact"
    assert EDITED[fuzzy.anchor_start:fuzzy.anchor_end] == "restored in Kazakhstan"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.anchor_reselect")).one()


def test_words_not_in_the_text_are_refused_and_change_nothing(checker, fuzzy):
    version = fuzzy.version
    with pytest.raises(ValidationError) as error:
        anchor_review.reselect_anchor(checker, fuzzy, version, exact="order was never restored")
    assert error.value.code == "quote_not_found"
    db.session.refresh(fuzzy)
    assert (fuzzy.anchor_status, fuzzy.version) == ("fuzzy", version)


def test_marking_orphaned_keeps_the_old_anchor(checker, fuzzy):
    anchor_review.orphan_anchor(checker, fuzzy, fuzzy.version)
    assert (fuzzy.anchor_status, fuzzy.anchor_exact, fuzzy.anchor_proposed_start) == ("orphaned", QUOTE, None)
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.anchor_orphan")).one()


def test_a_stale_version_is_a_conflict_and_changes_nothing(checker, fuzzy):
    with pytest.raises(Conflict):
        anchor_review.confirm_anchor(checker, fuzzy, fuzzy.version - 1)
    db.session.refresh(fuzzy)
    assert fuzzy.anchor_status == "fuzzy" and fuzzy.anchor_exact == QUOTE


def test_confirming_twice_is_a_conflict(checker, fuzzy):
    anchor_review.confirm_anchor(checker, fuzzy, fuzzy.version)
    with pytest.raises(Conflict) as error:
        anchor_review.confirm_anchor(checker, fuzzy, fuzzy.version)
    assert error.value.code == "nothing_to_confirm"


def test_a_published_claims_anchor_is_locked_until_an_editor_reopens_it(app, checker):
    claim = published_fuzzy(checker)  # the article edit itself is not refused
    assert claim.status == "published" and claim.anchor_status == "fuzzy" and claim.anchor_exact == QUOTE
    for act in (anchor_review.confirm_anchor, anchor_review.orphan_anchor):
        with pytest.raises(Conflict) as error:
            act(checker, claim, claim.version)
        assert error.value.code == "claim_published" and error.value.status == 409
    with pytest.raises(Conflict):
        anchor_review.reselect_anchor(checker, claim, claim.version, exact="restored in Kazakhstan")
    assert anchor_review.to_confirm(claim).locked
    editor = make_user("editor")
    workflow.transition(editor, claim, "in_review", note="The article changed.")
    anchor_review.confirm_anchor(checker, claim, claim.version)
    assert claim.anchor_status == "exact" and "mostly" in claim.anchor_exact


def test_published_claims_whose_quote_changed_are_listed_for_editors(app, checker):
    from factcheck.services.reads.desk import changed_published_quotes, claim_lists

    claim = published_fuzzy(checker)
    assert [c.id for c in claim_lists({"changed": changed_published_quotes()})[0]["changed"]] == [claim.id]
