"""The claim workspace's shared parts: what every block shows (one context, a fixed number of queries),
and how a block answers: the fragment for htmx, the whole page otherwise."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from factcheck.errors import DomainError, PublishedClaimLocked, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, User
from factcheck.services.library.captures import evidence_is_unverified
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import links, verdicts, workflow
from factcheck.services.reads import history
from factcheck.services.claims.corrections import correction_impact, needs_impact
from factcheck.services.text.markdown import render_markdown
from factcheck.services.reads.public import claim_excerpt
from factcheck.services.site.publishing import public_path
from factcheck.web.context import acting_user, is_htmx
from factcheck.web.desk.text_diff import word_diff
from factcheck.web.forms import search_as_you_type
from factcheck.web.forms.claims import (
    RELATION_LABELS, SOURCE_KIND_LABELS, STANCE_LABELS, AssigneeForm, LinkForm,
    TransitionForm, options,
)

PAGE = "desk/claims/show.html"
CLAIM = "desk/claims/_claim.html"
CLAIM_FORM = "desk/claims/_claim_form.html"
VERDICT = "desk/claims/_verdict.html"
VERDICT_FORM = "desk/claims/_verdict_form.html"
VERDICT_PREVIEW = "desk/claims/_verdict_preview.html"
CONFLICT = "desk/claims/_conflict.html"
EVIDENCE = "desk/claims/_evidence.html"
EVIDENCE_ROW = "desk/claims/_evidence_row.html"
EVIDENCE_ROW_FORM = "desk/claims/_evidence_row_form.html"
EVIDENCE_ADD = "desk/claims/_evidence_add.html"
SOURCE_MATCHES = "desk/claims/_source_matches.html"
LINKS = "desk/claims/_links.html"
LINK_ROW = "desk/claims/_link_row.html"
LINK_ROW_FORM = "desk/claims/_link_row_form.html"
LINK_ADD = "desk/claims/_link_add.html"
CLAIM_MATCHES = "desk/claims/_claim_matches.html"
WORKFLOW = "desk/claims/_workflow.html"
ASSIGNEE = "desk/claims/_assignee.html"
HISTORY = "desk/claims/_history.html"
IMPACT = "desk/claims/_impact.html"
SUGGESTIONS = "desk/claims/_suggestions.html"
STATUS = "desk/claims/_status.html"
OOB = "desk/claims/_oob.html"
# What changes elsewhere on the page after any save: the status, the workflow form's version, history.
AFTER_SAVE = (STATUS, WORKFLOW, HISTORY)
# The history panel rides along with every save: the newest changes only, the rest one link away.
HISTORY_SHOWN = 25
UNDO_TARGETS = {"evidence": "#evidence-block", "link": "#links-block"}  # the block an undone removal updates


# -- reading the workspace ---------------------------------------------------------------

def load_claim(claim_id: int) -> Claim:
    return claim_service.get_claim(claim_id, acting_user())


def article_claims(claim: Claim) -> list[tuple[int, str]]:
    """The other claims of the claim's article, for the link form: (id, text)."""
    if claim.article_id is None:
        return []
    rows = db.session.execute(
        select(Claim.id, Claim.text).where(Claim.article_id == claim.article_id, Claim.id != claim.id)
        .order_by(Claim.anchor_start, Claim.id))
    return [(row.id, row.text) for row in rows]


def active_staff() -> list[tuple[int, str]]:
    return [(row.id, row.name) for row in
            db.session.execute(select(User.id, User.name).where(User.active.is_(True)).order_by(User.name))]


def link_form(claim: Claim, others: list[tuple[int, str]], formdata=None, **data) -> LinkForm:
    form = LinkForm(formdata=formdata, **data)
    form.target.choices = options([("", "Choose a claim…")] + [(i, f"#{i}: {text}") for i, text in others])
    return form


def assignee_form(claim: Claim, staff, formdata=None) -> AssigneeForm:
    current = str(claim.assignee_id or "")
    form = AssigneeForm(formdata=formdata, **({} if formdata is not None else {
        "assignee": current, "version": claim.version, "original_assignee": current}))
    form.assignee.choices = options([("", "Nobody")] + staff)
    return form


def undoable(trail, claim: Claim, link_views) -> dict[str, set[int]]:
    """Removed evidence and links of this claim that are still removed: the history offers to undo them."""
    last = {}
    for event in trail:
        kind, _, verb = event.action.partition(".")
        if kind in ("evidence", "link"):
            last[(kind, event.entity_id)] = verb
    if claim.is_published:  # locked: nothing to undo until an editor reopens it
        return {"evidence": set(), "link": set()}
    live = {"evidence": {row.id for row in claim.evidence}, "link": {view.link.id for view in link_views}}
    return {kind: {entity for (k, entity), verb in last.items() if k == kind and verb == "remove"} - live[kind]
            for kind in ("evidence", "link")}


def undo_offers(entries, trail, claim: Claim, user: User, link_views) -> dict[int, tuple[str, str, str]]:
    """Per event shown, the undo its entry offers: (url, button, the block it updates)."""
    removed = undoable(trail, claim, link_views)
    current = verdicts.verdict_values(claim.verdict)
    offers = {}
    for entry in entries:
        event, revision = entry.event, entry.revision
        kind, _, verb = event.action.partition(".")
        if verb == "remove" and event.entity_id in removed.get(kind, ()):
            offers[event.id] = (url_for(f"desk.restore_{kind}", claim_id=claim.id, **{f"{kind}_id": event.entity_id}),
                                "Undo removal", UNDO_TARGETS[kind])
        elif (revision and user.has_role("editor") and not claim.is_published
              and (revision.rating_key, revision.summary, revision.explanation)
              != (current["rating"], current["summary"], current["explanation"])):
            offers[event.id] = (url_for("desk.restore_verdict", claim_id=claim.id, revision_id=revision.id),
                                "Restore this verdict", "#history-block")
    return offers


def workspace(claim: Claim, blocks=(PAGE,), **overrides) -> dict:
    """What the workspace's `blocks` show (every block of the page by default), in a fixed number of queries.

    The claim's links, its history and the assignee list cost a query or more each: they are read only when a
    block shown needs them (the history offers to undo removed links, so it needs the links too).
    """
    user = acting_user()
    whole = PAGE in blocks
    context = {
        "claim": claim,
        "quote": claim_excerpt(claim),
        "current_verdict": verdicts.verdict_values(claim.verdict),
        "public_path": public_path(claim) if claim.is_published else None,
        "claim_template": CLAIM,
        "verdict_template": VERDICT,
        "evidence_form": None,  # the add forms are rendered once asked for: new_evidence, new_link
        "link_form": None,
        "workflow_form": TransitionForm(formdata=None, version=claim.version),
        "editing_evidence": None,
        "editing_link": None,
        "source_matches": None,
        "claim_matches": None,
        "undo": None,
        "markdown": render_markdown,
        "word_diff": word_diff,
        "kind_labels": SOURCE_KIND_LABELS,
        "stance_labels": STANCE_LABELS,
        "relation_labels": RELATION_LABELS,
        "notices": {},
    }
    context.update({name: NotRead(name)
                    for name in (*HISTORY_PARTS, "links", "transitions", "assignee_form", "impact")})
    if whole or LINKS in blocks or HISTORY in blocks:
        context["links"] = links.links_of([claim], user)[claim.id]
    if whole or HISTORY in blocks:
        context.update(history_context(claim, user, context["links"]))
    if whole or WORKFLOW in blocks:
        context["transitions"] = workflow.allowed_transitions(claim, user)
        context["assignee_form"] = assignee_form(claim, active_staff()) if user.has_role("editor") else None
        context["unverified"] = [row for row in claim.evidence if evidence_is_unverified(row)]  # no query
    if whole or IMPACT in blocks:  # only a claim reopened for correction has one: two queries then
        context["impact"] = correction_impact(claim) if needs_impact(claim) else None
    context.update(overrides)
    if context["evidence_form"] is not None:
        sources_url = url_for("desk.search_sources", claim_id=claim.id)
        search_as_you_type(context["evidence_form"].url, sources_url, "#source-matches")
        search_as_you_type(context["evidence_form"].title, sources_url, "#source-matches")
    if context["link_form"] is not None:
        search_as_you_type(context["link_form"].q, url_for("desk.search_claims", claim_id=claim.id), "#claim-matches")
    return context


class NotRead:
    """Stands in the context for a part that no block rendered asked for: any use of it is a bug, and fails."""

    def __init__(self, name: str):
        self.name = name

    def _fail(self, *_args):
        raise RuntimeError(f"The workspace's {self.name!r} was not read for the blocks rendered: add the block to "
                           "workspace()'s conditions.")

    __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = __str__ = __html__ = _fail

    def __getattr__(self, attribute):
        self._fail()


HISTORY_PARTS = ("events", "hidden_events", "offers")


def history_context(claim: Claim, user: User, link_views) -> dict:
    """What the history block shows: the newest entries (all with ?history=all) and the undo each offers."""
    trail = history.audit_trail(claim, revisions=True)
    events = list(reversed(trail))
    shown = events if request.args.get("history") == "all" else events[:HISTORY_SHOWN]
    labels = history.labels_for(shown, stances=STANCE_LABELS, relations=RELATION_LABELS)
    entries = history.entries(shown, labels)
    return {
        "events": entries,
        "hidden_events": len(events) - len(shown),
        "offers": undo_offers(entries, trail, claim, user, link_views),
    }


def respond(claim: Claim, fragment: str, status: int = 200, *, oob=(), **overrides):
    """htmx gets `fragment` plus out-of-band updates of `oob`; a browser without it the whole page."""
    if not is_htmx():
        return render_template(PAGE, **workspace(claim, **overrides)), status
    blocks = [block for block in oob if block != fragment]
    context = workspace(claim, blocks=(fragment, *blocks), **overrides)
    body = render_template(fragment, **context)
    if blocks:
        body += render_template(OOB, oob=True, oob_blocks=blocks, **context)
    return body, status


def saved(claim_id: int, fragment: str, anchor: str, message: str, *, oob=AFTER_SAVE, saved_row=None, **overrides):
    """After a successful save: the fresh block for htmx, else a redirect back to the workspace.

    `saved_row(claim)` names the row the block shows, as the claim is now (for a row's own block).
    """
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("desk.claim", claim_id=claim_id, _anchor=anchor))
    claim = load_claim(claim_id)
    rows = saved_row(claim) if saved_row else {}
    return respond(claim, fragment, oob=oob, notices={fragment: message}, **overrides, **rows)


def refuse_locked(claim_id: int, fragment: str, error: PublishedClaimLocked):
    """409: the block as it is, saying why it is locked (its controls are hidden, but a page may be old)."""
    message = {EVIDENCE: "evidence_message", LINKS: "links_message"}[fragment]
    return respond(load_claim(claim_id), fragment, 409, oob=AFTER_SAVE, **{message: error.message})


def expected_version(value) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError("The form's version is not a number.", {"version": "Reload the page."})
    return int(value)


def add_errors(form, error: DomainError) -> None:
    """Put a service's field messages on the form fields they name; the rest become form errors."""
    form.form_errors = list(getattr(form, "form_errors", []))
    for name, message in (error.fields or {}).items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
    if not error.fields:
        form.form_errors.append(error.message)


def hidden_values(form, names) -> list[tuple[str, str]]:
    """(name, value) pairs that re-send a form's values unchanged, for the conflict's "keep mine"."""
    pairs = []
    for name in names:
        value = getattr(form, name).data
        pairs.append((name, value.isoformat() if isinstance(value, date) else "" if value is None else str(value)))
    return pairs


def rebase(form, current: dict, conflicting: dict) -> None:
    """After a conflict: say what the other person saved, and start the form from it.

    What was typed stays in the fields, so saving again overwrites deliberately.
    """
    for name, value in current.items():
        getattr(form, f"original_{name}").data = value
        if name in conflicting:
            getattr(form, name).errors = [f"{conflicting[name]} Now: “{value}”."]
