"""The institute's cohort dashboard (and a group's): who counts, then `orgs.cohort` for the
figures.

Counted are members who share their progress and let this viewer see it (`access`); only
completed, not deleted sessions (`visible_sessions()`). Every member whose data the viewer
receives is recorded in that member's activity trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.progress import SessionRecord
from moodlens.coaching.scoring import load_config
from moodlens.models import (
    InterviewSession,
    OrganizationMember,
    OrgGroup,
    OrgGroupMember,
    SessionScore,
    SessionStatus,
    User,
)
from moodlens.orgs import access
from moodlens.orgs.cohort import COHORT_THRESHOLD, MemberHistory, cohort, member_row, plural
from moodlens.orgs.schemas import CohortOut, DashboardOut
from moodlens.privacy.service import record_member_data_view, visible_sessions


async def _histories(
    db: AsyncSession, rows: Sequence[tuple[OrganizationMember, str]], hidden: set[uuid.UUID]
) -> list[MemberHistory]:
    """Members who share their progress and let this viewer see it (`hidden`: those who
    chose other staff), with their completed sessions oldest first."""
    members = {
        m.user_id: MemberHistory(m.user_id, name, m.member_role)
        for m, name in rows
        if m.shares_progress and m.id not in hidden
    }
    if not members:
        return []
    sessions = await db.execute(
        select(
            InterviewSession.user_id,
            InterviewSession.id,
            InterviewSession.ended_at,
            SessionScore.overall_score,
            SessionScore.communication_score,
            SessionScore.confidence_score,
            SessionScore.structure_score,
            SessionScore.relevance_score,
        )
        .outerjoin(SessionScore, SessionScore.session_id == InterviewSession.id)
        .where(
            InterviewSession.user_id.in_(list(members)),
            InterviewSession.status == SessionStatus.COMPLETED,
            InterviewSession.ended_at.is_not(None),
            visible_sessions(),
        )
        .order_by(InterviewSession.ended_at, InterviewSession.id)
    )
    for user_id, sid, ended, overall, comm, conf, struct, rel in sessions.all():
        m = members[user_id]
        assert ended is not None  # filtered in the query
        m.ended.append(ended)
        if overall is not None:
            columns = {
                "communication": comm,
                "confidence": conf,
                "structure": struct,
                "relevance": rel,
            }
            # NULL: not measured (a typed-only session's delivery), so no figure counts it.
            dims = {k: float(v) for k, v in columns.items() if v is not None}
            m.records.append(SessionRecord(str(sid), ended, float(overall), dims))
    return list(members.values())


async def dashboard(
    db: AsyncSession,
    user: User,
    org_id: uuid.UUID,
    today: date,
    group: OrgGroup | None = None,
) -> DashboardOut:
    """The whole institute's figures, or one group's (`group`, already checked to belong to
    the org): the threshold then applies to the group's own sharing members."""
    org, me = await access.require_admin(db, org_id, user, "see the cohort dashboard")
    stmt = (
        select(OrganizationMember, User.full_name)
        .join(User, User.id == OrganizationMember.user_id)
        .where(OrganizationMember.organization_id == org.id)
        .order_by(User.full_name, User.id)
    )
    if group is not None:
        stmt = stmt.join(OrgGroupMember, OrgGroupMember.member_id == OrganizationMember.id).where(
            OrgGroupMember.group_id == group.id
        )
    rows = [(m, name) for m, name in (await db.execute(stmt)).all()]
    members = await _histories(db, rows, await access.hidden_member_ids(db, me))
    config = load_config()
    labels = dict(config.labels)
    figures: CohortOut | None = None
    message: str | None = None
    if len(members) >= COHORT_THRESHOLD:
        figures = cohort(members, labels, today, config.levels["developing"])
    else:
        message = (
            f"Cohort figures appear once at least {COHORT_THRESHOLD} members "
            f"{'of ' + group.name + ' ' if group else ''}share their "
            f"progress. {len(members)} of {plural(len(rows), 'member')} "
            f"{'shares' if len(members) == 1 else 'share'} now."
        )
    for m in members:
        record_member_data_view(
            db,
            admin_id=user.id,
            member_id=m.user_id,
            resource="org_dashboard",
            organization_id=org.id,
        )
    return DashboardOut(
        organization_id=org.id,
        organization_name=org.name,
        group_id=group.id if group else None,
        group_name=group.name if group else None,
        my_role=me.member_role,
        member_count=len(rows),
        sharing_count=len(members),
        threshold=COHORT_THRESHOLD,
        cohort=figures,
        message=message,
        labels=labels,
        members=[member_row(m, labels) for m in members],
    )
