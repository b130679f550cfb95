"""Public pages: published claims for everybody."""

from flask import Blueprint

bp = Blueprint("public", __name__)
