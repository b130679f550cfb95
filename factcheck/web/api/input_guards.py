"""Refusals made before any API view runs: ids no row can have, NUL characters in the query string."""

from flask import request

from factcheck.errors import NotFound, ValidationError
from factcheck.web.api import bp
from factcheck.web.api.requests import MAX_INTEGER


@bp.before_request
def _refuse_impossible_input():
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and value > MAX_INTEGER:
            raise NotFound(f"There is no such thing: {name} {value} is beyond any id.")
    for name, value in request.args.items(multi=True):
        if "\x00" in value:
            # PostgreSQL cannot store or compare text with NUL characters.
            raise ValidationError(f"{name} contains a NUL character.", {name: "Remove the NUL character."})
