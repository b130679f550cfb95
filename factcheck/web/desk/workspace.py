"""The claim workspace's shared parts: its blocks, each declared once (its partial and the parts of the context it
reads); that context, read in a fixed number of queries; and how a block answers: the fragment with the blocks
it updates out of band for htmx, the whole page otherwise."""

from dataclasses import dataclass, replace
from types import SimpleNamespace

from flask import render_template, request, url_for
from flask_babel import gettext as _
from jinja2 import StrictUndefined
from sqlalchemy import select

from factcheck.errors import DomainError, ValidationError
from factcheck.extensions import db
from factcheck.i18n import lazy_gettext as _l
from factcheck.models import Claim, User
from factcheck.services.claims import claims as claim_service
from factcheck.services.claims import links, verdicts, workflow
from factcheck.services.claims.corrections import correction_impact, needs_impact
from factcheck.services.library.captures import evidence_is_unverified
from factcheck.services.reads import history
from factcheck.services.reads.public import claim_excerpt
from factcheck.services.site.publishing import public_path
from factcheck.services.text.markdown import render_markdown
from factcheck.web.context import acting_user, htmx_or_redirect, is_htmx, rating_label
from factcheck.web.desk.text_diff import word_diff
from factcheck.web.forms import search_as_you_type
from factcheck.web.forms.claims import (
    RELATION_LABELS, SOURCE_KIND_LABELS, STANCE_LABELS, AssigneeForm, LinkForm,
    TransitionForm, options,
)


@dataclass(frozen=True)
class Block:
    """A fragment of the workspace: its partial, and the parts of the context (PARTS) it reads."""

    name: str
    partial: str
    parts: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The context key of the error the block shows: claim_message for the claim and its form, and so on."""
        return self.name.split("_")[0] + "_message"


def _blocks(*declared: tuple) -> dict[str, Block]:
    return {name: Block(name, f"desk/claims/{name if name == 'show' else '_' + name}.html", parts)
            for name, *parts in declared}


BLOCKS = _blocks(
    ("show", "links", "history", "workflow", "impact"),  # the whole page
    ("status",), ("claim",), ("claim_form",), ("conflict",), ("assignee",), ("suggestions",),
    ("verdict",), ("verdict_form",), ("verdict_preview",),
    ("evidence",), ("evidence_row",), ("evidence_row_form",), ("evidence_add",), ("source_matches",),
    ("links", "links"), ("link_row",), ("link_row_form",), ("link_add",), ("claim_matches",),
    ("workflow", "workflow"), ("impact", "impact"), ("history", "links", "history"),
)
BY_PARTIAL = {block.partial: block for block in BLOCKS.values()}
PAGE = BLOCKS["show"].partial
OOB = "desk/claims/_oob.html"
CLAIM, HISTORY = BLOCKS["claim"].partial, BLOCKS["history"].partial
# What changes elsewhere on the page after any save: the status, the workflow form's version, history.
AFTER_SAVE = ("status", "workflow", "history")
# The history panel rides along with every save: the newest changes only, the rest one link away.
HISTORY_SHOWN = 25
UNDO_TARGETS = {"evidence": "#evidence-block", "link": "#links-block"}  # the block an undone removal updates


def block(key: str) -> Block:
    """A block by its name (or its partial)."""
    return BLOCKS[key] if key in BLOCKS else BY_PARTIAL[key]


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
    form.target.choices = options([("", _("Choose a claim…"))] + [(i, f"#{i}: {text}") for i, text in others])
    return form


def assignee_form(claim: Claim, staff, formdata=None) -> AssigneeForm:
    current = str(claim.assignee_id or "")
    form = AssigneeForm(formdata=formdata, **({} if formdata is not None else {
        "assignee": current, "version": claim.version, "original_assignee": current}))
    form.assignee.choices = options([("", _("Nobody"))] + staff)
    return form


def undoable(trail, claim: Claim, link_views) -> dict[str, set[int]]:
    """Removed evidence and links of this claim that are still removed: the history offers to undo them."""
    last = {}
    for event in trail:
        kind, _dot, verb = event.action.partition(".")
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
        kind, _dot, verb = event.action.partition(".")
        if verb == "remove" and event.entity_id in removed.get(kind, ()):
            offers[event.id] = (url_for(f"desk.restore_{kind}", claim_id=claim.id, **{f"{kind}_id": event.entity_id}),
                                _("Undo removal"), UNDO_TARGETS[kind])
        elif (revision and user.has_role("editor") and not claim.is_published
              and (revision.rating_key, revision.summary, revision.explanation)
              != (current["rating"], current["summary"], current["explanation"])):
            offers[event.id] = (url_for("desk.restore_verdict", claim_id=claim.id, revision_id=revision.id),
                                _("Restore this verdict"), "#history-block")
    return offers


def history_context(claim: Claim, user: User, context: dict) -> dict:
    """What the history block shows: the newest entries (all with ?history=all) and the undo each offers."""
    trail = history.audit_trail(claim, revisions=True)
    events = list(reversed(trail))
    shown = events if request.args.get("history") == "all" else events[:HISTORY_SHOWN]
    labels = history.labels_for(shown, stances=STANCE_LABELS, relations=RELATION_LABELS)
    labels = replace(labels, ratings={key: rating_label(SimpleNamespace(key=key, label=label))  # reader's language
                                      for key, label in labels.ratings.items()})
    entries = history.entries(shown, labels)
    return {
        "events": entries,
        "hidden_events": len(events) - len(shown),
        "offers": undo_offers(entries, trail, claim, user, context["links"]),
    }


def workflow_context(claim: Claim, user: User, context: dict) -> dict:
    return {"transitions": workflow.allowed_transitions(claim, user),
            "assignee_form": assignee_form(claim, active_staff()) if user.has_role("editor") else None,
            "unverified": [row for row in claim.evidence if evidence_is_unverified(row)]}  # no query


# The parts of the context that cost a query or more, read only for a block that declares them, in this order
# (the history offers to undo removed links, so it reads the links first): (the keys each gives, its reader).
PARTS = {
    "links": (("links",), lambda claim, user, context: {"links": links.links_of([claim], user)[claim.id]}),
    "history": (("events", "hidden_events", "offers"), history_context),
    "workflow": (("transitions", "assignee_form", "unverified"), workflow_context),
    # Only a claim reopened for correction has an impact: two queries then.
    "impact": (("impact",), lambda claim, user, context: {
        "impact": correction_impact(claim) if needs_impact(claim) else None}),
}


def workspace(claim: Claim, blocks=("show",), **overrides) -> dict:
    """What the workspace's `blocks` show (the whole page by default), in a fixed number of queries.

    A part no block shown declares stays unread: a template that uses it anyway fails loudly.
    """
    user = acting_user()
    wanted = {part for key in blocks for part in block(key).parts}
    context = {
        "claim": claim,
        "quote": claim_excerpt(claim),
        "current_verdict": verdicts.verdict_values(claim.verdict),
        "public_path": public_path(claim) if claim.is_published else None,
        "modes": {},  # a block shown another way on the page: its name → (its row's id or None, the block shown)
        "evidence_form": None,  # the add forms are rendered once asked for: new_evidence, new_link
        "link_form": None,
        "workflow_form": TransitionForm(formdata=None, version=claim.version),
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
    for name, (keys, read) in PARTS.items():
        if name in wanted:
            context.update(read(claim, user, context))
        else:
            context.update({key: StrictUndefined(hint=f"The workspace's {key!r} was not read for the blocks rendered: "
                                                 f"declare the part {name!r} in the block's parts.", exc=RuntimeError)
                            for key in keys})
    context.update(overrides)
    context["partial"] = lambda name, key=None: shown_partial(context["modes"], name, key)
    if context["evidence_form"] is not None:
        sources_url = url_for("desk.search_sources", claim_id=claim.id)
        search_as_you_type(context["evidence_form"].url, sources_url, "#source-matches")
        search_as_you_type(context["evidence_form"].title, sources_url, "#source-matches")
    if context["link_form"] is not None:
        search_as_you_type(context["link_form"].q, url_for("desk.search_claims", claim_id=claim.id), "#claim-matches")
    return context


def shown_partial(modes: dict, name: str, key=None) -> str:
    """The partial the page includes for block `name` (of row `key`): the block's, or the form or conflict open
    in its place."""
    if name in modes and modes[name][0] == key:
        name = modes[name][1]
    return BLOCKS[name].partial


# -- answering ------------------------------------------------------------------------------

def respond(claim: Claim, fragment: str, status: int = 200, *, oob=(), message: str | None = None, **overrides):
    """htmx gets the block `fragment` plus out-of-band updates of the blocks named in `oob`; a browser without it
    the whole page. `message` is an error the block shows."""
    shown = block(fragment)
    if message:
        overrides[shown.message] = message
    if not is_htmx():
        return render_template(PAGE, **workspace(claim, **overrides)), status
    others = [name for name in oob if name != shown.name]
    context = workspace(claim, blocks=(shown.name, *others), **overrides)
    body = render_template(shown.partial, **context)
    if others:
        body += render_template(OOB, oob=True, oob_blocks=[BLOCKS[name].partial for name in others], **context)
    return body, status


def saved(claim_id: int, fragment: str, anchor: str, message: str, *, oob=AFTER_SAVE, **overrides):
    """After a successful save: the fresh block saying so for htmx, else a redirect back to the workspace."""
    def fresh():
        claim = load_claim(claim_id)
        return respond(claim, fragment, oob=oob, notices={block(fragment).partial: message},
                       **{name: value(claim) if callable(value) else value for name, value in overrides.items()})
    return htmx_or_redirect(fresh, message, url_for("desk.claim", claim_id=claim_id, _anchor=anchor), code=302)


def refuse_locked(claim_id: int, fragment: str, error) -> tuple:
    """409: the block as it is, saying why it is locked (its controls are hidden, but a page may be old)."""
    return respond(load_claim(claim_id), fragment, 409, oob=AFTER_SAVE, message=error.message)


def expected_version(value) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(_l("The form's version is not a number."), {"version": _l("Reload the page.")})
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
