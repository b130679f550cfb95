"""Password hashes: argon2id at OWASP's parameters; older hashes (werkzeug's scrypt or pbkdf2) still verify,
and are replaced at the next sign-in (`needs_rehash`)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

# OWASP Password Storage Cheat Sheet: argon2id with 19 MiB of memory, 2 iterations, 1 degree of parallelism.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
ARGON2 = "$argon2"


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when `password` matches `stored`, an argon2 hash or one of werkzeug's older ones."""
    if not stored.startswith(ARGON2):
        return check_password_hash(stored, password)
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for a hash made otherwise than HASHER makes them now."""
    return not stored.startswith(ARGON2) or HASHER.check_needs_rehash(stored)
