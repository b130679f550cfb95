"""Desk pages: claims."""

from factcheck.web.desk import bp  # noqa: F401
