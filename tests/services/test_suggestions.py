"""Suggested links: unlinked claims probably about the same thing, with a score and a reason."""

import pytest
from sqlalchemy import delete, select, update

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, ClaimLink
from factcheck.models.types import utcnow
from factcheck.services.text.claim_text import quantities, stem
from factcheck.services.claims.claims import create_claim, update_claim
from factcheck.cli.demo import load_demo
from factcheck.services.claims.links import link_claims, remove_link
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from factcheck.services.reads.suggestions import search_candidates, suggest_claims
from tests.factories import make_user


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


@pytest.fixture
def demo_unlinked(app):
    """The demo data with its links removed, so that its known pairs are there to be found: {text: claim}."""
    with app.app_context():
        load_demo()
        db.session.execute(update(ClaimLink).values(removed_at=utcnow()))
        db.session.commit()
        yield {claim.text: claim for claim in db.session.scalars(select(Claim))}


def said(actor, text, claimant=None):
    return create_claim(actor, text=text, claimant=claimant)


def ids(suggestions):
    return [s.claim.id for s in suggestions]


def test_a_claim_reworded_by_the_same_claimant_is_suggested_with_why(checker):
    first = said(checker, "Unemployment fell to 4 percent in March.", "The minister")
    again = said(checker, "In March unemployment fell to four percent, the lowest in years.", "The minister")
    said(checker, "The weather in March was mild.", "Forecasters")
    [top, *_] = suggest_claims(first)
    assert top.claim.id == again.id
    assert top.reason.startswith("same claimant, ") and "% similar wording" in top.reason
    assert 0 < top.score <= 1


def test_suggestions_come_best_first_and_never_include_the_claim_itself(checker):
    first = said(checker, "Bread prices doubled in Almaty since January.")
    said(checker, "Bread prices in Almaty have doubled since January, bakers say.")
    said(checker, "Prices rose in Almaty.")
    said(checker, "Bread is popular.")
    suggestions = suggest_claims(first)
    assert first.id not in ids(suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert all(0 <= s.score <= 1 and s.reason for s in suggestions)


def test_linked_claims_drop_out_whichever_end_made_the_link(checker):
    first = said(checker, "Bread prices doubled in Almaty since January.")
    second = said(checker, "Bread prices in Almaty have doubled since January, bakers say.")
    third = said(checker, "Almaty bread prices doubled this year.")
    link_claims(checker, second, first, "same-as")
    link_claims(checker, first, third, "supports")
    assert ids(suggest_claims(first)) == []
    assert first.id not in ids(suggest_claims(second)) and third.id in ids(suggest_claims(second))


def test_a_removed_link_makes_the_claim_a_suggestion_again(checker):
    first = said(checker, "Bread prices doubled in Almaty since January.")
    second = said(checker, "Bread prices in Almaty have doubled since January, bakers say.")
    link = link_claims(checker, first, second, "same-as")
    remove_link(checker, first, link)
    assert ids(suggest_claims(first)) == [second.id]


def test_the_same_source_cited_with_the_opposite_stance_is_a_reason(checker):
    first = said(checker, "The bridge cost 300 million dollars.")
    second = said(checker, "Construction ran three times over budget.")
    report, _ = find_or_create_source(checker, url="https://audit.example/bridge", title="Audit of the bridge",
                                      publisher="Audit chamber")
    attach_evidence(checker, first, source=report, stance="contradicts", quote="", note="")
    attach_evidence(checker, second, source=report, stance="supports", quote="", note="")
    [top] = suggest_claims(first)
    assert top.claim.id == second.id
    assert "same source cited with the opposite stance (Audit chamber)" in top.reason


def test_on_the_demo_order_restored_finds_the_shots_and_the_fighting(demo_unlinked):
    restored = demo_unlinked["Order has been restored in Kazakhstan."]
    top = ids(suggest_claims(restored, 3))
    assert demo_unlinked["Shots were fired late into the night in the centre of Almaty on Thursday."].id in top
    assert demo_unlinked["There was fighting in Almaty on Friday morning."].id in top


def test_on_the_demo_the_casualty_figures_disagree(demo_unlinked):
    killed = demo_unlinked["26 protesters have been killed."]
    [top, *_] = suggest_claims(killed)
    assert top.claim.id == demo_unlinked["Dozens of attackers have been eliminated."].id
    assert "numbers disagree: 26 vs dozens" in top.reason
    assert "same source cited with the opposite stance" in top.reason


def test_the_search_index_follows_new_changed_and_deleted_claims(checker):
    probe = said(checker, "Quokkas are thriving on Rottnest.")
    other = said(checker, "Nothing to see here.")
    assert search_candidates(probe) == []
    update_claim(checker, other, text="Rottnest quokkas are thriving.")
    assert search_candidates(probe) == [other.id]
    db.session.execute(delete(AuditEvent).where(AuditEvent.claim_id == other.id))
    db.session.execute(delete(Claim).where(Claim.id == other.id))
    db.session.commit()
    assert search_candidates(probe) == []


def test_light_stemming_puts_word_forms_together():
    assert stem("prices") == stem("price")
    assert stem("killed") == stem("kill")
    assert stem("restored") == stem("restore")
    assert stem("protesters") == stem("protester")


def test_figures_are_read_with_what_they_count():
    assert [(q.said, q.value, q.noun) for q in quantities("26 protesters have been killed.")] == [
        ("26", 26, "protest")]
    assert [(q.said, q.value) for q in quantities("Dozens of attackers have been eliminated.")] == [("dozens", None)]
    assert [q.value for q in quantities("More than 3,000 people and twenty thousand bandits")] == [3000, 20000]
    assert quantities("Teachers earn less than five years ago, in 2021.") == []  # a duration and a year


def test_numbers_about_different_events_do_not_disagree(checker):
    killed = said(checker, "26 protesters have been killed.")
    said(checker, "More than 3,000 protesters have been arrested.")
    assert not any("numbers disagree" in s.reason for s in suggest_claims(killed))


def test_a_staff_member_sees_drafts_among_the_suggestions(checker):
    first = said(checker, "Bread prices doubled in Almaty since January.")
    draft = said(checker, "Bread prices in Almaty have doubled since January, bakers say.")
    assert draft.status == "draft" and ids(suggest_claims(first)) == [draft.id]
