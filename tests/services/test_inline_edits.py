"""Inline edits through the services: the three-way conflict check, verdict restore, evidence and link edits and undo."""

import pytest
from sqlalchemy import func, select

from factcheck.errors import Conflict, Forbidden
from factcheck.extensions import db
from factcheck.models import AuditEvent, ClaimLink, VerdictRevision
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import evidence as sources, links, verdicts
from factcheck.services.claims.claims import editable_values, three_way, update_claim
from factcheck.services.claims.evidence import attach_evidence, find_or_create_source
from tests.factories import make_article, make_claim, make_user, make_verdict


@pytest.fixture
def checker(app):
    with app.app_context():
        yield make_user("factchecker")


@pytest.fixture
def editor(app, checker):
    return make_user("editor")


def cite(actor, claim, url="https://a.example/report"):
    source, _ = find_or_create_source(actor, url=url, title="Report")
    return attach_evidence(actor, claim, source=source, stance="supports", quote="It fell.")


def actions(claim) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.claim_id == claim.id)
                                   .order_by(AuditEvent.id)))


# -- the three-way check, as a pure function ----------------------------------------------------

def test_a_field_nobody_else_touched_is_saved():
    assert three_way({"text": "old"}, {"text": "old"}, {"text": "mine"}) == {"text": "mine"}


def test_a_field_this_edit_left_alone_is_not_saved_so_their_change_stands():
    assert three_way({"text": "theirs"}, {"text": "old"}, {"text": "old"}) == {}


def test_both_sides_changing_a_field_differently_is_a_conflict_naming_it():
    with pytest.raises(Conflict) as error:
        three_way({"text": "theirs", "claimant": "A"}, {"text": "old", "claimant": "A"},
                  {"text": "mine", "claimant": "A"})
    assert error.value.code == "edit_conflict" and set(error.value.fields) == {"text"}


def test_both_sides_making_the_same_change_is_no_conflict():
    assert three_way({"text": "same"}, {"text": "old"}, {"text": "same"}) == {"text": "same"}


def test_line_ends_and_surrounding_space_do_not_count_as_changes():
    assert three_way({"explanation": "a\nb"}, {"explanation": "a\r\nb "}, {"explanation": " a\r\nb"}) == {}


# -- the claim -----------------------------------------------------------------------------------

def test_adding_evidence_does_not_make_an_open_claim_form_stale(app, checker):
    claim = make_claim(checker)
    started = claim.version, editable_values(claim)
    cite(checker, claim)
    assert claim.version != started[0]

    update_claim(checker, claim, started[0], expected=started[1], text="Order was restored.")
    assert claim.text == "Order was restored."


def test_the_same_stale_save_without_the_values_it_started_from_is_refused(app, checker):
    claim = make_claim(checker)
    version = claim.version
    cite(checker, claim)
    with pytest.raises(Conflict):
        update_claim(checker, claim, version, text="Order was restored.")


def test_a_stale_claim_edit_of_a_field_someone_else_changed_is_refused(app, checker):
    claim = make_claim(checker)
    started = claim.version, editable_values(claim)
    update_claim(checker, claim, text="Their text.")
    with pytest.raises(Conflict) as error:
        update_claim(checker, claim, started[0], expected=started[1], text="My text.")
    assert set(error.value.fields) == {"text"}
    assert db.session.get(type(claim), claim.id).text == "Their text."


def test_a_stale_claim_edit_keeps_their_change_to_a_field_it_did_not_touch(app, checker):
    claim = make_claim(checker)
    started = claim.version, editable_values(claim)
    update_claim(checker, claim, claimant="Someone else")
    update_claim(checker, claim, started[0], expected=started[1], text="My text.",
                 claimant=started[1]["claimant"])
    assert (claim.text, claim.claimant.name) == ("My text.", "Someone else")


# -- the verdict -----------------------------------------------------------------------------------

def test_a_stale_verdict_edit_merges_onto_their_verdict_field_by_field(app, checker):
    claim = make_claim(checker)
    make_verdict(checker, claim, rating="false", summary="No.")
    started = claim.version, verdicts.verdict_values(claim.verdict)
    verdicts.set_verdict(checker, claim, rating="mostly-false", summary="No.")

    verdicts.set_verdict(checker, claim, started[0], expected=started[1], rating="false",
                         summary="Mostly no.", explanation="")
    assert (claim.verdict.rating_key, claim.verdict.summary) == ("mostly-false", "Mostly no.")


def test_a_stale_verdict_edit_of_the_same_field_is_refused(app, checker):
    claim = make_claim(checker)
    make_verdict(checker, claim, summary="No.")
    started = claim.version, verdicts.verdict_values(claim.verdict)
    verdicts.set_verdict(checker, claim, rating="false", summary="Theirs.")
    with pytest.raises(Conflict) as error:
        verdicts.set_verdict(checker, claim, started[0], expected=started[1], rating="false", summary="Mine.")
    assert set(error.value.fields) == {"summary"}


def test_an_editor_restores_an_earlier_verdict_as_a_new_revision(app, checker, editor):
    claim = make_claim(checker)
    make_verdict(checker, claim, rating="false", summary="First.")
    make_verdict(checker, claim, rating="true", summary="Second.")
    first = verdicts.verdict_revisions(claim)[0]

    verdicts.restore_revision(editor, claim, first.id, claim.version)

    revisions = verdicts.verdict_revisions(claim)
    assert [r.summary for r in revisions] == ["First.", "Second.", "First."]
    assert claim.verdict.summary == "First." and "Restored the verdict of" in revisions[-1].note
    assert actions(claim)[-1] == "verdict.set"


def test_a_fact_checker_cannot_restore_a_verdict(app, checker):
    claim = make_claim(checker)
    make_verdict(checker, claim)
    with pytest.raises(Forbidden):
        verdicts.restore_revision(checker, claim, verdicts.verdict_revisions(claim)[0].id, claim.version)
    assert db.session.scalar(select(func.count(VerdictRevision.id))) == 1


def test_restoring_from_a_stale_page_is_a_conflict(app, checker, editor):
    claim = make_claim(checker)
    make_verdict(checker, claim, summary="First.")
    version = claim.version
    make_verdict(checker, claim, summary="Second.")
    with pytest.raises(Conflict):
        verdicts.restore_revision(editor, claim, verdicts.verdict_revisions(claim)[0].id, version)


# -- evidence and links -------------------------------------------------------------------------

def test_editing_evidence_is_audited_with_before_and_after(app, checker):
    claim = make_claim(checker)
    evidence = cite(checker, claim)
    sources.update_evidence(checker, claim, evidence, stance="contradicts", quote="It rose.", note="Checked.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.update"))
    assert (event.before["stance"], event.after["stance"], event.after["quote"]) == ("supports", "contradicts",
                                                                                      "It rose.")


def test_removed_evidence_can_be_restored_and_both_steps_are_kept(app, checker):
    claim = make_claim(checker)
    evidence = cite(checker, claim)
    sources.remove_evidence(checker, claim, evidence)
    sources.restore_evidence(checker, claim, sources.get_removed_evidence(claim, evidence.id))
    db.session.expire_all()
    assert [row.id for row in claim_service.get_claim(claim.id, checker).evidence] == [evidence.id]
    assert actions(claim)[-2:] == ["evidence.remove", "evidence.restore"]


def test_a_link_edit_changes_its_relation_and_a_removed_link_comes_back(app, checker):
    article = make_article(checker)
    one = make_claim(checker, article)
    other = make_claim(checker, article, exact="shots were fired late into the night")
    link = links.link_claims(checker, other, one, "contradicts")
    links.update_link(checker, other, link, relation="supports", note="It backs it up.")
    assert (link.from_claim_id, link.to_claim_id, link.relation) == (other.id, one.id, "supports")

    links.remove_link(checker, other, link)
    links.restore_link(checker, other, links.get_removed_link(other, link.id))
    assert db.session.get(ClaimLink, link.id).removed_at is None
    assert actions(other)[-3:] == ["link.update", "link.remove", "link.restore"]


def test_a_link_edit_into_an_existing_link_is_a_conflict(app, checker):
    article = make_article(checker)
    one = make_claim(checker, article)
    other = make_claim(checker, article, exact="shots were fired late into the night")
    links.link_claims(checker, one, other, "contradicts")
    second = links.link_claims(checker, one, other, "supports")
    with pytest.raises(Conflict):
        links.update_link(checker, one, second, relation="contradicts")


def test_sources_and_claims_are_found_by_part_of_their_text(app, checker):
    article = make_article(checker)
    one = make_claim(checker, article)
    other = make_claim(checker, article, exact="shots were fired late into the night")
    cite(checker, one, "https://tass.example/almaty-shots")
    assert [s.url for s in sources.search_sources("ALMATY")] == ["https://tass.example/almaty-shots"]
    assert sources.search_sources("%") == [] and sources.search_sources("x") == []
    assert links.search_claims(one, "late into") == [other] and links.search_claims(one, "order had") == []
    assert links.search_claims(one, str(other.id)) == [other]


def test_a_link_edit_keeps_a_concurrent_change_it_did_not_touch(app):
    from factcheck.errors import Conflict
    from factcheck.services.claims.links import link_claims, update_link
    from tests.factories import make_article, make_claim, make_user

    with app.app_context():
        checker = make_user("factchecker")
        article = make_article(checker)
        said = make_claim(checker, article)
        shots = make_claim(checker, article, exact="shots were fired late into the night", claimant="TASS")
        link = link_claims(checker, shots, said, "contradicts", "first note")
        started = {"relation": "contradicts", "note": "first note"}
        update_link(checker, shots, link, relation="contradicts", note="their note")
        update_link(checker, shots, link, relation="supports", note="first note", expected=started)
        assert (link.relation, link.note) == ("supports", "their note")
        import pytest
        with pytest.raises(Conflict):
            update_link(checker, shots, link, relation="supports", note="my note", expected=started)
        assert link.note == "their note"
