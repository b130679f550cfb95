"""Changing an article's text keeps the old one and re-anchors every claim."""

import pytest
from sqlalchemy import func, select

from factcheck.errors import PayloadTooLarge, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, ArticleRevision
from factcheck.services.articles.articles import create_article, update_article
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_user


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


def test_a_new_text_keeps_the_old_one_and_reports_each_claim(app, checker):
    article = make_article(checker)
    kept = make_claim(checker, article, exact="shots were fired late into the night")
    edited = make_claim(checker, article, exact="order had been restored in Kazakhstan")
    gone = make_claim(checker, article, exact="More than 3,000 protesters have been arrested.")
    new_text = ("Correction appended. " + ARTICLE_TEXT
                .replace("order had been restored in Kazakhstan", "order had been mostly restored in Kazakhstan")
                .replace("More than 3,000 protesters have been arrested.", "Arrest figures were not given."))
    results = {claim.id: result.status for claim, result in update_article(checker, article, text=new_text)}
    assert results == {kept.id: "moved", edited.id: "fuzzy", gone.id: "orphaned"}
    assert db.session.scalar(select(func.count(ArticleRevision.id))) == 1
    assert db.session.scalars(select(ArticleRevision)).one().text == ARTICLE_TEXT
    assert gone.anchor_exact == "More than 3,000 protesters have been arrested."  # not moved
    assert new_text[kept.anchor_start:kept.anchor_end] == kept.anchor_exact


def test_an_empty_or_huge_text_changes_nothing(app, checker):
    article = make_article(checker)
    with pytest.raises(ValidationError):
        update_article(checker, article, text="   ")
    with pytest.raises(PayloadTooLarge):
        update_article(checker, article, text="x" * 1_000_001)
    assert db.session.get(Article, article.id).text == ARTICLE_TEXT
    assert db.session.scalar(select(func.count(ArticleRevision.id))) == 0


def test_an_oversized_article_is_refused(app, checker):
    with pytest.raises(PayloadTooLarge):
        create_article(checker, title="Huge", text="x" * 1_000_001)
    assert db.session.scalar(select(func.count(Article.id))) == 0
