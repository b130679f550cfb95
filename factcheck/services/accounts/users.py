"""Staff accounts, sign-in and API tokens."""

from factcheck.i18n import lazy_gettext as _l
import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from factcheck.database import UNSEEN
from factcheck.errors import Conflict, Forbidden, NotFound, ValidationError
from factcheck.extensions import db
from factcheck.models import ApiToken, Role, User
from factcheck.models.types import utcnow
from factcheck.services.core.audit import record
from factcheck.services.accounts.passwords import hash_password, needs_rehash, verify_password
from factcheck.services.core.transaction import transactional

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
# A hash to check against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = hash_password("not a password")


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValidationError(_l('That is not an e-mail address.'), {"email": str(error)}) from error


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@transactional
def create_user(email: str, role: str, password: str, name: str | None = None) -> User:
    email = normalise_email(email)
    if role not in {r.value for r in Role}:
        raise ValidationError(_l('Unknown role.'), {"role": _l('Choose factchecker, editor or admin.')})
    check_new_password(password)
    if find_user(email):
        raise Conflict(_l('A user with the e-mail %(email)s already exists.', email=email))
    user = User(email=email, role=role, name=name or email.split("@")[0],
                password_hash=hash_password(password))
    db.session.add(user)
    record(None, "user.create", user, after={"email": email, "role": role})
    return user


def check_new_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(_l('Password too short.'), {field: _l('Use at least %(min_password_length)s characters.', min_password_length=MIN_PASSWORD_LENGTH)})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(_l('Password too long.'), {field: _l('Use at most %(max_password_length)s characters.', max_password_length=MAX_PASSWORD_LENGTH)})


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None. A hash made with older parameters is
    replaced by one made with today's, now that the password is known."""
    user = find_user(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        _upgrade_hash(user, password)
    return user


@transactional
def _upgrade_hash(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    record(user, "user.rehash_password", user)


def end_sessions(user: User) -> None:
    """Sign `user` out everywhere: every session cookie issued before names an old session version.

    Nothing a page shows changes, so the edition of the data stays (database.UNSEEN)."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(session_version=User.session_version + 1)
                       .execution_options(**UNSEEN))
    db.session.commit()


def _revoke_tokens(user: User) -> int:
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                       ApiToken.revoked_at.is_(None))).all()
    for api_token in tokens:
        api_token.revoked_at = utcnow()
    return len(tokens)


def _new_password(actor: User | None, user: User, password: str, action: str) -> None:
    """Set the hash, end every session, revoke every API token; one AuditEvent."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    revoked = _revoke_tokens(user)
    record(actor, action, user, after={"tokens_revoked": revoked})


@transactional
def change_own_password(user: User, current: str, new: str) -> User:
    """A user's own new password, given the current one; their other sessions and tokens end."""
    if not verify_password(user.password_hash, current):
        raise ValidationError(_l('The current password is wrong.'),
                              {"current_password": _l('That is not your current password.')})
    check_new_password(new, "new_password")
    _new_password(user, user, new, "user.change_password")
    return user


@transactional
def set_password(actor: User | None, user: User, password: str) -> User:
    """An admin's (or the command line's, `actor` None) new password for `user`."""
    _check_admin(actor)
    check_new_password(password)
    _new_password(actor, user, password, "user.set_password")
    return user


@transactional
def set_active(actor: User | None, user: User, active: bool) -> User:
    """Disable an account (its sessions end and its API tokens are revoked) or enable it again."""
    _check_admin(actor)
    if actor is not None and actor.id == user.id and not active:
        raise ValidationError(_l('You cannot disable your own account.'), {"active": _l('Ask another admin.')})
    if user.active == active:
        return user
    before = {"active": user.active}
    user.active = active
    revoked = 0
    if not active:
        user.session_version += 1
        revoked = _revoke_tokens(user)
    record(actor, "user.enable" if active else "user.disable", user, before=before,
           after={"active": active, "tokens_revoked": revoked})
    return user


@transactional
def set_role(actor: User | None, user: User, role: str) -> User:
    _check_admin(actor)
    if role not in {r.value for r in Role}:
        raise ValidationError(_l('Unknown role.'), {"role": _l('Choose factchecker, editor or admin.')})
    if actor is not None and actor.id == user.id and role != user.role:
        raise ValidationError(_l('You cannot change your own role.'), {"role": _l('Ask another admin.')})
    if user.role != role:
        record(actor, "user.role", user, before={"role": user.role}, after={"role": role})
        user.role = role
    return user


@transactional
def set_interface_language(user: User, language: str | None, available: list[str]) -> User:
    """A user's own interface language, one of `available`; None (or "") follows the browser."""
    language = language or None
    if language is not None and language not in available:
        raise ValidationError(_l('Unknown interface language.'),
                              {"interface_language": _l('Choose one of the languages listed.')})
    if user.interface_language != language:
        record(user, "user.interface_language", user, before={"interface_language": user.interface_language},
               after={"interface_language": language})
        user.interface_language = language
    return user


def _check_admin(actor: User | None) -> None:
    """None is the command line, which runs with the server's own rights."""
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise Forbidden(_l("Only an admin may change other people's accounts."))


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l('There is no user %(user_id)s.', user_id=user_id))
    return user


def user_for_session(user_id: str) -> User | None:
    """The active user a session's id ("<id>:<session version>") names, or None when that session has ended."""
    number, _, version = user_id.partition(":")
    if not number.isdigit() or not version.isdigit():
        return None  # a cookie from before session versions: signed out
    user = db.session.get(User, int(number))
    if user is None or user.session_version != int(version) or not user.active:
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
        # No page shows it, so it renews no edition (database.UNSEEN) and keeps no public page from being kept.
        db.session.execute(update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now)
                           .execution_options(**UNSEEN))
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
        raise NotFound(_l('There is no API token %(token_id)s.', token_id=token_id))
    if api_token.revoked_at is None:
        api_token.revoked_at = utcnow()
        record(actor, "token.revoke", api_token, before={"revoked_at": None},
               after={"name": api_token.name, "user_id": api_token.user_id,
                      "revoked_at": api_token.revoked_at.isoformat()})
    return api_token
