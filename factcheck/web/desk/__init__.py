"""The newsroom's desk: staff pages under /desk."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

from factcheck.web.desk import articles, claims, home, sources  # noqa: E402,F401
