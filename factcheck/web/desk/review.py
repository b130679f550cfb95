"""Desk: the review queue's batch actions (assign, send back, publish) with a confirmation step."""

from flask_babel import gettext as _
from factcheck.i18n import lazy_gettext as _l
from flask_babel import ngettext
from flask import flash, redirect, request, url_for

from factcheck.errors import ValidationError
from factcheck.security import access
from factcheck.services.claims import review
from factcheck.web.context import acting_user, is_htmx, page_or_fragment
from factcheck.web.desk import bp
from factcheck.web.desk.home import home_context

CONFIRM_PAGE = "desk/review_confirm.html"
CONFIRM = "desk/_review_confirm.html"
QUEUE = "desk/_review_queue.html"


# review.ACTIONS as the interface says them.
ACTION_LABELS = {"assign": _l("Assign"), "send_back": _l("Send back to draft"), "publish": _l("Publish")}

def batch_request() -> dict:
    form = request.form
    return {"claims": form.getlist("claims"), "action": form.get("action", ""),
            "assignee": form.get("assignee", ""), "note": form.get("note", "")}


def versions_from(form) -> dict[int, int]:
    """claim id → the version the confirmation showed (`version-<id>` fields)."""
    versions = {}
    for name, value in form.items():
        if name.startswith("version-") and value.isdigit() and name[8:].isdigit():
            versions[int(name[8:])] = int(value)
    return versions


def refused(batch: dict, error: ValidationError):
    """The queue again with the editor's choices and what was wrong (422)."""
    picked = {int(value) for value in batch["claims"] if str(value).isdigit()}
    context = home_context(batch={**batch, "claims": picked},
                           batch_errors=error.fields or {"batch": error.message})
    return page_or_fragment("desk/home.html", QUEUE, 422, **context)


@bp.route("/review/confirm", methods=["POST"])
@access("editor")
def confirm_batch():
    batch = batch_request()
    try:
        claim_ids = review.parse_claim_ids(batch["claims"])
        arguments = review.check_batch(batch["action"], assignee=batch["assignee"], note=batch["note"])
    except ValidationError as error:
        return refused(batch, error)
    claims = review.batch_claims(claim_ids)
    return page_or_fragment(CONFIRM_PAGE, CONFIRM, claims=claims, batch=batch,
                            assignee=arguments.get("assignee"), action_label=ACTION_LABELS[batch["action"]])


@bp.route("/review/apply", methods=["POST"])
@access("editor")
def apply_batch():
    batch = batch_request()
    try:
        claim_ids = review.parse_claim_ids(batch["claims"])
        result = review.apply_batch(acting_user(), batch["action"], claim_ids, assignee=batch["assignee"],
                                    note=batch["note"], versions=versions_from(request.form))
    except ValidationError as error:
        return refused(batch, error)
    report(result)
    response = redirect(url_for("desk.home"))
    if is_htmx():
        response.headers["HX-Redirect"] = url_for("desk.home")
    return response


def report(result: review.BatchResult) -> None:
    """Flash which claims moved and, one by one, why the others did not."""
    if result.succeeded:
        ids, count = ", ".join(f"#{item.claim_id}" for item in result.succeeded), len(result.succeeded)
        done = {"assign": ngettext("Assigned %(num)s claim: %(ids)s.", "Assigned %(num)s claims: %(ids)s.", count, ids=ids),
                "send_back": ngettext("Sent back %(num)s claim: %(ids)s.", "Sent back %(num)s claims: %(ids)s.", count,
                                      ids=ids),
                "publish": ngettext("Published %(num)s claim: %(ids)s.", "Published %(num)s claims: %(ids)s.", count,
                                    ids=ids)}
        flash(done[result.action], "success")
    for item in result.failed:
        flash(_("#%(id)s %(text)s — not done: %(reason)s", id=item.claim_id, text=item.text[:80], reason=item.reason),
              "error")
