"""JSON API v1 (shared/DESIGN.md): JSON in and out, Bearer tokens for writes and drafts."""

from flask import Blueprint

bp = Blueprint("api", __name__)
