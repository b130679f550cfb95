"""A claim's history, told once (services.reads.history) and shown alike by the desk's panel and activity feed,
the API and the public corrections."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, VerdictRevision
from factcheck.services.accounts.users import create_api_token
from factcheck.services.claims import workflow
from factcheck.services.reads import desk, history
from factcheck.services.site.publishing import public_path
from tests.factories import make_claim, make_user, make_verdict

HTMX = {"HX-Request": "true"}


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def panel_items(html: str) -> list[str]:
    """The history panel's entries, newest first, as HTML."""
    return html.split('<li class="history__entry')[1:]


def test_the_panel_offers_to_restore_the_revision_each_save_made_even_when_times_disagree(app, client, auth):
    editor = auth.login_as("editor")
    with app.app_context():
        claim = make_claim(db.session.merge(editor))
        make_verdict(editor, claim, summary="First verdict.")
        make_verdict(editor, claim, summary="Second verdict.")
        first, second = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "verdict.set")
                                           .order_by(AuditEvent.id)).all()
        # The second save stamped a little before the first (two servers, two clocks): by position, the history's
        # verdict saves and the revisions no longer line up.
        db.session.execute(update(AuditEvent).where(AuditEvent.id == second.id)
                           .values(at=first.at - timedelta(seconds=5)))
        db.session.commit()
        claim_id, first_revision = claim.id, first.revision_id

    items = panel_items(client.get(f"/desk/claims/{claim_id}/history", headers=HTMX).get_data(as_text=True))
    saves = {("First" if "First verdict." in item.split("history__changes")[0] else "Second"): item
             for item in items if "the verdict to" in item}
    assert f"/verdict/revisions/{first_revision}/restore" in saves["First"]
    assert "Restore this verdict" not in saves["Second"]  # it is the current verdict


def correction_story(app):
    """A claim published, reopened, given a new verdict and republished with a correction; (claim id, editor)."""
    with app.app_context():
        editor = make_user("editor")
        claim = make_claim(editor)
        make_verdict(editor, claim, rating="false", summary="Fighting went on.")
        workflow.transition(editor, claim, "in_review")
        workflow.transition(editor, claim, "published", confirm_unverified=True)
        workflow.transition(editor, claim, "in_review", note="A reader wrote in.")
        make_verdict(editor, claim, rating="mostly-false", summary="Fighting went on, but less.", note="New data.")
        workflow.transition(editor, claim, "published", note="We misread the figures.", confirm_unverified=True)
        db.session.refresh(editor)  # its name and e-mail stay readable after the app context ends
        return claim.id, editor


def test_the_panel_the_activity_feed_the_api_and_the_public_corrections_tell_the_same_entries(app, client, auth):
    claim_id, editor = correction_story(app)
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        events = history.audit_trail(claim, revisions=True)
        entries = history.entries(events, history.labels_for(events))
        by_event = {entry.event.id: entry for entry in entries}
        corrections = history.correction_entries(claim.corrections)
        token = create_api_token(editor, "tests")
        path = public_path(claim)
        activity = [item for item in desk.recent_activity(limit=50) if item.claim and item.claim.id == claim_id]

    verdict_change = entries[-3]
    assert (verdict_change.words, "".join(str(part.text) for part in verdict_change.sentence)) == (
        "set the verdict of", "Changed the verdict to Mostly false (was False): Fighting went on, but less.")

    # The desk's panel: one item per entry, newest first, each saying the entry's sentence and changes.
    auth.login(editor.email)
    items = panel_items(client.get(f"/desk/claims/{claim_id}/history", headers=HTMX).get_data(as_text=True))
    assert len(items) == len(entries)
    for item, entry in zip(items, reversed(entries), strict=True):
        words = text_of('<li class="' + item)
        for part in entry.sentence:
            if part.kind != "status":
                assert str(part.text).strip() in words
        for change in entry.changes:
            assert change.label in words
        assert (entry.remark or "") in words

    # The activity feed: the same words for the same events.
    assert activity and all(item.entry.words == by_event[item.entry.event.id].words for item in activity)
    home = text_of(client.get("/desk/").get_data(as_text=True))
    assert all(f"{editor.name} {item.entry.words}" in home for item in activity)

    # The API: the entries' JSON, with who made each.
    staff = client.get(f"/api/v1/claims/{claim_id}/history", headers={"Authorization": f"Bearer {token}"}).json
    shown = [entry for entry in entries if entry.action in history.PUBLIC_HISTORY_ACTIONS]
    assert staff == [{**history.entry_json(entry), "by_email": editor.email} for entry in shown]

    # The public corrections: the correction in the words the desk's entry for it has.
    correction = next(entry for entry in entries if entry.action == "correction.create")
    assert [(c.sentence, c.changes, c.note) for c in corrections] == [
        (correction.sentence, correction.changes, "We misread the figures.")]
    assert "Verdict changed from False to Mostly false." in [change.label for change in correction.changes]
    auth.logout()
    public_api = client.get(f"/api/v1/claims/{claim_id}/history").json
    assert [(e["note"], e["changes"]) for e in public_api if e["type"] == "correction"] == [
        (correction.note or "We misread the figures.", [change.label for change in correction.changes])]
    for page in (client.get("/corrections"), client.get(path)):
        words = text_of(page.get_data(as_text=True))
        assert page.status_code == 200 and "We misread the figures." in words
        assert all(change.label in words for change in correction.changes)
        assert "A reader wrote in." not in words and "New data." not in words and editor.email not in words
