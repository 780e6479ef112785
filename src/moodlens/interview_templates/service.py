"""Keep `interview_templates` in step with the versioned content files, and read it back.

Sync strategy: `moodlens migrate` syncs after upgrading the schema (`moodlens.migrate`), so a
fresh install has its templates before the first request; and the first request of an app
instance that needs templates checks again (see `deps.synced_content`), not the lifespan. Why
the request-time check stays:
- the rows must exist in whichever database the request uses; tests and the embedded mode swap
  databases under one process, and a request-time check heals a database that was migrated or
  wiped after the process started, or new content deployed without a migrate;
- it costs one COUNT per app instance until a commit proves the sync stored (then it is
  remembered on app.state), so steady-state requests do no extra work;
- the upsert is `INSERT .. ON CONFLICT (slug) DO UPDATE`, so several processes syncing at once
  cannot fail on the unique slug, and a template keeps its UUID across content versions
  (clients and sessions hold that UUID).
Templates that left the content keep their row (old sessions reference them) but are no longer
listed or startable: their `content_version` stays behind the current one.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import (
    Content,
    Difficulty,
    Role,
    RoundType,
    Template,
)
from moodlens.core.upsert import upsert
from moodlens.interview_templates.errors import TemplateNotFound
from moodlens.interview_templates.schemas import TemplateOut
from moodlens.models import InterviewTemplate

__all__ = ["TemplateNotFound"]


def _row(template: Template, version: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "slug": template.id,
        "role_track": template.role,
        "round_type": template.round,
        "difficulty": template.difficulty,
        "title": template.title,
        "description": template.description,
        "content_version": version,
        "config_json": template.config.model_dump(mode="json"),
    }


async def templates_in_sync(db: AsyncSession, content: Content) -> bool:
    # The version carries a digest of every content file, so equal counts at the current
    # version mean every template row matches the files exactly.
    stmt = select(func.count()).where(InterviewTemplate.content_version == content.version)
    return (await db.scalar(stmt)) == len(content.templates)


async def sync_templates(db: AsyncSession, content: Content) -> int:
    """Upsert every content template by slug; returns how many rows were written (0 if none
    needed). Idempotent; flushes, never commits."""
    if await templates_in_sync(db, content):
        return 0
    rows = [_row(t, content.version) for t in content.templates]
    updated = ("role_track", "round_type", "difficulty", "title", "description")
    # No expire_all() after it: in an async session an expired object (say, the current user)
    # would lazy-load on its next attribute access and fail. Template rows are read after the
    # sync, and rarely earlier in the same transaction.
    await upsert(
        db,
        InterviewTemplate,
        rows,
        key=["slug"],
        update=[*updated, "content_version", "config_json"],
    )
    return len(rows)


def to_out(row: InterviewTemplate) -> TemplateOut:
    # Validated rather than constructed: the string columns must hold the content's enums.
    return TemplateOut.model_validate(
        {
            "id": row.id,
            "slug": row.slug,
            "role_track": row.role_track,
            "round_type": row.round_type,
            "difficulty": row.difficulty,
            "title": row.title,
            "description": row.description,
            "content_version": row.content_version,
            "config": row.config_json,
        }
    )


async def list_templates(
    db: AsyncSession,
    content: Content,
    *,
    role_track: Role | None = None,
    round_type: RoundType | None = None,
    difficulty: Difficulty | None = None,
) -> list[TemplateOut]:
    """Current templates matching every given filter, in the content files' order (role,
    round, then easy -> hard), which is the order a picker shows them in."""
    stmt = select(InterviewTemplate).where(InterviewTemplate.content_version == content.version)
    if role_track is not None:
        stmt = stmt.where(InterviewTemplate.role_track == role_track)
    if round_type is not None:
        stmt = stmt.where(InterviewTemplate.round_type == round_type)
    if difficulty is not None:
        stmt = stmt.where(InterviewTemplate.difficulty == difficulty)
    rows = (await db.scalars(stmt)).all()
    position = {t.id: i for i, t in enumerate(content.templates)}
    return [to_out(r) for r in sorted(rows, key=lambda r: position.get(r.slug, len(position)))]


async def get_current_template(
    db: AsyncSession, content: Content, template_id: uuid.UUID
) -> tuple[InterviewTemplate, Template]:
    """The DB row and its content definition; 404 when unknown or retired from the content."""
    row = await db.get(InterviewTemplate, template_id)
    if row is None or row.content_version != content.version:
        raise TemplateNotFound(f"No interview template with id {template_id}.")
    try:
        return row, content.template(row.slug)
    except KeyError:
        raise TemplateNotFound(f"No interview template with id {template_id}.") from None


async def get_template(db: AsyncSession, content: Content, template_id: uuid.UUID) -> TemplateOut:
    row, _ = await get_current_template(db, content, template_id)
    return to_out(row)
