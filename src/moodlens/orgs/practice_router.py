"""Groups (cohorts) and assignments of an institute; members' assignments and starting one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from moodlens.core.base import utcnow
from moodlens.core.deps import CurrentUser, DbSession
from moodlens.core.errors import error_responses
from moodlens.interview_sessions.clock import ClockDep
from moodlens.interview_sessions.schemas import SessionOut
from moodlens.interview_templates.deps import SyncedContent
from moodlens.interview_templates.errors import TemplateNotFound
from moodlens.orgs import access, assignment_errors, assignments, cohort, groups
from moodlens.orgs import dashboard as dashboard_service
from moodlens.orgs.practice_schemas import (
    AdminAssignmentListOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentStartIn,
    GroupIn,
    GroupListOut,
    GroupMembersIn,
    GroupOut,
    MyAssignmentListOut,
    OrgMemberListOut,
)
from moodlens.orgs.schemas import DashboardOut
from moodlens.privacy.errors import ConsentRequired

router = APIRouter(tags=["orgs"])

_ORG = {**access.OrgNotFound.openapi(), **access.OrgAdminRequired.openapi()}


@router.post(
    "/v1/orgs/{org_id}/groups",
    status_code=status.HTTP_201_CREATED,
    response_model=GroupOut,
    operation_id="orgs_create_group",
    responses={**_ORG, **groups.GroupNameTaken.openapi()},
)
async def create_group(org_id: uuid.UUID, body: GroupIn, db: DbSession, user: CurrentUser) -> Any:
    """Create a group (a cohort such as "Batch 2027") in the organization (owner and admins).
    Cohort figures for a group follow the same 5-member rule as the whole institute."""
    return await groups.create_group(db, user, org_id, body.name, utcnow())


@router.get(
    "/v1/orgs/{org_id}/groups",
    response_model=GroupListOut,
    operation_id="orgs_list_groups",
    responses=_ORG,
)
async def list_groups(org_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """The organization's groups with their members (owner and admins)."""
    return {"items": await groups.list_groups(db, user, org_id)}


@router.get(
    "/v1/orgs/{org_id}/members",
    response_model=OrgMemberListOut,
    operation_id="orgs_list_members",
    responses=_ORG,
)
async def list_members(org_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """Everyone in the organization with their role (owner and admins), to build groups.
    No scores: those stay behind each member's sharing choice."""
    return {"items": await groups.list_members(db, user, org_id)}


@router.put(
    "/v1/orgs/{org_id}/groups/{group_id}/members",
    response_model=GroupOut,
    operation_id="orgs_set_group_members",
    responses={
        **_ORG,
        **groups.GroupNotFound.openapi(),
        **groups.NotOrgMembers.openapi(),
    },
)
async def set_group_members(
    org_id: uuid.UUID, group_id: uuid.UUID, body: GroupMembersIn, db: DbSession, user: CurrentUser
) -> Any:
    """Set who is in the group (every person must be a member of the organization)."""
    return await groups.set_group_members(db, user, org_id, group_id, body.user_ids, utcnow())


@router.delete(
    "/v1/orgs/{org_id}/groups/{group_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="orgs_delete_group",
    responses={**_ORG, **groups.GroupNotFound.openapi()},
)
async def delete_group(
    org_id: uuid.UUID, group_id: uuid.UUID, db: DbSession, user: CurrentUser
) -> None:
    """Delete a group and the assignments given to it; members and their sessions stay."""
    await groups.delete_group(db, user, org_id, group_id)


@router.get(
    "/v1/orgs/{org_id}/groups/{group_id}/dashboard",
    response_model=DashboardOut,
    operation_id="orgs_group_dashboard",
    responses={**_ORG, **groups.GroupNotFound.openapi()},
)
async def group_dashboard(
    org_id: uuid.UUID, group_id: uuid.UUID, db: DbSession, user: CurrentUser
) -> Any:
    """The cohort dashboard for one group: the same figures and rules as the organization's
    dashboard, counted over the group's members only (5 sharing members at least)."""
    await access.require_admin(db, org_id, user, "see the cohort dashboard")
    group = await groups.get_group(db, org_id, group_id)
    return await dashboard_service.dashboard(db, user, org_id, utcnow().date(), group)


@router.post(
    "/v1/orgs/{org_id}/assignments",
    status_code=status.HTTP_201_CREATED,
    response_model=AssignmentOut,
    operation_id="orgs_create_assignment",
    responses={
        **_ORG,
        **groups.GroupNotFound.openapi(),
        **assignment_errors.DueDateInPast.openapi(),
        **TemplateNotFound.openapi(),
    },
)
async def create_assignment(
    org_id: uuid.UUID,
    body: AssignmentIn,
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
    clock: ClockDep,
) -> Any:
    """Assign a practice to the whole organization or one group (owner and admins): template
    (role, round, difficulty), duration, due date, attempts allowed and whether the camera is
    required. Members see it on their Home page."""
    return await assignments.create_assignment(
        db,
        user,
        content,
        org_id,
        template_id=body.template_id,
        title=body.title,
        duration_minutes=body.duration_minutes,
        due_at=body.due_at,
        max_attempts=body.max_attempts,
        camera_required=body.camera_required,
        group_id=body.group_id,
        now=clock.now(),
    )


@router.get(
    "/v1/orgs/{org_id}/assignments",
    response_model=AdminAssignmentListOut,
    operation_id="orgs_list_assignments",
    responses=_ORG,
)
async def list_assignments(
    org_id: uuid.UUID, db: DbSession, user: CurrentUser, clock: ClockDep
) -> Any:
    """The organization's assignments with completion (started and completed members) and,
    per assignment, the cohort's scores: only from members who share their progress, and only
    once at least `threshold` (5) of them have a scored attempt. Audited per member counted."""
    items = await assignments.list_for_admin(db, user, org_id, clock.now())
    return {"items": items, "threshold": cohort.COHORT_THRESHOLD}


@router.get(
    "/v1/assignments",
    response_model=MyAssignmentListOut,
    operation_id="assignments_list_mine",
)
async def my_assignments(
    db: DbSession,
    user: CurrentUser,
    clock: ClockDep,
    include_closed: Annotated[
        bool, Query(description="Also list expired and completed ones.")
    ] = True,
) -> Any:
    """Practice your organizations assigned to you, soonest due first, with your attempts."""
    items = await assignments.list_mine(db, user, clock.now())
    if not include_closed:
        items = [i for i in items if i["status"] in ("open", "attempts_used")]
    return {"items": items}


@router.post(
    "/v1/assignments/{assignment_id}/start",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOut,
    operation_id="assignments_start",
    responses=error_responses(
        assignment_errors.AssignmentNotFound,
        assignment_errors.AssignmentExpired,
        assignment_errors.AttemptsUsedUp,
        ConsentRequired,
        assignment_errors.CameraRequired,
        shared={
            403: "ConsentRequired, RecordingConsentRequired or CameraRequired (the assignment "
            "needs the camera and your consent does not allow it).",
        },
    ),
)
async def start_assignment(
    assignment_id: uuid.UUID,
    body: AssignmentStartIn,
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
    clock: ClockDep,
) -> SessionOut:
    """Create a scheduled session from an assignment (its template and duration), counting one
    attempt. 410 once it is past due, 409 when every attempt is used."""
    return await assignments.start(
        db, user, content, assignment_id, body.recording_enabled, clock.now()
    )
