"""A failed statement must not put the values it was about (password hashes, emails,
transcripts) into the logs: the engine hides bound parameters and the JSON log formatter
drops the driver's text, which quotes stored data (PostgreSQL's 'DETAIL: Key (email)=...')."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.observability import JsonFormatter
from moodlens.models import User

pytestmark = pytest.mark.sqlite

EMAIL = "secret.person@example.com"
PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$do-not-log-this-hash"


def _log_line(exc: BaseException) -> str:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("tests.db_error_logging")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise exc
        except IntegrityError:
            log.exception("unhandled error on POST /v1/auth/signup")
    finally:
        log.removeHandler(handler)
    return out.getvalue()


async def test_a_failed_insert_logs_the_statement_but_no_values(db: AsyncSession) -> None:
    db.add(User(email=EMAIL, password_hash=PASSWORD_HASH, full_name="First"))
    await db.flush()
    db.add(User(email=EMAIL, password_hash=PASSWORD_HASH, full_name="Second"))
    with pytest.raises(IntegrityError) as caught:
        await db.flush()
    # The engine hides the bound values; the driver's own text may still quote the key.
    assert PASSWORD_HASH not in str(caught.value) and "Second" not in str(caught.value)

    line = _log_line(caught.value)
    assert EMAIL not in line and PASSWORD_HASH not in line and "Second" not in line
    assert "INSERT INTO users" in line and "IntegrityError" in line
    assert "values not logged" in line
    await db.rollback()


def test_other_errors_keep_their_full_traceback() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("tests.db_error_logging.other")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError("the message says what went wrong")
        except ValueError:
            log.exception("boom")
    finally:
        log.removeHandler(handler)
    assert "ValueError: the message says what went wrong" in out.getvalue()
