"""Desk pages: the desk's front page, with my work, the review queue and recent activity."""

from flask import render_template

from factcheck.security import access
from factcheck.services import desk
from factcheck.services.articles import recent_articles
from factcheck.web.context import acting_user
from factcheck.web.desk import bp


@bp.route("/")
@access("staff")
def home():
    user = acting_user()
    return render_template(
        "desk/home.html",
        my_work=desk.my_work(user),
        review_queue=desk.review_queue(),
        recently_published=desk.recently_published(),
        articles=recent_articles(8),
        activity=desk.recent_activity(),
        can_publish=user.has_role("editor"),
    )
