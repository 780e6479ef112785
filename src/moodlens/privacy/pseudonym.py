"""After an account is deleted its audit entries stay (DESIGN §8) but must stop naming it: the
user id was still in actor_id, target_id and details (an admin's `member_id`), so anyone
holding that id from before (an old export, a log line, a support ticket) could read the
deleted person's history. Each deletion draws one random pseudonym that replaces the id
everywhere in the trail: the entries still read as one subject's history, and nothing anywhere
maps the pseudonym back to the person."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, cast, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.models import AuditEntry


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, dict):
        return {k: _replaced(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, old, new) for v in value]
    return value


async def pseudonymise_audit_subject(db: AsyncSession, user_id: uuid.UUID) -> uuid.UUID:
    """Replace `user_id` in every audit entry by a fresh random pseudonym; return it (for the
    deletion's own entry)."""
    pseudonym = uuid.uuid4()
    old, new = str(user_id), str(pseudonym)
    await db.execute(
        update(AuditEntry).where(AuditEntry.actor_id == user_id).values(actor_id=pseudonym)
    )
    await db.execute(update(AuditEntry).where(AuditEntry.target_id == old).values(target_id=new))
    # Details are JSON; a text match finds the candidates on PostgreSQL and SQLite alike, and
    # only values equal to the id are replaced.
    rows = await db.execute(
        select(AuditEntry).where(cast(AuditEntry.details, String).contains(old))
    )
    for entry in rows.scalars():
        entry.details = _replaced(entry.details, old, new)
    await db.flush()
    return pseudonym
