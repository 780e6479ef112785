"""Audit trail helper: every data operation and admin view of member data leaves an entry."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.must_commit import must_commit
from moodlens.core.request_context import current_request_id
from moodlens.models import AuditEntry


def record_audit(
    db: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the caller's transaction. Keep `details` free of personal data."""
    db.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id is not None else None,
            request_id=current_request_id(),
            details=details or {},
        )
    )


async def record_refusal_audit(
    db: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """An entry for a refused action, made just before the error is raised: that error rolls
    the caller's transaction back, so the entry commits on its own (`core.must_commit`)."""

    async def write(session: AsyncSession) -> None:
        record_audit(
            session,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details,
        )

    await must_commit(db, write)
