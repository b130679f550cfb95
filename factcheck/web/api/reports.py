"""API: verdict reports as JSON or CSV."""

import orjson
from flask import Response, request

from factcheck.errors import ValidationError
from factcheck.security import api_access
from factcheck.services.reads import reports
from factcheck.web.api import bp


@bp.route("/reports/verdicts")
@api_access("editor")
def verdict_report():
    args = request.args
    query = reports.report_query(args.get("group_by"), args.get("from"), args.get("to"), args.get("status"))
    fmt = args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise ValidationError("Unknown format.", {"format": "Use json or csv."})
    if fmt == "csv":
        return Response(reports.verdict_csv(query), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=verdicts.csv"})
    report = reports.verdict_report(query)
    # orjson: a report can have 100,000 rows, which Flask's encoder (the stdlib's, keys sorted) takes ~40x longer to write.
    return Response(orjson.dumps(reports.report_json(report)), mimetype="application/json")
