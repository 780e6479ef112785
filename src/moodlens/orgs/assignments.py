"""Assignments: an institute admin assigns a practice (template, duration, due date, attempts,
camera) to the whole institute or one group; members start sessions from it.

Attempts are counted from `assignment_attempts`, which outlive a deleted session, so deleting
a poor attempt does not buy another one. Per-assignment cohort figures follow the dashboard's
rules: scores only of members who share their progress (and let this viewer see it), and only
with at least COHORT_THRESHOLD contributors.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import Content
from moodlens.core.audit import record_audit
from moodlens.core.base import as_utc
from moodlens.interview_sessions import service as sessions
from moodlens.interview_sessions.schemas import SessionCreate, SessionOut
from moodlens.interview_templates.service import get_current_template
from moodlens.models import (
    Assignment,
    AssignmentAttempt,
    InterviewSession,
    InterviewTemplate,
    Organization,
    OrganizationMember,
    OrgGroup,
    OrgGroupMember,
    SessionScore,
    SessionStatus,
    User,
)
from moodlens.orgs.access import hidden_member_ids, require_admin
from moodlens.orgs.assignment_errors import (
    AssignmentExpired,
    AssignmentNotFound,
    AttemptsUsedUp,
    CameraRequired,
    DueDateInPast,
)
from moodlens.orgs.cohort import COHORT_THRESHOLD, SCORE_KEYS
from moodlens.orgs.groups import get_group, my_group_ids
from moodlens.privacy.service import (
    CAMERA_SCOPE,
    record_member_data_view,
    require_current_consent,
    visible_sessions,
)


def _template_fields(tpl: InterviewTemplate) -> dict[str, Any]:
    return {
        "template_id": tpl.id,
        "role_track": tpl.role_track,
        "round_type": tpl.round_type,
        "difficulty": tpl.difficulty,
        "template_title": tpl.title,
    }


def _base_out(a: Assignment, tpl: InterviewTemplate, group_name: str | None) -> dict[str, Any]:
    return {
        "id": a.id,
        "organization_id": a.organization_id,
        "group_id": a.group_id,
        "group_name": group_name,
        "title": a.title,
        **_template_fields(tpl),
        "duration_minutes": a.duration_minutes,
        "due_at": a.due_at,
        "max_attempts": a.max_attempts,
        "camera_required": a.camera_required,
        "created_at": a.created_at,
    }


async def create_assignment(
    db: AsyncSession,
    user: User,
    content: Content,
    org_id: uuid.UUID,
    *,
    template_id: uuid.UUID,
    title: str | None,
    duration_minutes: int,
    due_at: datetime,
    max_attempts: int,
    camera_required: bool,
    group_id: uuid.UUID | None,
    now: datetime,
) -> dict[str, Any]:
    org, _ = await require_admin(db, org_id, user, "assign practice")
    tpl, _ = await get_current_template(db, content, template_id)
    group = await get_group(db, org.id, group_id) if group_id else None
    due = as_utc(due_at)
    if due <= now:
        raise DueDateInPast(
            f"The due date {due.isoformat()} has already passed; choose a later one.",
            field="body.due_at",
        )
    assignment = Assignment(
        organization_id=org.id,
        group_id=group.id if group else None,
        created_by=user.id,
        template_id=tpl.id,
        title=(title or "").strip() or tpl.title,
        duration_minutes=duration_minutes,
        due_at=due,
        max_attempts=max_attempts,
        camera_required=camera_required,
        created_at=now,
    )
    db.add(assignment)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="assignment.create",
        target_type="assignment",
        target_id=assignment.id,
        details={"organization_id": str(org.id), "group_id": str(group_id) if group_id else None},
    )
    return _base_out(assignment, tpl, group.name if group else None)


async def _assignees(db: AsyncSession, a: Assignment) -> list[tuple[OrganizationMember, str]]:
    """Who the assignment is for: the group's members, or every member of the institute."""
    stmt = (
        select(OrganizationMember, User.full_name)
        .join(User, User.id == OrganizationMember.user_id)
        .where(OrganizationMember.organization_id == a.organization_id)
        .order_by(User.full_name, User.id)
    )
    if a.group_id is not None:
        stmt = stmt.join(OrgGroupMember, OrgGroupMember.member_id == OrganizationMember.id).where(
            OrgGroupMember.group_id == a.group_id
        )
    return [(m, name) for m, name in (await db.execute(stmt)).all()]


async def _attempt_rows(
    db: AsyncSession, assignment_ids: list[uuid.UUID], user_ids: list[uuid.UUID] | None = None
) -> list[tuple[AssignmentAttempt, InterviewSession | None, SessionScore | None]]:
    if not assignment_ids:
        return []
    stmt = (
        select(AssignmentAttempt, InterviewSession, SessionScore)
        .outerjoin(
            InterviewSession,
            (InterviewSession.id == AssignmentAttempt.session_id) & visible_sessions(),
        )
        .outerjoin(SessionScore, SessionScore.session_id == InterviewSession.id)
        .where(AssignmentAttempt.assignment_id.in_(assignment_ids))
        .order_by(AssignmentAttempt.created_at)
    )
    if user_ids is not None:
        stmt = stmt.where(AssignmentAttempt.user_id.in_(user_ids))
    return [(a, s, sc) for a, s, sc in (await db.execute(stmt)).all()]


def _score_values(score: SessionScore) -> dict[str, float]:
    # The score columns are named after SCORE_KEYS: overall_score, communication_score, ...
    # (a dimension that was not measured is None, as stored).
    return {k: getattr(score, f"{k}_score") for k in SCORE_KEYS}


async def list_for_admin(
    db: AsyncSession, user: User, org_id: uuid.UUID, now: datetime
) -> list[dict[str, Any]]:
    """Every assignment of the institute with completion and cohort figures.

    Completion counts are over all assignees (how many started, how many finished, no
    scores); score figures only over sharing members, and only with enough of them."""
    org, me = await require_admin(db, org_id, user, "see assignments")
    # Members who chose other staff do not count in this viewer's figures.
    hidden = await hidden_member_ids(db, me)
    rows = (
        await db.execute(
            select(Assignment, InterviewTemplate, OrgGroup.name)
            .join(InterviewTemplate, InterviewTemplate.id == Assignment.template_id)
            .outerjoin(OrgGroup, OrgGroup.id == Assignment.group_id)
            .where(Assignment.organization_id == org.id)
            .order_by(Assignment.due_at.desc(), Assignment.id)
        )
    ).all()
    attempts = await _attempt_rows(db, [a.id for a, _, _ in rows])
    out = []
    viewed: set[uuid.UUID] = set()
    for a, tpl, group_name in rows:
        assignees = await _assignees(db, a)
        assigned = {m.user_id for m, _ in assignees}
        sharing = {m.user_id for m, _ in assignees if m.shares_progress and m.id not in hidden}
        mine = [t for t in attempts if t[0].assignment_id == a.id and t[0].user_id in assigned]
        started = {t[0].user_id for t in mine}
        completed = {t[0].user_id for t in mine if _completed(t[1])}
        # Each sharing member's best scored attempt counts once.
        best: dict[uuid.UUID, dict[str, float]] = {}
        for attempt, _session, score in mine:
            if score is None or attempt.user_id not in sharing:
                continue
            values = _score_values(score)
            prior = best.get(attempt.user_id)
            if prior is None or values["overall"] > prior["overall"]:
                best[attempt.user_id] = values
        averages: dict[str, float] | None = None
        note: str | None = None
        if len(best) >= COHORT_THRESHOLD:
            averages = {
                k: round(sum(v[k] for v in best.values()) / len(best), 1) for k in SCORE_KEYS
            }
            viewed |= set(best)
        else:
            note = (
                f"Scores appear once at least {COHORT_THRESHOLD} members who share their "
                f"progress have a scored attempt; {len(best)} so far."
            )
        out.append(
            {
                **_base_out(a, tpl, group_name),
                "status": "open" if a.due_at > now else "closed",
                "assigned_count": len(assigned),
                "started_count": len(started),
                "completed_count": len(completed),
                "sharing_count": len(sharing),
                "cohort": {"members": len(best), "averages": averages} if averages else None,
                "note": note,
            }
        )
    for member_id in viewed:
        record_member_data_view(
            db,
            admin_id=user.id,
            member_id=member_id,
            resource="assignment_figures",
            organization_id=org.id,
        )
    return out


async def _my_assignments_query(db: AsyncSession, user: User) -> list[Any]:
    groups = await my_group_ids(db, user.id)
    return list(
        (
            await db.execute(
                select(Assignment, InterviewTemplate, OrgGroup.name, Organization.name)
                .join(InterviewTemplate, InterviewTemplate.id == Assignment.template_id)
                .join(Organization, Organization.id == Assignment.organization_id)
                .join(
                    OrganizationMember,
                    (OrganizationMember.organization_id == Assignment.organization_id)
                    & (OrganizationMember.user_id == user.id),
                )
                .outerjoin(OrgGroup, OrgGroup.id == Assignment.group_id)
                .where(or_(Assignment.group_id.is_(None), Assignment.group_id.in_(list(groups))))
                .order_by(Assignment.due_at, Assignment.id)
            )
        ).all()
    )


def _completed(session: InterviewSession | None) -> bool:
    return session is not None and session.status == SessionStatus.COMPLETED


def _member_out(
    a: Assignment,
    tpl: InterviewTemplate,
    group_name: str | None,
    org_name: str,
    mine: list[tuple[AssignmentAttempt, InterviewSession | None, SessionScore | None]],
    now: datetime,
) -> dict[str, Any]:
    used = len(mine)
    done = any(_completed(s) for _, s, _ in mine)
    expired = a.due_at <= now
    status = "completed" if done else "expired" if expired else "open"
    if status == "open" and used >= a.max_attempts:
        status = "attempts_used"
    return {
        **_base_out(a, tpl, group_name),
        "organization_name": org_name,
        "attempts_used": used,
        "attempts_left": max(a.max_attempts - used, 0),
        "status": status,
        "can_start": not expired and used < a.max_attempts,
        "sessions": [
            {
                "session_id": s.id,
                "status": s.status,
                "started_at": att.created_at,
                "overall": round(sc.overall_score, 1) if sc is not None else None,
            }
            for att, s, sc in mine
            if s is not None
        ],
    }


async def list_mine(db: AsyncSession, user: User, now: datetime) -> list[dict[str, Any]]:
    rows = await _my_assignments_query(db, user)
    attempts = await _attempt_rows(db, [a.id for a, *_ in rows], [user.id])
    return [
        _member_out(a, tpl, gname, oname, [t for t in attempts if t[0].assignment_id == a.id], now)
        for a, tpl, gname, oname in rows
    ]


async def start(
    db: AsyncSession,
    user: User,
    content: Content,
    assignment_id: uuid.UUID,
    recording_enabled: bool | None,
    now: datetime,
) -> SessionOut:
    """Create the session an assignment describes, counting one attempt."""
    rows = [r for r in await _my_assignments_query(db, user) if r[0].id == assignment_id]
    if not rows:
        raise AssignmentNotFound(f"No assignment with id {assignment_id} for you.")
    a, tpl, _, org_name = rows[0]
    # Serialise this member's starts of this assignment so two tabs cannot both take the
    # last attempt.
    await db.execute(
        select(OrganizationMember.id)
        .where(
            OrganizationMember.organization_id == a.organization_id,
            OrganizationMember.user_id == user.id,
        )
        .with_for_update()
    )
    if a.due_at <= now:
        raise AssignmentExpired(
            f"{a.title!r} from {org_name} was due {a.due_at:%Y-%m-%d %H:%M} UTC; "
            "ask the institute to extend it or practise on your own."
        )
    used = int(
        await db.scalar(
            select(func.count()).where(
                AssignmentAttempt.assignment_id == a.id, AssignmentAttempt.user_id == user.id
            )
        )
        or 0
    )
    if used >= a.max_attempts:
        raise AttemptsUsedUp(
            f"You have started {a.title!r} {used} time{'s' if used != 1 else ''}, which is "
            f"every attempt it allows; practise on your own or ask {org_name} for more."
        )
    if a.camera_required:
        consent = await require_current_consent(db, user)
        if CAMERA_SCOPE not in consent.scopes:
            raise CameraRequired(
                f"{a.title!r} needs the camera: allow the camera in your consent "
                "(POST /v1/users/me/consents), then start it again."
            )
    out = await sessions.create_session(
        db,
        user,
        content,
        SessionCreate.model_validate(
            {
                "template_id": tpl.id,
                "duration_minutes": a.duration_minutes,
                "recording_enabled": recording_enabled,
            }
        ),
        now,
    )
    db.add(
        AssignmentAttempt(assignment_id=a.id, user_id=user.id, session_id=out.id, created_at=now)
    )
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="assignment.start",
        target_type="assignment",
        target_id=a.id,
        details={"session_id": str(out.id), "attempt": used + 1},
    )
    return out
