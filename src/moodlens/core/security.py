"""Password hashing, access tokens and opaque refresh tokens (no hand-rolled crypto)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A hash of a random password, verified against when the email is unknown, so the response
# time does not reveal whether an account exists.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
ALGORITHM = "HS256"
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# argon2 costs tens to hundreds of milliseconds of CPU. Run in the event loop it stalled every
# live socket of the process, and stretched whatever database lock a request held meanwhile
# (on SQLite the write lock of the whole file). In a thread the loop keeps serving; argon2-cffi
# releases the GIL while it hashes.
async def hash_password_off_loop(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(verify_password, password_hash, password)


@lru_cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("moodlens.content").joinpath("common_passwords.txt").read_text()
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str) -> str | None:
    """Why the password is unacceptable, or None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords():
        return "This password is on a list of commonly used passwords; choose another."
    if lowered == email.lower() or lowered == email.split("@")[0].lower():
        return "Do not use your email address as your password."
    return None


def create_access_token(user_id: uuid.UUID, key: str, minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "typ": "access",
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


class InvalidToken(Exception):
    pass


def decode_access_token(token: str, key: str) -> uuid.UUID:
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("The access token has expired; refresh it.") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("The access token is not valid.") from exc
    if claims.get("typ") != "access":
        raise InvalidToken("The access token is not valid.")
    try:
        return uuid.UUID(str(claims["sub"]))
    except ValueError as exc:
        raise InvalidToken("The access token is not valid.") from exc


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    # Refresh tokens are 256 random bits, so a fast hash is enough to make a DB leak useless.
    return hashlib.sha256(token.encode()).hexdigest()
