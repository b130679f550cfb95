"""Attribution hints on an article: offered until claimed or dismissed; accepting makes a claim."""

import pytest
from sqlalchemy import func, select

from factcheck.errors import NotFound
from factcheck.extensions import db
from factcheck.models import AuditEvent, HintDismissal
from factcheck.services.claims import hints
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_user


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


def test_the_article_offers_its_attributed_statements(checker):
    article = make_article(checker)
    offered = hints.offered_hints(article, [])
    assert [(h.claimant, h.quote) for h in offered] == [
        ("Tokayev", "order had been restored in Kazakhstan"),
        ("TASS", "shots were fired late into the night in the center of Almaty"),
    ]
    assert all(ARTICLE_TEXT[h.start:h.end] == h.quote for h in offered)


def test_accepting_a_hint_makes_a_draft_claim_with_its_span_and_claimant(checker):
    article = make_article(checker)
    hint = hints.article_hints(article)[1]
    claim = hints.accept_hint(checker, article, hint.start, hint.end)
    assert (claim.anchor_start, claim.anchor_end, claim.anchor_exact) == (hint.start, hint.end, hint.quote)
    assert claim.claimant.name == "TASS" and claim.status == "draft" and claim.text == hint.quote
    assert hint not in hints.offered_hints(article, [claim])


def test_a_claim_made_by_hand_on_the_same_words_hides_the_hint(checker):
    article = make_article(checker)
    claim = make_claim(checker, article, exact="order had been restored")
    assert [h.claimant for h in hints.offered_hints(article, [claim])] == ["TASS"]


def test_dismissing_is_remembered_per_article_once_with_an_audit_event(checker):
    article, other = make_article(checker), make_article(checker)
    hint = hints.article_hints(article)[0]
    hints.dismiss_hint(checker, article, hint.start, hint.end)
    hints.dismiss_hint(checker, article, hint.start, hint.end)
    assert db.session.scalar(select(func.count(HintDismissal.id))) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "hint.dismiss")) == 1
    assert hint not in hints.offered_hints(article, [])
    assert hint in hints.offered_hints(other, [])


def test_a_span_that_is_no_hint_is_not_found_and_changes_nothing(checker):
    article = make_article(checker)
    for start, end in ((0, 5), (None, None), ("x", 3)):
        with pytest.raises(NotFound):
            hints.dismiss_hint(checker, article, start, end)
        with pytest.raises(NotFound):
            hints.accept_hint(checker, article, start, end)
    assert db.session.scalar(select(func.count(HintDismissal.id))) == 0
