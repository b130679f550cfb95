"""Desk pages: the claim workspace, one partial per inline-editable block, and their saves."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from factcheck.errors import Conflict, DomainError, Forbidden, NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, User
from factcheck.security import access
from factcheck.services import claims as claim_service
from factcheck.services import desk, history, links, sources, verdicts, workflow
from factcheck.services.markdown import render_markdown
from factcheck.services.public import claim_excerpt
from factcheck.services.publishing import public_path
from factcheck.services.ratings import rating_scale
from factcheck.web.context import acting_user, is_htmx, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.desk.text_diff import word_diff
from factcheck.web.forms.claims import (
    RELATION_LABELS,
    SOURCE_KIND_LABELS,
    STANCE_LABELS,
    AssigneeForm,
    ClaimForm,
    EvidenceForm,
    EvidenceRowForm,
    LinkForm,
    LinkRowForm,
    RemoveForm,
    RestoreRevisionForm,
    TransitionForm,
    VerdictForm,
    options,
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
STATUS = "desk/claims/_status.html"
OOB = "desk/claims/_oob.html"
# What changes elsewhere on the page after any save: the status, the workflow form's version, history.
AFTER_SAVE = (STATUS, WORKFLOW, HISTORY)
# The history panel rides along with every save: the newest changes only, the rest one link away.
HISTORY_SHOWN = 25


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


def people_in_history(events) -> dict[int, str]:
    """Names of the assignees that claim edits in `events` mention (one query, only when needed)."""
    ids = {state.get("assignee_id") for event in events if event.action == "claim.update"
           for state in (event.before or {}, event.after or {})} - {None}
    if not ids:
        return {}
    return {row.id: row.name for row in db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))}


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
    live = {"evidence": {row.id for row in claim.evidence}, "link": {view.link.id for view in link_views}}
    return {kind: {entity for (k, entity), verb in last.items() if k == kind and verb == "remove"} - live[kind]
            for kind in ("evidence", "link")}


def revisions_by_event(trail, claim: Claim) -> dict[int, object]:
    """Each verdict.set event's VerdictRevision: both are written together, one of each per save."""
    events = [event for event in trail if event.action == "verdict.set"]
    revisions = verdicts.verdict_revisions(claim) if events else []
    if len(events) != len(revisions):
        return {}
    return {event.id: revision for event, revision in zip(events, revisions, strict=True)}


def workspace(claim: Claim, **overrides) -> dict:
    """Everything the workspace page and its partials show, in a fixed number of queries."""
    user = acting_user()
    trail = history.audit_trail(claim)
    events = list(reversed(trail))
    shown = events if request.args.get("history") == "all" else events[:HISTORY_SHOWN]
    link_views = links.links_of([claim], user)[claim.id]
    context = {
        "claim": claim,
        "quote": claim_excerpt(claim),
        "links": link_views,
        "events": shown,
        "hidden_events": len(events) - len(shown),
        "people": people_in_history(shown),
        "undoable": undoable(trail, claim, link_views),
        "revisions": revisions_by_event(trail, claim),
        "current_verdict": verdicts.verdict_values(claim.verdict),
        "can_restore": user.has_role("editor"),
        "ratings": {rating.key: rating for rating in rating_scale()},
        "transitions": workflow.allowed_transitions(claim, user),
        "public_path": public_path(claim) if claim.is_published else None,
        "claim_template": CLAIM,
        "verdict_template": VERDICT,
        "evidence_form": None,  # the add forms are rendered once asked for: new_evidence, new_link
        "link_form": None,
        "workflow_form": TransitionForm(formdata=None, version=claim.version),
        "assignee_form": assignee_form(claim, active_staff()),
        "remove_form": RemoveForm(formdata=None),
        "restore_form": RestoreRevisionForm(formdata=None, version=claim.version),
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
    context.update(overrides)
    if context["evidence_form"] is not None:
        sources_url = url_for("desk.search_sources", claim_id=claim.id)
        search_as_you_type(context["evidence_form"].url, sources_url, "#source-matches")
        search_as_you_type(context["evidence_form"].title, sources_url, "#source-matches")
    if context["link_form"] is not None:
        search_as_you_type(context["link_form"].q, url_for("desk.search_claims", claim_id=claim.id), "#claim-matches")
    return context


def search_as_you_type(field, url: str, target: str) -> None:
    """Ask `url` for matches after a pause in typing into `field`; the matches replace `target`."""
    field.render_kw = {**(field.render_kw or {}), "data-hx-get": url, "data-hx-trigger": "input changed delay:300ms",
                       "data-hx-target": target, "data-hx-swap": "outerHTML", "autocomplete": "off",
                       "aria-controls": target.lstrip("#")}


def respond(claim: Claim, fragment: str, status: int = 200, *, oob=(), **overrides):
    """htmx gets `fragment` plus out-of-band updates of `oob`; a browser without it the whole page."""
    context = workspace(claim, **overrides)
    body, status = page_or_fragment(PAGE, fragment, status, **context)
    if is_htmx() and oob:
        blocks = [block for block in oob if block != fragment]
        body += render_template(OOB, oob=True, oob_blocks=blocks, **context)
    return body, status


def saved(claim_id: int, fragment: str, anchor: str, message: str, *, oob=AFTER_SAVE, **overrides):
    """After a successful save: the fresh block for htmx, else a redirect back to the workspace."""
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("desk.claim", claim_id=claim_id, _anchor=anchor))
    return respond(load_claim(claim_id), fragment, oob=oob, notices={fragment: message}, **overrides)


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


@bp.route("/claims/<int:claim_id>")
@access("staff")
def claim(claim_id: int):
    """The workspace; ?source=<id> and ?link_to=<id> pre-fill the add forms (a search pick without JS)."""
    claim = load_claim(claim_id)
    overrides = {}
    if request.args.get("source", "").isdigit():
        source = sources.get_source(int(request.args["source"]))
        overrides["evidence_form"] = EvidenceForm(formdata=None, url=source.url, title=source.title,
                                                  publisher=source.publisher, kind=source.kind)
        overrides["evidence_open"] = True
    if request.args.get("link_to", "").isdigit():
        overrides["link_form"] = link_form(claim, article_claims(claim), formdata=None,
                                           target_id=int(request.args["link_to"]))
        overrides["link_open"] = True
    return respond(claim, PAGE, **overrides)


# -- the claim's own fields --------------------------------------------------------------

def claim_form(claim: Claim, formdata=None) -> ClaimForm:
    """The claim form, with its assignee choices and the claimant names its datalist offers."""
    if formdata is None:
        values = claim_service.editable_values(claim)
        form = ClaimForm(formdata=None, text=claim.text, claimant=values["claimant"],
                         claimed_at=claim.claimed_at.date() if claim.claimed_at else None,
                         assignee=values["assignee"], version=claim.version,
                         **{f"original_{name}": value for name, value in values.items()})
    else:
        form = ClaimForm(formdata=formdata)
    form.assignee.choices = options([("", "Nobody")] + active_staff())
    form.claimant_names = desk.claimant_names()
    return form


def claim_changes(claim: Claim, form: ClaimForm) -> dict:
    """The form's values as update_claim takes them (a date on the same day keeps its time)."""
    changes = {"text": form.text.data, "claimant": form.claimant.data or None,
               "assignee": int(form.assignee.data) if (form.assignee.data or "").isdigit() else None}
    same_day = claim.claimed_at and form.claimed_at.data == claim.claimed_at.date()
    if not same_day and not (claim.claimed_at is None and form.claimed_at.data is None):
        changes["claimed_at"] = form.claimed_at.data
    return changes


@bp.route("/claims/<int:claim_id>/details")
@access("staff")
def claim_details(claim_id: int):
    return respond(load_claim(claim_id), CLAIM)


@bp.route("/claims/<int:claim_id>/edit")
@access("staff")
def edit_claim(claim_id: int):
    claim = load_claim(claim_id)
    if claim.is_published:
        return respond(claim, CLAIM, 409, claim_message="This claim is published: an editor must reopen "
                       "it for a correction before it can be changed.")
    return respond(claim, CLAIM_FORM, claim_template=CLAIM_FORM, claim_form=claim_form(claim))


@bp.route("/claims/<int:claim_id>", methods=["POST"])
@access("staff")
def update_claim(claim_id: int):
    claim = load_claim(claim_id)
    form = claim_form(claim, request.form)
    if not form.validate():
        return respond(claim, CLAIM_FORM, 422, claim_template=CLAIM_FORM, claim_form=form)
    try:
        claim_service.update_claim(acting_user(), claim, expected_version(form.version.data),
                                   expected=form.originals(), **claim_changes(claim, form))
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), CLAIM_FORM, 422, claim_template=CLAIM_FORM, claim_form=form)
    except Conflict as error:
        return claim_conflict(claim_id, form, error)
    return saved(claim_id, CLAIM, "claim-block", "Claim saved.")


def claim_conflict(claim_id: int, form: ClaimForm, error: Conflict):
    """409: their saved claim beside what you typed; your values kept, now based on their version."""
    claim = load_claim(claim_id)
    if error.code == "claim_published":
        return respond(claim, CLAIM, 409, oob=AFTER_SAVE, claim_message=error.message)
    theirs_values = claim_service.editable_values(claim)
    form.version.data = claim.version
    for name, value in theirs_values.items():
        getattr(form, f"original_{name}").data = value
    staff = dict(active_staff())
    theirs = [("Claim", claim.text), ("Claimant", theirs_values["claimant"] or "—"),
              ("Claimed on", theirs_values["claimed_at"] or "—"),
              ("Assignee", claim.assignee.name if claim.assignee else "Nobody")]
    yours = [("Claim", form.text.data), ("Claimant", form.claimant.data or "—"),
             ("Claimed on", form.claimed_at.data.isoformat() if form.claimed_at.data else "—"),
             ("Assignee", staff.get(int(form.assignee.data), "—") if (form.assignee.data or "").isdigit() else "Nobody")]
    conflict = {"block_id": "claim-block", "title": "Claim", "message": error.message,
                "changed": {"Claim": "text", "Claimant": "claimant", "Claimed on": "claimed_at",
                            "Assignee": "assignee"},
                "fields": error.fields, "theirs": theirs, "yours": yours, "form_template": CLAIM_FORM,
                "action": url_for("desk.update_claim", claim_id=claim_id),
                "keep_mine": hidden_values(form, ["text", "claimant", "claimed_at", "assignee", "version",
                                                  *(f"original_{name}" for name in theirs_values)]),
                "theirs_url": url_for("desk.claim_details", claim_id=claim_id)}
    return respond(claim, CONFLICT, 409, oob=AFTER_SAVE, claim_template=CONFLICT, conflict=conflict,
                   claim_form=form)


@bp.route("/claims/<int:claim_id>/assignee", methods=["POST"])
@access("staff")
def save_assignee(claim_id: int):
    claim = load_claim(claim_id)
    form = assignee_form(claim, active_staff(), request.form)
    form.validate()
    chosen = form.assignee.data or ""
    try:
        claim_service.update_claim(acting_user(), claim, expected_version(form.version.data),
                                   expected=form.originals(), assignee=int(chosen) if chosen.isdigit() else None)
    except (ValidationError, Conflict) as error:
        fresh = load_claim(claim_id)
        return respond(fresh, WORKFLOW, error.status, oob=(STATUS, HISTORY, ASSIGNEE),
                       workflow_message=error.message)
    return saved(claim_id, WORKFLOW, "workflow-block", "Assignee saved.", oob=(STATUS, HISTORY, ASSIGNEE))


# -- the verdict ---------------------------------------------------------------------------

def verdict_form(claim: Claim, formdata=None) -> VerdictForm:
    verdict = claim.verdict
    if formdata is None:
        originals = verdicts.verdict_values(verdict)
        form = VerdictForm(formdata=None, rating=verdict.rating_key if verdict else "unproven",
                           summary=verdict.summary if verdict else "",
                           explanation=verdict.explanation if verdict else "", version=claim.version,
                           **{f"original_{name}": value for name, value in originals.items()})
    else:
        form = VerdictForm(formdata=formdata)
    form.rating.choices = options((rating.key, rating.label) for rating in rating_scale())
    # The live preview: what is typed, rendered as readers will see it, after a pause in typing.
    form.explanation.render_kw = {
        **form.explanation.render_kw, "data-hx-post": url_for("desk.preview_verdict", claim_id=claim.id),
        "data-hx-trigger": "input changed delay:300ms", "data-hx-target": "#verdict-preview", "data-hx-swap": "outerHTML"}
    return form


@bp.route("/claims/<int:claim_id>/verdict")
@access("staff")
def verdict(claim_id: int):
    return respond(load_claim(claim_id), VERDICT)


@bp.route("/claims/<int:claim_id>/verdict/edit")
@access("staff")
def edit_verdict(claim_id: int):
    claim = load_claim(claim_id)
    return respond(claim, VERDICT_FORM, verdict_template=VERDICT_FORM, verdict_form=verdict_form(claim))


@bp.route("/claims/<int:claim_id>/verdict/preview", methods=["POST"])
@access("staff")
def preview_verdict(claim_id: int):
    """The typed explanation rendered as readers will see it; without JS, the form with its preview."""
    claim = load_claim(claim_id)
    preview = render_markdown(request.form.get("explanation", ""))
    if is_htmx():  # asked for at every pause in typing: only the preview, none of the workspace
        return render_template(VERDICT_PREVIEW, preview=preview)
    form = verdict_form(claim, request.form)
    return respond(claim, VERDICT_PREVIEW, verdict_template=VERDICT_FORM, verdict_form=form, preview=preview)


@bp.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@access("staff")
def save_verdict(claim_id: int):
    claim = load_claim(claim_id)
    form = verdict_form(claim, request.form)
    if not form.validate():
        return respond(claim, VERDICT_FORM, 422, verdict_template=VERDICT_FORM, verdict_form=form)
    try:
        verdicts.set_verdict(acting_user(), claim, expected_version(form.version.data), expected=form.originals(),
                             rating=form.rating.data, summary=form.summary.data,
                             explanation=form.explanation.data or "", note=form.note.data or None)
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), VERDICT_FORM, 422, verdict_template=VERDICT_FORM, verdict_form=form)
    except Conflict as error:
        return verdict_conflict(claim_id, form, error)
    return saved(claim_id, VERDICT, "verdict-block", "Verdict saved.")


def verdict_conflict(claim_id: int, form: VerdictForm, error: Conflict):
    """409: the verdict they saved beside yours; a published claim shows why it is locked."""
    claim = load_claim(claim_id)
    if error.code == "claim_published":
        return respond(claim, VERDICT_FORM, 409, oob=AFTER_SAVE, verdict_template=VERDICT_FORM,
                       verdict_form=form, verdict_message=error.message)
    form.version.data = claim.version
    current = verdicts.verdict_values(claim.verdict)
    for name, value in current.items():
        getattr(form, f"original_{name}").data = value
    ratings = {option.value: option.label for option in form.rating.choices}
    theirs = [("Rating", ratings.get(current["rating"], "—")), ("Summary", current["summary"] or "—"),
              ("Explanation", current["explanation"] or "—")]
    yours = [("Rating", ratings.get(form.rating.data, form.rating.data)), ("Summary", form.summary.data),
             ("Explanation", form.explanation.data or "—")]
    conflict = {"block_id": "verdict-block", "title": "Verdict", "message": error.message,
                "changed": {"Rating": "rating", "Summary": "summary", "Explanation": "explanation"},
                "fields": error.fields, "theirs": theirs, "yours": yours, "form_template": VERDICT_FORM,
                "action": url_for("desk.save_verdict", claim_id=claim_id),
                "keep_mine": hidden_values(form, ["rating", "summary", "explanation", "note", "version",
                                                  *(f"original_{name}" for name in current)]),
                "theirs_url": url_for("desk.verdict", claim_id=claim_id)}
    return respond(claim, CONFLICT, 409, oob=AFTER_SAVE, verdict_template=CONFLICT, conflict=conflict,
                   verdict_form=form)


@bp.route("/claims/<int:claim_id>/verdict/revisions/<int:revision_id>/restore", methods=["POST"])
@access("editor")
def restore_verdict(claim_id: int, revision_id: int):
    """An earlier verdict becomes the verdict again, as a new revision."""
    claim = load_claim(claim_id)
    form = RestoreRevisionForm()
    form.validate()
    try:
        verdicts.restore_revision(acting_user(), claim, revision_id, expected_version(form.version.data))
    except Conflict as error:
        return respond(load_claim(claim_id), HISTORY, 409, oob=(STATUS, WORKFLOW, VERDICT),
                       history_message=error.message)
    return saved(claim_id, HISTORY, "verdict-block", "Earlier verdict restored as a new revision.",
                 oob=(STATUS, WORKFLOW, VERDICT))


# -- evidence --------------------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/evidence")
@access("staff")
def evidence(claim_id: int):
    return respond(load_claim(claim_id), EVIDENCE)


@bp.route("/claims/<int:claim_id>/evidence/new")
@access("staff")
def new_evidence(claim_id: int):
    """The add-evidence form: htmx fetches it when "Add evidence" opens; without JavaScript, the page with it open."""
    return respond(load_claim(claim_id), EVIDENCE_ADD, evidence_form=EvidenceForm(formdata=None), evidence_open=True)


@bp.route("/claims/<int:claim_id>/evidence/sources")
@access("staff")
def search_sources(claim_id: int):
    """Sources matching what is typed in the evidence form's URL or title (search as you type)."""
    claim = load_claim(claim_id)
    q = request.args.get("q") or request.args.get("url") or request.args.get("title") or ""
    form = EvidenceForm(formdata=None, url=request.args.get("url", q), title=request.args.get("title", ""))
    return respond(claim, SOURCE_MATCHES, source_matches=sources.search_sources(q), search_q=q,
                   evidence_form=form, evidence_open=True)


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@access("staff")
def add_evidence(claim_id: int):
    claim = load_claim(claim_id)
    form = EvidenceForm()
    if not form.validate():
        return respond(claim, EVIDENCE, 422, evidence_form=form)
    user = acting_user()
    try:
        _, created = sources.cite_source_by_url(
            user, claim, url=form.url.data, title=form.title.data, publisher=form.publisher.data,
            kind=form.kind.data, stance=form.stance.data, quote=form.quote.data or "", note=form.note.data or "")
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), EVIDENCE, 422, evidence_form=form)
    message = "Evidence added." if created else "Evidence added; the source was already in the library."
    return saved(claim_id, EVIDENCE, "evidence-block", message)


def live_evidence(claim: Claim, evidence_id: int):
    row = next((row for row in claim.evidence if row.id == evidence_id), None)
    if row is None:
        raise NotFound(f"There is no evidence {evidence_id} on this claim.")
    return row


def evidence_row_form(row, formdata=None) -> EvidenceRowForm:
    values = {"stance": row.stance, "quote": row.quote, "note": row.note}
    data = {} if formdata is not None else {**values, **{f"original_{k}": v for k, v in values.items()}}
    return EvidenceRowForm(formdata=formdata, **data).for_row(row.id)


def rebase(form, current: dict, conflicting: dict) -> None:
    """After a conflict: say what the other person saved, and start the form from it.

    What was typed stays in the fields, so saving again overwrites deliberately.
    """
    for name, value in current.items():
        getattr(form, f"original_{name}").data = value
        if name in conflicting:
            getattr(form, name).errors = [f"{conflicting[name]} Now: “{value}”."]


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>")
@access("staff")
def evidence_row(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    return respond(claim, EVIDENCE_ROW, row=live_evidence(claim, evidence_id))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/edit")
@access("staff")
def edit_evidence_row(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    row = live_evidence(claim, evidence_id)
    return respond(claim, EVIDENCE_ROW_FORM, row=row, editing_evidence=row.id,
                   evidence_row_form=evidence_row_form(row))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>", methods=["POST"])
@access("staff")
def update_evidence_row(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    row = live_evidence(claim, evidence_id)
    form = evidence_row_form(row, request.form)
    try:
        if not form.validate():
            raise ValidationError("Check the fields marked.")
        sources.update_evidence(acting_user(), claim, row, stance=form.stance.data, quote=form.quote.data or "",
                                note=form.note.data or "", expected=form.originals())
    except (ValidationError, Conflict) as error:
        claim = load_claim(claim_id)
        row = live_evidence(claim, evidence_id)
        if isinstance(error, Conflict):
            rebase(form, {"stance": row.stance, "quote": row.quote, "note": row.note}, error.fields)
            form.form_errors.append(error.message + " Your text is kept below; save again to replace theirs.")
        elif error.fields:
            add_errors(form, error)
        return respond(claim, EVIDENCE_ROW_FORM, error.status, row=row,
                       editing_evidence=evidence_id, evidence_row_form=form)
    claim = load_claim(claim_id)
    return saved(claim_id, EVIDENCE_ROW, f"evidence-{evidence_id}", "Evidence saved.",
                 row=live_evidence(claim, evidence_id))


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@access("staff")
def remove_evidence(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    RemoveForm().validate()
    sources.remove_evidence(acting_user(), claim, sources.get_evidence(claim, evidence_id))
    undo = {"action": url_for("desk.restore_evidence", claim_id=claim_id, evidence_id=evidence_id),
            "target": "#evidence-block", "label": "Undo"}
    return saved(claim_id, EVIDENCE, "evidence-block", "Evidence removed.", undo=undo)


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/restore", methods=["POST"])
@access("staff")
def restore_evidence(claim_id: int, evidence_id: int):
    """Undo a removal (from the notice after removing, or from the history panel)."""
    claim = load_claim(claim_id)
    RemoveForm().validate()
    sources.restore_evidence(acting_user(), claim, sources.get_removed_evidence(claim, evidence_id))
    return saved(claim_id, EVIDENCE, "evidence-block", "Evidence restored.", oob=(*AFTER_SAVE, EVIDENCE))


# -- links between claims ---------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/links")
@access("staff")
def claim_links(claim_id: int):
    return respond(load_claim(claim_id), LINKS)


@bp.route("/claims/<int:claim_id>/links/new")
@access("staff")
def new_link(claim_id: int):
    """The form that links another claim, fetched as new_evidence is."""
    claim = load_claim(claim_id)
    return respond(claim, LINK_ADD, link_form=link_form(claim, article_claims(claim), formdata=None), link_open=True)


@bp.route("/claims/<int:claim_id>/links/claims")
@access("staff")
def search_claims(claim_id: int):
    """Claims of any article whose text matches what is typed in the link form (search as you type)."""
    claim = load_claim(claim_id)
    q = request.args.get("q", "")
    form = link_form(claim, article_claims(claim), formdata=None, q=q)
    return respond(claim, CLAIM_MATCHES, claim_matches=links.search_claims(claim, q), search_q=q,
                   link_form=form, link_open=True)


@bp.route("/claims/<int:claim_id>/links", methods=["POST"])
@access("staff")
def add_link(claim_id: int):
    claim = load_claim(claim_id)
    form = link_form(claim, article_claims(claim), request.form)
    if not form.validate():
        return respond(claim, LINKS, 422, link_form=form)
    if not form.chosen_target():
        form.target_id.errors = ["Choose a claim from the list or type its id."]
        return respond(claim, LINKS, 422, link_form=form)
    try:
        links.link_claims(acting_user(), claim, links.find_claim(form.chosen_target()),
                          form.relation.data, form.note.data or "")
    except (ValidationError, Conflict) as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), LINKS, error.status, link_form=form)
    return saved(claim_id, LINKS, "links-block", "Claims linked.")


def live_link(claim: Claim, link_id: int):
    view = next((view for view in links.links_of([claim], acting_user())[claim.id] if view.link.id == link_id), None)
    if view is None:
        raise NotFound(f"There is no link {link_id} on this claim.")
    return view


def link_row_form(view, formdata=None) -> LinkRowForm:
    values = {"relation": view.link.relation, "note": view.link.note}
    data = {} if formdata is not None else {**values, **{f"original_{k}": v for k, v in values.items()}}
    return LinkRowForm(formdata=formdata, **data).for_row(view.link.id)


@bp.route("/claims/<int:claim_id>/links/<int:link_id>")
@access("staff")
def link_row(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    return respond(claim, LINK_ROW, view=live_link(claim, link_id))


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/edit")
@access("staff")
def edit_link_row(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    view = live_link(claim, link_id)
    return respond(claim, LINK_ROW_FORM, view=view, editing_link=link_id, link_row_form=link_row_form(view))


@bp.route("/claims/<int:claim_id>/links/<int:link_id>", methods=["POST"])
@access("staff")
def update_link_row(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    view = live_link(claim, link_id)
    form = link_row_form(view, request.form)
    try:
        if not form.validate():
            raise ValidationError("Check the fields marked.")
        links.update_link(acting_user(), claim, view.link, relation=form.relation.data, note=form.note.data or "",
                          expected=form.originals())
    except (ValidationError, Conflict) as error:
        claim = load_claim(claim_id)
        view = live_link(claim, link_id)
        if error.code == "edit_conflict":
            rebase(form, {"relation": view.link.relation, "note": view.link.note}, error.fields)
            form.form_errors.append(error.message + " Your text is kept below; save again to replace theirs.")
        elif error.fields:
            add_errors(form, error)
        return respond(claim, LINK_ROW_FORM, error.status, view=view, editing_link=link_id,
                       link_row_form=form)
    claim = load_claim(claim_id)
    return saved(claim_id, LINK_ROW, f"link-{link_id}", "Link saved.", view=live_link(claim, link_id))


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/remove", methods=["POST"])
@access("staff")
def remove_link(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    RemoveForm().validate()
    links.remove_link(acting_user(), claim, links.get_claim_link(claim, link_id))
    undo = {"action": url_for("desk.restore_link", claim_id=claim_id, link_id=link_id),
            "target": "#links-block", "label": "Undo"}
    return saved(claim_id, LINKS, "links-block", "Link removed.", undo=undo)


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/restore", methods=["POST"])
@access("staff")
def restore_link(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    RemoveForm().validate()
    links.restore_link(acting_user(), claim, links.get_removed_link(claim, link_id))
    return saved(claim_id, LINKS, "links-block", "Link restored.", oob=(*AFTER_SAVE, LINKS))


# -- workflow and history ----------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/workflow")
@access("staff")
def claim_workflow(claim_id: int):
    return respond(load_claim(claim_id), WORKFLOW)


@bp.route("/claims/<int:claim_id>/transitions", methods=["POST"])
@access("staff")
def transition_claim(claim_id: int):
    claim = load_claim(claim_id)
    form = TransitionForm()
    to = request.form.get("to", "")
    if not form.validate():
        return respond(claim, WORKFLOW, 422, workflow_form=form)
    try:
        workflow.transition(acting_user(), claim, to, form.note.data, expected_version(form.version.data))
    except (Forbidden, ValidationError, Conflict) as error:
        add_errors(form, error)
        fresh = load_claim(claim_id)
        form.version.data = fresh.version
        return respond(fresh, WORKFLOW, error.status, oob=AFTER_SAVE, workflow_form=form,
                       workflow_message=error.message)
    moved = {"in_review": "Submitted for review.", "published": "Published.", "draft": "Sent back to draft."}
    return saved(claim_id, WORKFLOW, "workflow-block", moved.get(to, "Status changed."),
                 oob=(STATUS, CLAIM, VERDICT, HISTORY))


@bp.route("/claims/<int:claim_id>/history")
@access("staff")
def claim_history(claim_id: int):
    return respond(load_claim(claim_id), HISTORY)
