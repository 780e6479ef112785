from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from moodlens.coaching.content import Difficulty, Role, RoundType
from moodlens.core.deps import CurrentUser, DbSession
from moodlens.interview_templates import service
from moodlens.interview_templates.deps import SyncedContent
from moodlens.interview_templates.schemas import TemplateOut

router = APIRouter(prefix="/v1/templates", tags=["templates"])


@router.get("", response_model=list[TemplateOut], operation_id="templates_list")
async def list_templates(
    db: DbSession,
    content: SyncedContent,
    _user: CurrentUser,
    role_track: Annotated[Role | None, Query(description="Only this role track.")] = None,
    round_type: Annotated[RoundType | None, Query(description="Only this round type.")] = None,
    difficulty: Annotated[Difficulty | None, Query(description="Only this difficulty.")] = None,
) -> list[TemplateOut]:
    """Interview templates (role x round x difficulty), grouped by role and round, easy to
    hard. Unknown filter values are a 422."""
    return await service.list_templates(
        db, content, role_track=role_track, round_type=round_type, difficulty=difficulty
    )


@router.get(
    "/{template_id}",
    response_model=TemplateOut,
    operation_id="templates_get",
    responses=service.TemplateNotFound.openapi(),
)
async def get_template(
    template_id: uuid.UUID, db: DbSession, content: SyncedContent, _user: CurrentUser
) -> TemplateOut:
    """One interview template."""
    return await service.get_template(db, content, template_id)
