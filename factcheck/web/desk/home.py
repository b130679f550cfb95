"""Desk pages: the desk's front page, with my work, the review queue and what needs attention."""

from flask import render_template

from factcheck.security import access
from factcheck.services.claims import review
from factcheck.services.reads import desk
from factcheck.services.articles.articles import recent_articles
from factcheck.web.context import acting_user
from factcheck.web.desk import bp

QUEUE_SHOWN = 20  # the oldest; the rest follow as these are dealt with
ATTENTION_SHOWN = 5  # per list of claims that need attention, the most recently changed


def home_context(**overrides) -> dict:
    """What the desk's front page shows, in a fixed number of queries per role: every list of claims in one."""
    user = acting_user()
    can_batch = user.has_role("editor")
    events = desk.recent_events()
    lists, claims = desk.claim_lists({
        "my_work": desk.my_work(),
        "review_queue": desk.review_queue(limit=QUEUE_SHOWN),
        "recently_published": desk.recently_published(),
        # One more than shown, so the page can say there are more.
        "orphaned": desk.orphaned_claims(limit=ATTENTION_SHOWN + 1),
        "to_confirm": desk.anchors_to_confirm(limit=ATTENTION_SHOWN + 1),
        "changed_quotes": desk.changed_published_quotes(limit=ATTENTION_SHOWN + 1),
        "broken_links": desk.claims_citing_broken_links(limit=ATTENTION_SHOWN + 1),
    }, also=desk.recent_event_claims(), me=user.id)
    context = {
        **lists,
        "sent_back": desk.send_back_notes(lists["my_work"]),
        "queue_size": desk.review_queue_size(),
        "attention_shown": ATTENTION_SHOWN,
        "articles": recent_articles(8),
        "activity": desk.activity(events, claims),
        "can_batch": can_batch,
        "staff": review.assignable_users() if can_batch else [],
        "actions": review.ACTIONS,
        "batch": {"claims": [], "action": "", "assignee": "", "note": ""},
        "batch_errors": {},
    }
    context.update(overrides)
    return context


@bp.route("/")
@access("staff")
def home():
    return render_template("desk/home.html", **home_context())
