"""Organizations (institutes): create, invite, join, sharing choices, leave, explicit session
sharing, and the admin views (cohort dashboard, one member's sessions)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from moodlens.core.base import utcnow
from moodlens.core.deps import CurrentUser, DbSession, RateLimiterDep
from moodlens.core.errors import TooManyRequests, error_responses
from moodlens.core.ratelimit import RateLimitStoreUnavailable
from moodlens.orgs import access, member_view, membership, sharing
from moodlens.orgs import dashboard as dashboard_service
from moodlens.orgs.comments_router import router as comments_router
from moodlens.orgs.practice_router import router as practice_router
from moodlens.orgs.schemas import (
    DashboardOut,
    InviteIn,
    InviteOut,
    JoinIn,
    MemberSessionsOut,
    MembershipIn,
    MembershipOut,
    OrgCreateIn,
    OrgListOut,
    OrgOut,
    SessionShareIn,
    SessionShareOut,
)
from moodlens.orgs.sso import router as sso_router
from moodlens.orgs.visibility_router import router as visibility_router

router = APIRouter(tags=["orgs"])
# Groups, assignments and comments live in their own modules; one router keeps main.py unchanged.
router.include_router(practice_router)
router.include_router(comments_router)
router.include_router(sso_router)
router.include_router(visibility_router)

_ORG_404 = access.OrgNotFound.openapi()
_ADMIN_403 = access.OrgAdminRequired.openapi()


@router.post(
    "/v1/orgs",
    status_code=status.HTTP_201_CREATED,
    response_model=OrgOut,
    operation_id="orgs_create",
)
async def create_org(body: OrgCreateIn, db: DbSession, user: CurrentUser) -> Any:
    """Create an organization (an institute, bootcamp or placement cell). You become its
    owner. Your own progress is not shared with it unless you turn sharing on."""
    return await membership.create_org(db, user, body.name, utcnow())


@router.get("/v1/orgs", response_model=OrgListOut, operation_id="orgs_list_mine")
async def list_orgs(db: DbSession, user: CurrentUser) -> Any:
    """The organizations you belong to, with your role and your sharing choice."""
    return {"items": await membership.list_my_orgs(db, user)}


@router.post(
    "/v1/orgs/{org_id}/invites",
    status_code=status.HTTP_201_CREATED,
    response_model=InviteOut,
    operation_id="orgs_create_invite",
    responses=error_responses(
        access.OrgNotFound,
        access.OrgAdminRequired,
        membership.OwnerRequired,
        shared={
            403: "OrgAdminRequired (you are a member) or OwnerRequired (only the owner "
            "invites admins).",
        },
    ),
)
async def create_invite(org_id: uuid.UUID, body: InviteIn, db: DbSession, user: CurrentUser) -> Any:
    """An invite code for the organization (owner and admins). The code is shown only in this
    response (only its hash is stored); it works until it expires or is used up."""
    return await membership.create_invite(
        db,
        user,
        org_id,
        role=body.role,
        expires_in_days=body.expires_in_days,
        max_uses=body.max_uses,
        now=utcnow(),
    )


@router.post(
    "/v1/orgs/join",
    response_model=MembershipOut,
    operation_id="orgs_join",
    responses={
        **membership.InviteNotFound.openapi(),
        **membership.InviteExpired.openapi(),
        **TooManyRequests.openapi(),
        **RateLimitStoreUnavailable.openapi(),
    },
)
async def join(body: JoinIn, db: DbSession, user: CurrentUser, limiter: RateLimiterDep) -> Any:
    """Join an organization with an invite code. Your progress stays private until you turn
    sharing on (PUT /v1/orgs/{org_id}/membership). Joining again returns your membership."""
    return await membership.join_with_code(db, limiter, user, body.code, utcnow())


@router.put(
    "/v1/orgs/{org_id}/membership",
    response_model=MembershipOut,
    operation_id="orgs_set_sharing",
    responses=_ORG_404,
)
async def set_sharing(
    org_id: uuid.UUID, body: MembershipIn, db: DbSession, user: CurrentUser
) -> Any:
    """Your choice: share your scores and progress with the organization's owner and admins,
    or stop sharing. Answers and face cues stay private unless you share a session."""
    return await membership.set_sharing(db, user, org_id, body.shares_progress)


@router.delete(
    "/v1/orgs/{org_id}/membership",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="orgs_leave",
    responses={**_ORG_404, **membership.OwnerCannotLeave.openapi()},
)
async def leave(org_id: uuid.UUID, db: DbSession, user: CurrentUser) -> None:
    """Leave the organization. Its admins lose access to your progress at once, and your
    session shares with it end. The last member leaving deletes the organization."""
    await membership.leave(db, user, org_id)


@router.get(
    "/v1/sessions/{session_id}/share",
    response_model=SessionShareOut,
    operation_id="sessions_share_status",
    responses=sharing.SessionNotFound.openapi(),
)
async def share_status(session_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """Whether one of your sessions is shared with an organization, with which one, and
    whether its admins can see it now (they also need you to share your progress)."""
    return await sharing.session_share(db, user, session_id)


@router.put(
    "/v1/sessions/{session_id}/share",
    response_model=SessionShareOut,
    operation_id="sessions_share_with_org",
    responses={
        **sharing.SessionNotFound.openapi(),
        **sharing.OrganizationChoiceNeeded.openapi(),
        **sharing.NoOrganization.openapi(),
    },
)
async def share_session(
    session_id: uuid.UUID, body: SessionShareIn, db: DbSession, user: CurrentUser
) -> Any:
    """Share one of your sessions' answers (transcript) and face cues with your organization's
    admins, or stop sharing it. They see them only while you also share your progress."""
    return await sharing.share_session(
        db, user, session_id, body.shared_with_org, body.organization_id
    )


@router.get(
    "/v1/orgs/{org_id}/dashboard",
    response_model=DashboardOut,
    operation_id="orgs_dashboard",
    responses={**_ORG_404, **_ADMIN_403},
)
async def dashboard(org_id: uuid.UUID, db: DbSession, user: CurrentUser) -> Any:
    """Cohort readiness for the owner and admins, over members who share their progress:
    member and sharing counts, per-dimension averages and distribution, sessions per week,
    improvement after 3 sessions, members needing attention, and one row per sharing member.

    Cohort figures appear only with at least `threshold` (5) sharing members, each figure only
    when that many members contribute to it; otherwise `cohort` is null and `message` says
    why. Deleted sessions never count. Each member row shown is recorded in that member's
    activity trail."""
    return await dashboard_service.dashboard(db, user, org_id, utcnow().date())


@router.get(
    "/v1/orgs/{org_id}/users/{user_id}/sessions",
    response_model=MemberSessionsOut,
    operation_id="orgs_member_sessions",
    responses=error_responses(
        access.OrgNotFound,
        access.OrgAdminRequired,
        member_view.MemberNotSharing,
        shared={
            403: "OrgAdminRequired (you are a member) or MemberNotSharing (the member keeps "
            "their progress private).",
        },
    ),
)
async def member_sessions(
    org_id: uuid.UUID, user_id: uuid.UUID, db: DbSession, user: CurrentUser
) -> Any:
    """A sharing member's completed sessions with their scores, newest first (owner and
    admins). Answers, summary and cues only for sessions the member shared with this
    organization. Every call is recorded in the member's activity trail."""
    return await member_view.member_sessions(db, user, org_id, user_id)
