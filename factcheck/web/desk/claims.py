"""Desk pages: the claim workspace, one partial per inline-editable block, and their saves."""

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from factcheck.errors import Conflict, DomainError, Forbidden, ValidationError
from factcheck.extensions import db
from factcheck.models import Claim, Claimant, User
from factcheck.security import access
from factcheck.services import claims as claim_service
from factcheck.services import history, links, sources, verdicts, workflow
from factcheck.services.markdown import render_markdown
from factcheck.services.publishing import public_path
from factcheck.services.ratings import rating_scale
from factcheck.web.context import acting_user, is_htmx, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.forms.claims import (
    RELATION_LABELS,
    SOURCE_KIND_LABELS,
    STANCE_LABELS,
    ClaimForm,
    EvidenceForm,
    LinkForm,
    RemoveForm,
    TransitionForm,
    VerdictForm,
    options,
)

PAGE = "desk/claims/show.html"
CLAIM = "desk/claims/_claim.html"
CLAIM_FORM = "desk/claims/_claim_form.html"
VERDICT = "desk/claims/_verdict.html"
VERDICT_FORM = "desk/claims/_verdict_form.html"
CONFLICT = "desk/claims/_conflict.html"
EVIDENCE = "desk/claims/_evidence.html"
LINKS = "desk/claims/_links.html"
WORKFLOW = "desk/claims/_workflow.html"
HISTORY = "desk/claims/_history.html"
STATUS = "desk/claims/_status.html"
OOB = "desk/claims/_oob.html"
# What changes elsewhere on the page after any save: the status, the workflow form's version, history.
AFTER_SAVE = (STATUS, WORKFLOW, HISTORY)
CONTEXT_CHARACTERS = 240


# -- reading the workspace ---------------------------------------------------------------

def load_claim(claim_id: int) -> Claim:
    return claim_service.get_claim(claim_id, acting_user())


def quote_in_context(claim: Claim) -> tuple[str, str, str] | None:
    """The article text around the claim's anchor: (before, quote, after), cut at word breaks."""
    article = claim.article
    if article is None or claim.anchor_start is None or claim.anchor_status == "orphaned":
        return None
    start, end = claim.anchor_start, claim.anchor_end
    before = article.text[max(0, start - CONTEXT_CHARACTERS):start]
    after = article.text[end:end + CONTEXT_CHARACTERS]
    if start > CONTEXT_CHARACTERS:
        before = "…" + before.split(" ", 1)[-1]
    if end + CONTEXT_CHARACTERS < len(article.text):
        after = after.rsplit(" ", 1)[0] + "…"
    return before, article.text[start:end], after


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


def link_form(claim: Claim, others: list[tuple[int, str]], formdata=None) -> LinkForm:
    form = LinkForm(formdata=formdata)
    form.target.choices = options([("", "Choose a claim…")] + [(i, f"#{i}: {text}") for i, text in others])
    return form


def workspace(claim: Claim, **overrides) -> dict:
    """Everything the workspace page and its partials show, in a fixed number of queries."""
    user = acting_user()
    events = history.audit_trail(claim)
    events.reverse()
    others = article_claims(claim)
    context = {
        "claim": claim,
        "quote": quote_in_context(claim),
        "links": links.links_of([claim], user)[claim.id],
        "events": events,
        "people": people_in_history(events),
        "ratings": {rating.key: rating for rating in rating_scale()},
        "transitions": workflow.allowed_transitions(claim, user),
        "public_path": public_path(claim) if claim.is_published else None,
        "claim_template": CLAIM,
        "verdict_template": VERDICT,
        "evidence_form": EvidenceForm(formdata=None),
        "link_form": link_form(claim, others),
        "workflow_form": TransitionForm(formdata=None, version=claim.version),
        "remove_form": RemoveForm(formdata=None),
        "markdown": render_markdown,
        "kind_labels": SOURCE_KIND_LABELS,
        "stance_labels": STANCE_LABELS,
        "relation_labels": RELATION_LABELS,
        "notices": {},
    }
    context.update(overrides)
    return context


def respond(claim: Claim, fragment: str, status: int = 200, *, oob=(), **overrides):
    """htmx gets `fragment` plus out-of-band updates of `oob`; a browser without it the whole page."""
    context = workspace(claim, **overrides)
    body, status = page_or_fragment(PAGE, fragment, status, **context)
    if is_htmx() and oob:
        blocks = [block for block in oob if block != fragment]
        body += render_template(OOB, oob=True, oob_blocks=blocks, **context)
    return body, status


def saved(claim_id: int, fragment: str, anchor: str, message: str, *, oob=AFTER_SAVE):
    """After a successful save: the fresh block for htmx, else a redirect back to the workspace."""
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("desk.claim", claim_id=claim_id, _anchor=anchor))
    return respond(load_claim(claim_id), fragment, oob=oob, notices={fragment: message})


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


@bp.route("/claims/<int:claim_id>")
@access("staff")
def claim(claim_id: int):
    return respond(load_claim(claim_id), PAGE)


# -- the claim's own fields --------------------------------------------------------------

def claim_form(claim: Claim, formdata=None) -> ClaimForm:
    """The claim form, with its assignee choices and the claimant names its datalist offers."""
    if formdata is None:
        form = ClaimForm(formdata=None, text=claim.text,
                         claimant=claim.claimant.name if claim.claimant else "",
                         claimed_at=claim.claimed_at.date() if claim.claimed_at else None,
                         assignee=str(claim.assignee_id or ""), version=claim.version)
    else:
        form = ClaimForm(formdata=formdata)
    staff = db.session.execute(select(User.id, User.name).where(User.active.is_(True)).order_by(User.name))
    form.assignee.choices = options([("", "Nobody")] + [(row.id, row.name) for row in staff])
    form.claimant_names = list(db.session.scalars(select(Claimant.name).order_by(Claimant.name)))
    return form


def claim_changes(claim: Claim, form: ClaimForm) -> dict:
    """The fields the form changes, as update_claim takes them (a date on the same day keeps its time)."""
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
                                   **claim_changes(claim, form))
    except ValidationError as error:
        add_errors(form, error)
        return respond(load_claim(claim_id), CLAIM_FORM, 422, claim_template=CLAIM_FORM, claim_form=form)
    except Conflict as error:
        return claim_conflict(claim_id, form, error)
    return saved(claim_id, CLAIM, "claim-block", "Claim saved.")


def claim_conflict(claim_id: int, form: ClaimForm, error: Conflict):
    """409: their saved claim beside what you typed, your values kept in a form at their version."""
    claim = load_claim(claim_id)
    if error.code == "claim_published":
        return respond(claim, CLAIM, 409, oob=AFTER_SAVE, claim_message=error.message)
    form.version.data = claim.version
    theirs = [("Claim", claim.text), ("Claimant", claim.claimant.name if claim.claimant else "—"),
              ("Claimed on", claim.claimed_at.date().isoformat() if claim.claimed_at else "—")]
    yours = [("Claim", form.text.data), ("Claimant", form.claimant.data or "—"),
             ("Claimed on", form.claimed_at.data.isoformat() if form.claimed_at.data else "—")]
    conflict = {"block_id": "claim-block", "title": "Claim", "message": error.message,
                "theirs": theirs, "yours": yours, "form_template": CLAIM_FORM}
    return respond(claim, CONFLICT, 409, oob=AFTER_SAVE, claim_template=CONFLICT, conflict=conflict,
                   claim_form=form)


# -- the verdict ---------------------------------------------------------------------------

def verdict_form(claim: Claim, formdata=None) -> VerdictForm:
    verdict = claim.verdict
    if formdata is None:
        form = VerdictForm(formdata=None, rating=verdict.rating_key if verdict else "unproven",
                           summary=verdict.summary if verdict else "",
                           explanation=verdict.explanation if verdict else "", version=claim.version)
    else:
        form = VerdictForm(formdata=formdata)
    form.rating.choices = options((rating.key, rating.label) for rating in rating_scale())
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


@bp.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@access("staff")
def save_verdict(claim_id: int):
    claim = load_claim(claim_id)
    form = verdict_form(claim, request.form)
    if not form.validate():
        return respond(claim, VERDICT_FORM, 422, verdict_template=VERDICT_FORM, verdict_form=form)
    try:
        verdicts.set_verdict(acting_user(), claim, expected_version(form.version.data),
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
    ratings = {option.value: option.label for option in form.rating.choices}
    current = claim.verdict
    theirs = [("Rating", ratings.get(current.rating_key, current.rating_key) if current else "—"),
              ("Summary", current.summary if current else "—"),
              ("Explanation", current.explanation if current else "—")]
    yours = [("Rating", ratings.get(form.rating.data, form.rating.data)), ("Summary", form.summary.data),
             ("Explanation", form.explanation.data or "—")]
    conflict = {"block_id": "verdict-block", "title": "Verdict", "message": error.message,
                "theirs": theirs, "yours": yours, "form_template": VERDICT_FORM}
    return respond(claim, CONFLICT, 409, oob=AFTER_SAVE, verdict_template=CONFLICT, conflict=conflict,
                   verdict_form=form)


# -- evidence --------------------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/evidence")
@access("staff")
def evidence(claim_id: int):
    return respond(load_claim(claim_id), EVIDENCE)


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


@bp.route("/claims/<int:claim_id>/evidence/<int:evidence_id>/remove", methods=["POST"])
@access("staff")
def remove_evidence(claim_id: int, evidence_id: int):
    claim = load_claim(claim_id)
    RemoveForm().validate()
    sources.remove_evidence(acting_user(), claim, sources.get_evidence(claim, evidence_id))
    return saved(claim_id, EVIDENCE, "evidence-block", "Evidence removed.")


# -- links between claims ---------------------------------------------------------------------

@bp.route("/claims/<int:claim_id>/links")
@access("staff")
def claim_links(claim_id: int):
    return respond(load_claim(claim_id), LINKS)


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


@bp.route("/claims/<int:claim_id>/links/<int:link_id>/remove", methods=["POST"])
@access("staff")
def remove_link(claim_id: int, link_id: int):
    claim = load_claim(claim_id)
    RemoveForm().validate()
    links.remove_link(acting_user(), claim, links.get_claim_link(claim, link_id))
    return saved(claim_id, LINKS, "links-block", "Link removed.")


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
