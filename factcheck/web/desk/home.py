"""Desk pages: home."""

from factcheck.web.desk import bp  # noqa: F401
