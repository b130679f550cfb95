"""Reading API requests: JSON object bodies, If-Match versions and the token holder."""

import json

from flask import g, request

from factcheck.errors import (
    DomainError,
    PreconditionFailed,
    PreconditionRequired,
    UnsupportedMediaType,
    ValidationError,
)
from factcheck.models import Claim, User

MAX_INTEGER = 2**31 - 1  # ids and offsets are PostgreSQL integers (SQLAlchemy casts parameters to them)


def json_body(allowed: tuple[str, ...]) -> dict:
    """The request's JSON object: 415 for another content type, 400 unless it is a JSON object.

    Unknown members are refused (422) so that a misspelt field is never silently ignored.
    """
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("Send the body as JSON with 'Content-Type: application/json'.",
                                   code="unsupported_media_type")
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise DomainError(f"The body is not valid JSON: {error}.", code="invalid_json") from None
    if not isinstance(body, dict):
        raise DomainError("The body must be a JSON object.", code="invalid_json")
    _refuse_impossible_values(body)
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise ValidationError(
            "Unknown field" + ("s " if len(unknown) > 1 else " ") + ", ".join(unknown) + ".",
            {name: "Not a field of this call; use " + ", ".join(allowed) + "." for name in unknown},
            code="unknown_field",
        )
    return body


def _refuse_impossible_values(body: dict) -> None:
    """422 for a number no column can hold or text PostgreSQL cannot store (a NUL character)."""
    fields = {}
    stack = [(name, value) for name, value in body.items()]
    while stack:
        name, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((name, item) for item in value.values())
        elif isinstance(value, list):
            stack.extend((name, item) for item in value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            fields[name] = f"Numbers must lie between -{MAX_INTEGER} and {MAX_INTEGER}."
        elif isinstance(value, str) and "\x00" in value:
            fields[name] = "Remove the NUL character."
    if fields:
        raise ValidationError("Some values cannot be stored.", fields)


def token_user() -> User:
    """The holder of the Bearer token (api_access has made sure there is one)."""
    return g.api_user


def _entity_tags(header: str) -> list[str]:
    """The opaque tags of an If-Match header: '"3"', 'W/"3"' and a bare 3 all give '3'."""
    tags = []
    for tag in header.split(","):
        tag = tag.strip()
        tag = tag[2:] if tag[:2] in ("W/", "w/") else tag
        tags.append(tag.strip().strip('"'))
    return tags


def required_version(claim: Claim) -> int:
    """The version the client saw, from If-Match: 428 without it, 412 when it is not current."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            f'Send If-Match with the ETag of the claim you edited, e.g. If-Match: "{claim.version}".')
    return _matching_version(claim, header)


def optional_version(claim: Claim) -> int | None:
    """Like required_version, but a request without If-Match is not checked."""
    header = request.headers.get("If-Match", "").strip()
    return _matching_version(claim, header) if header else None


def _matching_version(claim: Claim, header: str) -> int:
    tags = _entity_tags(header)
    if "*" in tags or str(claim.version) in tags:
        return claim.version
    raise PreconditionFailed(
        f"The claim is now at version {claim.version} but If-Match was {header}: "
        "someone else changed it. Fetch it again and redo your change.",
        {"If-Match": f'The current ETag is "{claim.version}".'},
    )
