"""Roles, permissions, and the decorator every view declares its access with."""

from factcheck.i18n import lazy_gettext as _l
import functools
from collections.abc import Callable

from flask import g, redirect, request, url_for
from flask_login import current_user

from factcheck.errors import Forbidden, Unauthorized
from factcheck.models import User

# Who may call a view: everybody, any signed-in staff member, editors and up, admins.
ACCESS_LEVELS = ("public", "staff", "editor", "admin")
ROLE_FOR_LEVEL = {"staff": "factchecker", "editor": "editor", "admin": "admin"}


def access(level: str) -> Callable:
    """Declare and enforce who may call an HTML view; signed-out staff go to /login."""
    if level not in ACCESS_LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if level != "public":
                if not current_user.is_authenticated:
                    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
                if not current_user.has_role(ROLE_FOR_LEVEL[level]):
                    raise Forbidden(_l('Your role may not open this page.'))
            return view(*args, **kwargs)

        guarded.access = level
        return guarded

    return decorate


def api_access(level: str) -> Callable:
    """Declare and enforce who may call an API view, by Bearer token.

    "public" views take an optional token: without one they see published data only.
    """
    if level not in ACCESS_LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            from factcheck.services.accounts.users import user_for_token

            header = request.headers.get("Authorization", "")
            g.api_user = None
            if header:
                scheme, _, token = header.partition(" ")
                if scheme.lower() != "bearer" or not token.strip():
                    raise Unauthorized(_l("Send the token as 'Authorization: Bearer <token>'."))
                g.api_user = user_for_token(token.strip())
                if g.api_user is None:
                    raise Unauthorized(_l('The API token is not valid or has been revoked.'))
            if level != "public":
                if g.api_user is None:
                    raise Unauthorized(_l('This call needs an API token.'))
                if not g.api_user.has_role(ROLE_FOR_LEVEL[level]):
                    raise Forbidden(_l('Your role may not make this call.'))
            return view(*args, **kwargs)

        guarded.access = level
        return guarded

    return decorate


def viewer() -> User | None:
    """The signed-in staff member (session or API token), or None for the public."""
    api_user = g.get("api_user")
    if api_user is not None:
        return api_user
    if request.path.startswith("/api/"):
        return None
    return current_user if current_user.is_authenticated else None
