"""Desk pages: articles."""

from factcheck.web.desk import bp  # noqa: F401
