"""The newsroom's desk: staff pages under /desk."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

from factcheck.web.desk import articles, claims, clusters, home, imports, library, reports, review, revisions, sources, tokens  # noqa: E402,F401
