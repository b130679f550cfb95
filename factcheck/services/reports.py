"""Verdict reports: counts of verdicts grouped by rating, claimant, outlet, article or month, in the database.

Which claims count: published claims by default, dated by `Claim.published_at`. Staff may widen the
report with `statuses` (e.g. all three); an unpublished claim has no publication date, so it is dated by
its verdict's `updated_at`. A claim without a verdict is never counted. Every count is one GROUP BY
query; no claim is loaded into Python.
"""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, literal_column, select

from factcheck.errors import ValidationError
from factcheck.extensions import db
from factcheck.models import Article, Claim, Claimant, ClaimStatus, Rating, Verdict

GROUP_KEYS = ("rating", "claimant", "outlet", "article", "month")
MAX_GROUP_KEYS = 2
STATUSES = tuple(status.value for status in ClaimStatus)


@dataclass(frozen=True)
class ReportQuery:
    """What a report counts: its group keys, the date range (inclusive days) and the claim statuses."""

    group_by: tuple[str, ...]
    date_from: date | None = None
    date_to: date | None = None
    statuses: tuple[str, ...] = (ClaimStatus.PUBLISHED.value,)


@dataclass(frozen=True)
class Report:
    query: ReportQuery
    rows: list[dict]
    total: int

    @property
    def columns(self) -> list[str]:
        return list(self.query.group_by) + ["count"]


# -- reading the request's words -----------------------------------------------------------

def parse_group_by(value) -> tuple[str, ...]:
    keys = tuple(key.strip() for key in (value or "rating").split(",") if key.strip())
    unknown = [key for key in keys if key not in GROUP_KEYS]
    if unknown or not keys:
        raise ValidationError(f"Unknown group key {', '.join(unknown) or '(none)'}.",
                              {"group_by": f"Use one or two of {', '.join(GROUP_KEYS)}."}, code="bad_group_by")
    if len(keys) > MAX_GROUP_KEYS or len(set(keys)) != len(keys):
        raise ValidationError("Group by one key or two different keys.",
                              {"group_by": "One key, or a combination of two."}, code="bad_group_by")
    return keys


def parse_day(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{field} is not a date.", {field: "Use a date like 2024-01-31."},
                              code="bad_date") from None


def parse_statuses(value) -> tuple[str, ...]:
    if value in (None, ""):
        return (ClaimStatus.PUBLISHED.value,)
    if value == "all":
        return STATUSES
    statuses = tuple(dict.fromkeys(s.strip() for s in value.split(",") if s.strip()))
    if not statuses or any(s not in STATUSES for s in statuses):
        raise ValidationError("Unknown status.", {"status": "Use all, or draft, in_review and published."})
    return statuses


def report_query(group_by=None, date_from=None, date_to=None, status=None) -> ReportQuery:
    """A ReportQuery from request arguments (strings), or ValidationError (422)."""
    query = ReportQuery(parse_group_by(group_by), parse_day(date_from, "from"), parse_day(date_to, "to"),
                        parse_statuses(status))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationError("The range ends before it starts.", {"to": "Must not be before from."}, code="bad_date")
    return query


# -- counting --------------------------------------------------------------------------------

def _report_date():
    """The instant a verdict counts at: publication for published claims, else its last change."""
    return func.coalesce(Claim.published_at, Verdict.updated_at)


def _month(column):
    # The format is a literal, not a bound parameter: PostgreSQL matches GROUP BY expressions by their text.
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, literal_column("'YYYY-MM'"))
    return func.strftime(literal_column("'%Y-%m'"), column)


def _key_columns(key: str):
    """(columns selected and grouped for the key, columns to order by)."""
    if key == "rating":
        return [Verdict.rating_key.label("rating"), Rating.position], [Rating.position]
    if key == "claimant":
        return [Claimant.name.label("claimant")], [Claimant.name]
    if key == "outlet":
        return [Article.outlet.label("outlet")], [Article.outlet]
    if key == "article":
        return [Claim.article_id.label("article"), Article.title.label("title")], [Claim.article_id]
    month = _month(_report_date()).label("month")
    return [month], [month]


def _filtered(statement, query: ReportQuery):
    statement = (statement.select_from(Verdict).join(Claim, Claim.id == Verdict.claim_id)
                 .where(Claim.status.in_(query.statuses)))
    keys = set(query.group_by)
    if "rating" in keys:
        statement = statement.join(Rating, Rating.key == Verdict.rating_key)
    if "claimant" in keys:
        statement = statement.outerjoin(Claimant, Claimant.id == Claim.claimant_id)
    if keys & {"outlet", "article"}:
        statement = statement.outerjoin(Article, Article.id == Claim.article_id)
    when = Claim.published_at if query.statuses == (ClaimStatus.PUBLISHED.value,) else _report_date()
    if query.date_from:
        statement = statement.where(when >= datetime.combine(query.date_from, time(), UTC))
    if query.date_to:
        statement = statement.where(when < datetime.combine(query.date_to + timedelta(days=1), time(), UTC))
    return statement


def verdict_report(query: ReportQuery, limit: int | None = None) -> Report:
    """Counts of verdicts per group, biggest first (rows beyond `limit` still count in the total)."""
    selected, ordering = [], []
    for key in query.group_by:
        columns, order = _key_columns(key)
        selected += columns
        ordering += order
    count = func.count().label("count")
    statement = _filtered(select(*selected, count), query).group_by(*selected).order_by(count.desc(), *ordering)
    rows = [_row(row, query.group_by) for row in db.session.execute(statement)]
    total = sum(row["count"] for row in rows)
    return Report(query, rows[:limit] if limit else rows, total)


def _row(row, keys) -> dict:
    mapping = row._mapping
    out = {key: mapping[key] for key in keys}
    if "article" in keys:
        out["title"] = mapping["title"]
    out["count"] = mapping["count"]
    return out


def report_csv(report: Report) -> str:
    """The report as CSV: one column per group key, then count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(report.columns)
    for row in report.rows:
        writer.writerow(["" if row[column] is None else row[column] for column in report.columns])
    return buffer.getvalue()


def report_json(report: Report) -> dict:
    return {"rows": report.rows, "total": report.total}


# -- what the charts need ---------------------------------------------------------------------

@dataclass(frozen=True)
class Distribution:
    """Verdict counts per rating for each of the biggest groups (claimants, outlets or months)."""

    by: str
    groups: list[tuple[object, dict[str, int], int]]  # (group, {rating key: count}, total)


def rating_distribution(query: ReportQuery, by: str, top: int | None = 10) -> Distribution:
    """Ratings per `by` for the `top` groups with the most verdicts (two GROUP BY queries at most)."""
    wanted = None
    if top is not None:
        leaders = verdict_report(ReportQuery((by,), query.date_from, query.date_to, query.statuses), limit=top)
        wanted = [row[by] for row in leaders.rows]
    split = _filtered(select(*_key_columns(by)[0][:1], Verdict.rating_key, func.count()),
                      ReportQuery((by,), query.date_from, query.date_to, query.statuses))
    column = _key_columns(by)[0][0]
    if wanted is not None:
        if not wanted:
            return Distribution(by, [])
        named = [value for value in wanted if value is not None]
        condition = column.in_(named) if named else None
        if None in wanted:
            condition = column.is_(None) if condition is None else condition | column.is_(None)
        split = split.where(condition)
    split = split.group_by(column, Verdict.rating_key)
    counts: dict = {}
    for group, rating, count in db.session.execute(split):
        counts.setdefault(group, {})[rating] = count
    order = wanted if wanted is not None else sorted(counts, key=lambda g: (g is None, g))
    return Distribution(by, [(group, counts.get(group, {}), sum(counts.get(group, {}).values())) for group in order])
