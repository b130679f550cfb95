"""Claims, claimants, sources and links through the services."""

import pytest
from sqlalchemy import func, select

from factcheck.errors import Conflict, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, Claimant, ClaimLink, Source
from factcheck.services.claims.claims import create_claim, list_claims, update_claim
from factcheck.services.claims.links import link_claims, links_of
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from tests.factories import make_article, make_claim, make_user


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


def test_claimants_are_reused_by_name(app, checker):
    article = make_article(checker)
    make_claim(checker, article, claimant="Kassym-Jomart Tokayev")
    make_claim(checker, article, exact="More than 3,000 protesters", claimant="  kassym-jomart   TOKAYEV ")
    assert db.session.scalar(select(func.count(Claimant.id))) == 1


def test_claim_by_position_stores_both_selectors(app, checker):
    article = make_article(checker)
    start = article.text.index("shots were fired")
    claim = create_claim(checker, article=article,
                         selector={"type": "TextPositionSelector", "start": start, "end": start + 16})
    assert (claim.anchor_exact, claim.anchor_start, claim.anchor_end) == ("shots were fired", start, start + 16)
    assert article.text.endswith(claim.anchor_suffix, 0, claim.anchor_end + len(claim.anchor_suffix))
    assert claim.text == "shots were fired"


def test_a_quote_not_in_the_text_stores_nothing(app, checker):
    article = make_article(checker)
    with pytest.raises(ValidationError) as error:
        create_claim(checker, article=article, selector={"type": "TextQuoteSelector", "exact": "peace reigns"})
    assert error.value.code == "quote_not_found"
    assert db.session.scalar(select(func.count(Claim.id))) == 0
    assert db.session.scalar(select(func.count(Claimant.id))) == 0


def test_sources_are_reused_by_normalised_url(app, checker):
    first, created = find_or_create_source(checker, url="https://TASS.example/world/1?utm_source=tw#top")
    again, created_again = find_or_create_source(checker, url="https://tass.example/world/1/")
    assert created and not created_again and first.id == again.id
    assert db.session.scalar(select(func.count(Source.id))) == 1


def test_unknown_stance_is_refused(app, checker):
    claim = make_claim(checker)
    source, _ = find_or_create_source(checker, url="https://tass.example/a")
    with pytest.raises(ValidationError) as error:
        attach_evidence(checker, claim, source=source, stance="agrees")
    assert "stance" in error.value.fields


def test_contradiction_links_are_symmetric_and_unique(app, checker):
    article = make_article(checker)
    said = make_claim(checker, article)
    shots = make_claim(checker, article, exact="shots were fired late into the night", claimant="TASS")
    link_claims(checker, shots, said, "contradicts", "Shots the night before.")
    with pytest.raises(Conflict):
        link_claims(checker, said, shots, "contradicts")
    views = links_of([said, shots], checker)
    assert [v.other.id for v in views[said.id]] == [shots.id]
    assert [v.other.id for v in views[shots.id]] == [said.id]
    assert db.session.scalar(select(func.count(ClaimLink.id))) == 1


def test_directed_links_read_both_ways(app, checker):
    article = make_article(checker)
    said = make_claim(checker, article)
    shots = make_claim(checker, article, exact="shots were fired late into the night", claimant="TASS")
    link_claims(checker, shots, said, "supports")
    views = links_of([said, shots], checker)
    assert views[shots.id][0].label == "Supports" and views[said.id][0].label == "Supported by"


def test_a_claim_cannot_be_linked_to_itself(app, checker):
    claim = make_claim(checker)
    with pytest.raises(ValidationError):
        link_claims(checker, claim, claim, "contradicts")


def test_public_lists_only_published_claims(app, checker):
    make_claim(checker)
    assert list_claims(None).total == 0
    assert list_claims(checker).total == 1


def test_editing_a_claim_bumps_its_version_and_keeps_history(app, checker):
    claim = make_claim(checker)
    version = claim.version
    update_claim(checker, claim, version, text="Order has been restored in Kazakhstan.")
    assert claim.version == version + 1
    with pytest.raises(Conflict):
        update_claim(checker, claim, version, text="A stale edit.")
    assert claim.text == "Order has been restored in Kazakhstan."


def test_a_refused_citation_stores_no_new_source(app, checker):
    from factcheck.services.claims.evidence import cite_source_by_url

    claim = make_claim(checker)
    with pytest.raises(ValidationError):
        cite_source_by_url(checker, claim, url="https://tass.example/new", stance="supports", quote="x" * 5001)
    assert db.session.scalar(select(func.count(Source.id))) == 0
    evidence, created = cite_source_by_url(checker, claim, url="https://tass.example/new", stance="supports")
    assert created and evidence.source.url == "https://tass.example/new"
