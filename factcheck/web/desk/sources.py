"""Desk pages: sources."""

from factcheck.web.desk import bp  # noqa: F401
