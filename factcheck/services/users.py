"""Staff accounts, sign-in and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck.errors import Conflict, NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import ApiToken, Role, User
from factcheck.models.types import utcnow
from factcheck.services.audit import record
from factcheck.services.transaction import transactional

MIN_PASSWORD_LENGTH = 8
# A hash to check against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = generate_password_hash("not a password")


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValidationError("That is not an e-mail address.", {"email": str(error)}) from error


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@transactional
def create_user(email: str, role: str, password: str, name: str | None = None) -> User:
    email = normalise_email(email)
    if role not in {r.value for r in Role}:
        raise ValidationError("Unknown role.", {"role": "Choose factchecker, editor or admin."})
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("Password too short.",
                              {"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."})
    if find_user(email):
        raise Conflict(f"A user with the e-mail {email} already exists.")
    user = User(email=email, role=role, name=name or email.split("@")[0],
                password_hash=generate_password_hash(password))
    db.session.add(user)
    record(None, "user.create", user, after={"email": email, "role": role})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transactional
def create_api_token(user: User, name: str = "API token") -> str:
    """Make a token for `user`; only its hash is stored, so the plain token is returned once."""
    name = name.strip()[:120] or "API token"
    token = "fc_" + secrets.token_urlsafe(32)
    api_token = ApiToken(user_id=user.id, name=name, token_hash=_hash_token(token))
    db.session.add(api_token)
    record(user, "token.create", api_token, after={"name": name})
    return token


def user_for_token(token: str) -> User | None:
    """The active user a valid, unrevoked token belongs to; notes when it was last used."""
    api_token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if api_token is None or not api_token.user.active:
        return None
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(minutes=5):
        api_token.last_used_at = now
        db.session.commit()
    return api_token.user


def list_tokens(user: User | None = None) -> list[ApiToken]:
    """`user`'s API tokens, or everybody's when `user` is None; newest first, with their holders."""
    query = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.created_at.desc(),
                                                                         ApiToken.id.desc())
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def tokens_visible_to(actor: User) -> list[ApiToken]:
    """An admin sees every token; anyone else their own."""
    return list_tokens(None if actor.has_role(Role.ADMIN) else actor)


@transactional
def revoke_token(actor: User, token_id: int) -> ApiToken:
    """Revoke a token: its holder may, and an admin may revoke anyone's. Revoking twice changes nothing."""
    api_token = db.session.get(ApiToken, token_id)
    if api_token is None or (api_token.user_id != actor.id and not actor.has_role(Role.ADMIN)):
        # Another user's token is not named to a non-admin: it might as well not exist.
        raise NotFound(f"There is no API token {token_id}.")
    if api_token.revoked_at is None:
        api_token.revoked_at = utcnow()
        record(actor, "token.revoke", api_token, before={"revoked_at": None},
               after={"name": api_token.name, "user_id": api_token.user_id,
                      "revoked_at": api_token.revoked_at.isoformat()})
    return api_token
