"""Desk: verdict reports on screen, with charts, and the per-article report."""

from flask import Response, render_template, request
from flask_babel import gettext as _
from factcheck.i18n import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from factcheck.errors import NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import Article, Claim, Evidence, Verdict
from factcheck.security import access
from factcheck.services.reads import reports
from factcheck.services.claims.links import links_of
from factcheck.services.claims.ratings import rating_scale
from factcheck.web.context import acting_user, rating_label
from factcheck.web.desk import bp
from factcheck.web.desk.charts import stacked_columns, stacked_rows

TABLE_ROWS = 200
GROUP_CHOICES = [
    ("rating", _l("Rating")), ("claimant", _l("Claimant")), ("outlet", _l("Outlet")), ("article", _l("Article")),
    ("month", _l("Month")), ("claimant,rating", _l("Claimant and rating")), ("outlet,rating", _l("Outlet and rating")),
    ("month,rating", _l("Month and rating")), ("article,rating", _l("Article and rating")),
]


def report_args() -> dict:
    args = request.args
    return {"group_by": args.get("group_by") or "rating", "from": args.get("from", ""), "to": args.get("to", ""),
            "status": args.get("status", "")}


def query_from(args: dict) -> reports.ReportQuery:
    return reports.report_query(args["group_by"], args["from"], args["to"], args["status"])


@bp.route("/reports")
@access("editor")
def reports_page():
    args = report_args()
    try:
        query = query_from(args)
    except ValidationError as error:
        return render_template("desk/reports/index.html", args=args, errors=error.fields, report=None,
                               group_choices=GROUP_CHOICES), 422
    ratings = rating_scale()
    table = reports.verdict_report(query, limit=TABLE_ROWS)
    by_claimant = reports.rating_distribution(query, "claimant")
    by_outlet = reports.rating_distribution(query, "outlet")
    by_month = reports.rating_distribution(query, "month", top=None)
    return render_template(
        "desk/reports/index.html", args=args, errors={}, report=table, ratings=ratings,
        rating_labels={rating.key: rating_label(rating) for rating in ratings}, group_choices=GROUP_CHOICES,
        by_claimant=by_claimant, claimant_chart=stacked_rows(_named(by_claimant.groups, _("No claimant")), ratings),
        by_outlet=by_outlet, outlet_chart=stacked_rows(_named(by_outlet.groups, _("No outlet")), ratings),
        by_month=by_month, month_chart=stacked_columns(by_month.groups, ratings),
        table_rows=TABLE_ROWS,
    )


def _named(groups, nobody: str):
    return [(label if label is not None else nobody, counts, total) for label, counts, total in groups]


@bp.route("/reports.csv")
@access("editor")
def reports_csv():
    return Response(reports.verdict_csv(query_from(report_args())), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=verdicts.csv"})


@bp.route("/reports/articles/<int:article_id>")
@access("editor")
def article_report(article_id: int):
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(_l("There is no article %(article_id)s.", article_id=article_id))
    claims = list(db.session.scalars(
        select(Claim).where(Claim.article_id == article.id)
        .options(joinedload(Claim.claimant), joinedload(Claim.verdict).joinedload(Verdict.rating),
                 selectinload(Claim.evidence).joinedload(Evidence.source))
        .order_by(Claim.anchor_start, Claim.id)).unique())
    links = links_of(claims, acting_user())
    return render_template("desk/reports/article.html", article=article, claims=claims, links=links,
                           ratings=rating_scale())
