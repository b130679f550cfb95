"""Verdict reports: counts of verdicts grouped by rating, claimant, outlet, article or month, in the database.

Which claims count: published claims by default, dated by `Claim.published_at`. Staff may widen the
report with `statuses` (e.g. all three); an unpublished claim has no publication date, so it is dated by
its verdict's `updated_at`. A claim without a verdict is never counted. Every count is one GROUP BY
query; no claim is loaded into Python. The verdict's rating is read from `Claim.rating_key`, so a
report of published claims reads one covering index and joins no verdict. On PostgreSQL a report
without a date range reads a tally instead (kept by triggers: per month, outlet, claimant, article, article and
rating, claimant and outlet, and per outlet, claimant or article and month) where one holds its keys; so does a
report of a range of whole months (the first of one month to the last day of another) where a tally holds its
keys and the month. A report can still have 100,000 rows (one per article), so its rows come as tuples from a
binary cursor and are written as JSON by orjson, or as CSV straight away.
"""

from factcheck.i18n import lazy_gettext as _l
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import BigInteger, Integer, any_, bindparam, cast, func, literal_column, select, text
from sqlalchemy.dialects import postgresql

from factcheck.errors import ValidationError
from factcheck.extensions import db
from factcheck.models import (
    Article,
    Claim,
    Claimant,
    ClaimStatus,
    Rating,
    ReportTallyArticle,
    ReportTallyArticleMonth,
    ReportTallyArticleRating,
    ReportTallyClaimant,
    ReportTallyClaimantMonth,
    ReportTallyClaimantOutlet,
    ReportTallyMonth,
    ReportTallyOutlet,
    ReportTallyOutletMonth,
    Verdict,
)
from factcheck.services.text.csv_export import csv_text

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
        raise ValidationError(_l('Unknown group key %(keys)s.', keys=', '.join(unknown) or '(none)'),
                              {"group_by": _l('Use one or two of %(keys)s.', keys=', '.join(GROUP_KEYS))}, code="bad_group_by")
    if len(keys) > MAX_GROUP_KEYS or len(set(keys)) != len(keys):
        raise ValidationError(_l('Group by one key or two different keys.'),
                              {"group_by": _l('One key, or a combination of two.')}, code="bad_group_by")
    return keys


def parse_day(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_l('%(field)s is not a date.', field=field), {field: _l('Use a date like 2024-01-31.')},
                              code="bad_date") from None


def parse_statuses(value) -> tuple[str, ...]:
    if value in (None, ""):
        return (ClaimStatus.PUBLISHED.value,)
    if value == "all":
        return STATUSES
    statuses = tuple(dict.fromkeys(s.strip() for s in value.split(",") if s.strip()))
    if not statuses or any(s not in STATUSES for s in statuses):
        raise ValidationError(_l('Unknown status.'), {"status": _l('Use all, or draft, in_review and published.')})
    return statuses


def report_query(group_by=None, date_from=None, date_to=None, status=None) -> ReportQuery:
    """A ReportQuery from request arguments (strings), or ValidationError (422)."""
    query = ReportQuery(parse_group_by(group_by), parse_day(date_from, "from"), parse_day(date_to, "to"),
                        parse_statuses(status))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationError(_l('The range ends before it starts.'), {"to": _l('Must not be before from.')}, code="bad_date")
    return query


# -- counting --------------------------------------------------------------------------------

def _published_only(query: ReportQuery) -> bool:
    return query.statuses == (ClaimStatus.PUBLISHED.value,)


def _report_date(query: ReportQuery):
    """The instant a verdict counts at: publication for published claims, else its last change."""
    if _published_only(query):
        return Claim.published_at
    return func.coalesce(Claim.published_at, Verdict.updated_at)


def _month(column):
    # The format is a literal, not a bound parameter: PostgreSQL matches GROUP BY expressions by their text.
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, literal_column("'YYYY-MM'"))
    return func.strftime(literal_column("'%Y-%m'"), column)


# The tallies, smallest first: each keeps a group key beside the rating (the article tally: without it), some the month.
TALLIES = (ReportTallyMonth, ReportTallyOutlet, ReportTallyOutletMonth, ReportTallyClaimant, ReportTallyClaimantOutlet,
           ReportTallyArticle, ReportTallyArticleMonth, ReportTallyClaimantMonth, ReportTallyArticleRating)
# Tallies with one row per group and status: for one status, their rows are the groups (no SUM).
ONE_ROW_PER_GROUP = (ReportTallyArticle.__table__, ReportTallyArticleRating.__table__)
TALLY_COLUMNS = {"rating": "rating_key", "month": "month", "outlet": "outlet", "claimant": "claimant_id",
                 "article": "article_id"}


def _holds(table, key: str) -> bool:
    """Whether a tally keeps `key`: as a column, or the outlet through the article (an article has one outlet)."""
    return TALLY_COLUMNS[key] in table.c or (key == "outlet" and "article_id" in table.c)


def _whole_months(query: ReportQuery) -> bool:
    """Whether the date range (if any) starts on the first day of a month and ends on the last day of one."""
    return ((query.date_from is None or query.date_from.day == 1)
            and (query.date_to is None or (query.date_to + timedelta(days=1)).day == 1))


def _tally(query: ReportQuery):
    """The tally table that holds this report's counts, or None (SQLite, keys no tally has together, a date range
    that is not whole months or whose keys no tally keeps with the month)."""
    if db.engine.dialect.name != "postgresql" or not _whole_months(query):
        return None
    dated = query.date_from or query.date_to
    for model in TALLIES:
        table = model.__table__
        if all(_holds(table, key) for key in query.group_by) and (not dated or "month" in table.c):
            return table
    return None


def _in_months(month, query: ReportQuery) -> list:
    """Conditions on a tally's month column for the report's range of whole months ("YYYY-MM" sorts as dates do)."""
    conditions = []
    if query.date_from:
        conditions.append(month >= query.date_from.isoformat()[:7])
    if query.date_to:
        conditions.append(month <= query.date_to.isoformat()[:7])
    return conditions


def _tally_key(table, key: str):
    name = TALLY_COLUMNS[key]
    return (table.c[name] if name in table.c else Article.outlet).label(name)


def _tally_groups(table, query: ReportQuery, within: list | None):
    """The counts per group key summed from a tally: the same columns as counting the claims gives."""
    keys = [_tally_key(table, key) for key in query.group_by]
    if table in ONE_ROW_PER_GROUP and len(query.statuses) == 1:
        # The rows as they are, so that the largest groups can come in the order of an index (n DESC).
        statement = select(*keys, table.c.n).where(table.c.status == query.statuses[0], table.c.n > 0)
    else:
        total = func.sum(table.c.n)
        statement = (select(*keys, cast(total, BigInteger).label("n")).where(table.c.status.in_(query.statuses))
                     .group_by(*keys).having(total > 0))
    if "month" in table.c:
        statement = statement.where(*_in_months(table.c.month, query))
    if "outlet" not in table.c and "outlet" in query.group_by:  # each article's outlet, as counting claims joins it
        statement = statement.select_from(table).outerjoin(Article, Article.id == table.c.article_id)
    if within is not None:
        statement = statement.where(_one_of(query.group_by[0], keys[0].element, within))
    return statement.subquery("groups")


def _groups(query: ReportQuery, within: list | None = None):
    """The counts per group key, from the claims alone: (rating_key, claimant_id, article_id, outlet or month, n).

    Counting first and naming the few thousand groups afterwards reads one covering index of claims.
    `within` keeps only the groups of the first key with these values (as the report shows them).
    """
    tally = _tally(query)
    if tally is not None:
        return _tally_groups(tally, query, within)
    columns = {}
    for key in query.group_by:
        if key == "rating":
            columns["rating_key"] = Claim.rating_key
        elif key == "claimant":
            columns["claimant_id"] = Claim.claimant_id
        elif key == "article":
            columns["article_id"] = Claim.article_id
        elif key == "outlet":  # nearly one group per article: join the outlets before counting
            columns["outlet"] = Article.outlet
        else:
            columns["month"] = _month(_report_date(query))
    keys = [column.label(name) for name, column in columns.items()]
    statement = _filtered(select(*keys, func.count().label("n")), query)
    if "outlet" in columns:
        statement = statement.outerjoin(Article, Article.id == Claim.article_id)
    if within is not None:
        statement = statement.where(_one_of(query.group_by[0], next(iter(columns.values())), within))
    return statement.group_by(*keys).subquery("groups")


def _one_of(key: str, column, values: list):
    """`column` (the counted key) is one of `values` (as the report shows them; None for "none")."""
    named = [value for value in values if value is not None]
    if key == "claimant":
        named = select(Claimant.id).where(Claimant.name.in_(named))
    condition = column.in_(named)
    return condition | column.is_(None) if None in values else condition


def _key_columns(key: str, groups, titles: bool = True):
    """(columns selected and grouped for the key, columns to order by), over the counted groups."""
    if key == "rating":
        return [groups.c.rating_key.label("rating")], [Rating.position]
    if key == "claimant":
        return [Claimant.name.label("claimant")], [Claimant.name]
    if key == "outlet":
        return [groups.c.outlet.label("outlet")], [groups.c.outlet]
    if key == "article":
        named = [Article.title.label("title")] if titles else []
        return [groups.c.article_id.label("article"), *named], [groups.c.article_id]
    return [groups.c.month.label("month")], [groups.c.month]


def _filtered(statement, query: ReportQuery):
    """Claims with a verdict (their rating is on the claim) in the report's statuses and date range."""
    statement = (statement.select_from(Claim)
                 .where(Claim.status.in_(query.statuses), Claim.rating_key.is_not(None)))
    if not _published_only(query):
        statement = statement.join(Verdict, Verdict.claim_id == Claim.id)  # dates an unpublished claim
    when = _report_date(query)
    if query.date_from:
        statement = statement.where(when >= datetime.combine(query.date_from, time(), UTC))
    if query.date_to:
        statement = statement.where(when < datetime.combine(query.date_to + timedelta(days=1), time(), UTC))
    return statement


def _report_statement(query: ReportQuery, within: list | None = None, titles: bool = True):
    """The report's SELECT: the counted groups, named, biggest first (articles without their titles if not `titles`)."""
    groups = _groups(query, within)
    selected, ordering = [], []
    for key in query.group_by:
        columns, order = _key_columns(key, groups, titles)
        selected += columns
        ordering += order
    count = groups.c.n.label("count")  # each group names one row: no second GROUP BY
    statement = select(*selected, count).select_from(groups)
    if "rating" in query.group_by:
        statement = statement.join(Rating, Rating.key == groups.c.rating_key)
    if "claimant" in query.group_by:
        statement = statement.outerjoin(Claimant, Claimant.id == groups.c.claimant_id)
    if "article" in query.group_by and titles:
        statement = statement.outerjoin(Article, Article.id == groups.c.article_id)
    return statement.order_by(count.desc(), *ordering)


# The tallies counted again from the claims (what the triggers keep up to date); the migrations have copies.
REFILL_SQL = (
    "DELETE FROM report_tally_month",
    "DELETE FROM report_tally_outlet",
    "DELETE FROM report_tally_claimant",
    "DELETE FROM report_tally_article",
    "DELETE FROM report_tally_article_rating",
    "DELETE FROM report_tally_outlet_month",
    "DELETE FROM report_tally_claimant_month",
    "DELETE FROM report_tally_article_month",
    "DELETE FROM report_tally_claimant_outlet",
    "INSERT INTO report_tally_month (status, rating_key, month, n) "
    "SELECT c.status, c.rating_key, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), count(*) "
    "FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_outlet (status, rating_key, outlet, n) "
    "SELECT c.status, c.rating_key, a.outlet, count(*) "
    "FROM claim c LEFT JOIN article a ON a.id = c.article_id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_claimant (status, rating_key, claimant_id, n) "
    "SELECT status, rating_key, claimant_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_article (status, article_id, n) "
    "SELECT status, article_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2",
    "INSERT INTO report_tally_article_rating (status, rating_key, article_id, n) "
    "SELECT status, rating_key, article_id, count(*) FROM claim WHERE rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_outlet_month (status, rating_key, outlet, month, n) "
    "SELECT c.status, c.rating_key, a.outlet, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), count(*) "
    "FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id LEFT JOIN article a ON a.id = c.article_id "
    "WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3, 4",
    "INSERT INTO report_tally_claimant_month (status, rating_key, claimant_id, month, n) "
    "SELECT c.status, c.rating_key, c.claimant_id, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), "
    "count(*) FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3, 4",
    "INSERT INTO report_tally_article_month (status, article_id, month, n) "
    "SELECT c.status, c.article_id, to_char(coalesce(c.published_at, v.updated_at), 'YYYY-MM'), count(*) "
    "FROM claim c LEFT JOIN verdict v ON v.claim_id = c.id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO report_tally_claimant_outlet (status, claimant_id, outlet, n) "
    "SELECT c.status, c.claimant_id, a.outlet, count(*) "
    "FROM claim c LEFT JOIN article a ON a.id = c.article_id WHERE c.rating_key IS NOT NULL GROUP BY 1, 2, 3",
)


def pause_tallies() -> None:
    """Stop the tally triggers for the rest of this transaction (a bulk load, which then calls refill_tallies)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT set_config('factcheck.skip_tally', 'on', true)"))


def refill_tallies() -> None:
    """Count the report tallies again from the claims, in the current transaction (PostgreSQL only)."""
    if db.engine.dialect.name != "postgresql":
        return
    for statement in REFILL_SQL:
        db.session.execute(text(statement))
    db.session.execute(text("SELECT set_config('factcheck.skip_tally', 'off', true)"))


# For the rest of a report's transaction on PostgreSQL: no JIT (compiling a plan over a million claims took longer
# than running it) and memory enough to sort 100,000 groups without spilling them to disk. A whole report also
# goes without nested loops when it sums a tally: the planner guesses a few hundred groups after HAVING where
# there are 70,000, and looked each claimant up by index (half the time of the report by claimant and rating).
# Counting claims keeps them (its plans were slower without), and so do the desk's tables, to stop at 200 rows.
# Each statement is planned for its own values, even once psycopg has prepared it (its fifth run on a connection):
# from the eleventh, the server chose a generic plan, and a report by rating over a range of days took 1.0-2.2 s
# instead of 0.14-0.19 s at a million claims.
REPORT_SETTINGS = ("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
                   "set_config('enable_nestloop', :nestloop, true), "
                   "set_config('plan_cache_mode', 'force_custom_plan', true)")


def _tune_for_reports(whole: bool = False) -> None:
    """Apply REPORT_SETTINGS in the current transaction when they are not in force yet (PostgreSQL only);
    `whole`: a whole report summed from a tally (no LIMIT), which goes without nested loops."""
    if db.engine.dialect.name != "postgresql":
        return
    nestloop = "off" if whole else "on"
    transaction = db.session().get_transaction()
    if transaction is not None and db.session.info.get("report_settings") == (transaction, nestloop):
        return
    db.session.execute(text(REPORT_SETTINGS), {"nestloop": nestloop})
    db.session.info["report_settings"] = (db.session().get_transaction(), nestloop)


def verdict_report(query: ReportQuery, limit: int | None = None) -> Report:
    """Counts of verdicts per group, biggest first (rows beyond `limit` still count in the total).

    A report can have a hundred thousand groups (one per article): the rows come back as tuples and are
    zipped into dicts, with no per-row lookup by name. With a `limit`, the database returns only those
    rows, and the total over every group beside them.
    """
    _tune_for_reports(whole=not limit and _tally(query) is not None)
    statement = _report_statement(query)
    names = _row_names(query.group_by)
    if limit:
        found = _fetch(statement.add_columns(_sum_of_all(query, statement)).limit(limit))
        total = found[0][-1] if found else 0
        return Report(query, [dict(zip(names, row)) for row in found], int(total))
    if "article" in query.group_by and db.engine.dialect.name == "postgresql":
        rows = _with_titles(_fetch(_report_statement(query, titles=False)), query.group_by)
    else:
        rows = [dict(zip(names, row)) for row in _fetch(statement)]
    return Report(query, rows, sum(row["count"] for row in rows))


def _with_titles(found: list, keys) -> list[dict]:
    """Rows fetched without titles as dicts with each article's title after its id, the titles read by id.

    A report by article has 100,000 rows at a million claims: sorting them with their titles joined took
    PostgreSQL ten times as long as sorting the ids and counts, then reading the titles of those ids.
    """
    at = keys.index("article")
    ids = list({row[at] for row in found if row[at] is not None})
    # The ids as one text parameter: psycopg adapts a list of 100,000 ints element by element in Python.
    listed = cast(func.string_to_array(bindparam("ids", ",".join(map(str, ids))), ","), postgresql.ARRAY(Integer))
    titles = dict(_fetch(select(Article.id, Article.title).where(Article.id == any_(listed))) if ids else [])
    if keys == ("article",):  # the usual report by article, written out: half the time of the general case
        return [{"article": article, "title": titles.get(article), "count": count} for article, count in found]
    names, cut = _row_names(keys), at + 1
    return [dict(zip(names, (*row[:cut], titles.get(row[at]), *row[cut:]))) for row in found]


def _fetch(statement) -> list:
    """The statement's rows as tuples, in the session's transaction.

    On PostgreSQL through a binary psycopg cursor: 100,000 rows arrive in ~25 ms, where text rows through
    SQLAlchemy's result took ~150 ms (the integers and names parsed from text, a Row built for each).
    """
    if db.engine.dialect.name != "postgresql":
        return db.session.execute(statement).all()
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    sql, parameters = str(compiled), compiled.params
    with connection.connection.driver_connection.cursor(binary=True) as cursor:
        # The engine's listeners (what a transaction wrote; the tests' statement counts) see it as any other.
        connection.dispatch.before_cursor_execute(connection, cursor, sql, parameters, None, False)
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def verdict_csv(query: ReportQuery) -> str:
    """The whole report as CSV (see report_csv), written from the rows as they come, without dicts."""
    _tune_for_reports(whole=_tally(query) is not None)
    # Without the titles, which the CSV leaves out.
    return csv_text([list(query.group_by) + ["count"], *_fetch(_report_statement(query, titles=False))])


def _row_names(keys) -> tuple[str, ...]:
    """The names of a report statement's columns, in order: each group key (an article's title after it), count."""
    names = []
    for key in keys:
        names.append(key)
        if key == "article":
            names.append("title")
    return tuple(names) + ("count",)


def _sum_of_all(query: ReportQuery, statement):
    """The sum of the counts of every group of the report, beside a LIMIT.

    From a tally: the month tally's sum (every counted claim has one row there), one small scan that lets the
    rows stop at the limit. Else a window over every group, which the counting computes anyway.
    """
    if _tally(query) is None:
        return func.sum(statement.selected_columns["count"]).over().label("total")
    month = ReportTallyMonth.__table__
    summed = (select(func.coalesce(func.sum(month.c.n), 0))
              .where(month.c.status.in_(query.statuses), *_in_months(month.c.month, query)))
    return cast(summed.scalar_subquery(), BigInteger).label("total")


def report_csv(report: Report) -> str:
    """The report as CSV: one column per group key, then count."""
    columns = report.columns
    return csv_text([columns, *([row[column] for column in columns] for row in report.rows)])


def report_json(report: Report) -> dict:
    return {"rows": report.rows, "total": report.total}


# -- what the charts need ---------------------------------------------------------------------

@dataclass(frozen=True)
class Distribution:
    """Verdict counts per rating for each of the biggest groups (claimants, outlets or months)."""

    by: str
    groups: list[tuple[object, dict[str, int], int]]  # (group, {rating key: count}, total)


# Keys with a group per person or article: thousands of groups, so the leaders are found first.
MANY_GROUPS = ("claimant", "article")


def rating_distribution(query: ReportQuery, by: str, top: int | None = 10) -> Distribution:
    """Ratings per `by` for the `top` groups with the most verdicts (all groups in order when top is None).

    One GROUP BY of (by, rating), ranked here when the groups are few (outlets, months); for claimants
    and articles, the leading groups first, then their ratings counted within those groups only.
    """
    _tune_for_reports()
    leaders = None
    if top is not None and by in MANY_GROUPS:
        ranking = ReportQuery((by,), query.date_from, query.date_to, query.statuses)
        leaders = [row[0] for row in db.session.execute(_report_statement(ranking).limit(top))]
        if not leaders:
            return Distribution(by, [])
    split = ReportQuery((by, "rating"), query.date_from, query.date_to, query.statuses)
    counts: dict = {}
    for row in db.session.execute(_report_statement(split, leaders)):
        counts.setdefault(row[0], {})[row.rating] = row.count
    totals = {group: sum(ratings.values()) for group, ratings in counts.items()}
    if leaders is not None:
        order = leaders
    elif top is None:
        order = sorted(counts, key=lambda group: (group is None, group))
    else:
        order = sorted(counts, key=lambda group: (-totals[group], group is None, group or ""))[:top]
    return Distribution(by, [(group, counts.get(group, {}), totals.get(group, 0)) for group in order])
