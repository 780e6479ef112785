"""A member's choice of which staff see what they share with an institute."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from moodlens.core.base import utcnow
from moodlens.core.deps import CurrentUser, DbSession
from moodlens.orgs import access, visibility

router = APIRouter(tags=["orgs"])

VisibilityMode = Literal["all_staff", "chosen"]


class StaffChoiceOut(BaseModel):
    user_id: uuid.UUID
    name: str
    role: Literal["owner", "admin", "coach"]
    sees_my_data: bool = Field(description="Sees the progress and sessions you share.")


class StaffVisibilityOut(BaseModel):
    organization_id: uuid.UUID
    mode: VisibilityMode = Field(
        description="all_staff: every owner, admin and coach; chosen: only those you chose."
    )
    staff: list[StaffChoiceOut]


class StaffVisibilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: VisibilityMode
    allowed_user_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=500,
        description='With mode "chosen": the staff members who see what you share.',
    )


@router.get(
    "/v1/orgs/{org_id}/membership/visibility",
    response_model=StaffVisibilityOut,
    operation_id="orgs_get_staff_visibility",
    responses=access.OrgNotFound.openapi(),
)
async def get_visibility(org_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """Which of the institute's staff see the progress and sessions you share with it."""
    return await visibility.get_visibility(db, user, org_id)


@router.put(
    "/v1/orgs/{org_id}/membership/visibility",
    response_model=StaffVisibilityOut,
    operation_id="orgs_set_staff_visibility",
    responses={**access.OrgNotFound.openapi(), **visibility.NotStaff.openapi()},
)
async def set_visibility(
    org_id: uuid.UUID, body: StaffVisibilityIn, db: DbSession, user: CurrentUser
) -> Any:
    """Choose who on staff sees what you share: everyone, or only the people you pick. It
    applies at once (their next page load) and shows in your activity trail."""
    return await visibility.set_visibility(
        db, user, org_id, body.mode, body.allowed_user_ids, utcnow()
    )
