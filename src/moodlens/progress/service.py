"""Progress and insights from the user's scored sessions (soft-deleted ones never count).

Every figure is recomputed from `session_scores.summary_json` on read, so a new session, a
rebuilt report or a deleted session shows up in the next response with nothing to keep in
sync. The weekly plan is deterministic for the same inputs, which is what keeps a check-off
attached to its item while the plan stays the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.plan import MAX_DAILY_MINUTES, MIN_DAILY_MINUTES, build_insights
from moodlens.coaching.progress import (
    MalformedSummary,
    SessionRecord,
    compare_sessions,
    compute_progress,
    record_from_summary,
)
from moodlens.coaching.scoring import load_config
from moodlens.core.audit import record_audit
from moodlens.core.errors import NotFound
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    PlanItemCheck,
    SessionScore,
    User,
    UserPrivacySettings,
)
from moodlens.privacy.service import DEFAULT_PRACTICE_MINUTES, visible_sessions

log = logging.getLogger(__name__)

PLAN_DAYS = 7


class PlanItemNotFound(NotFound):
    """No item with this id in the current weekly plan."""


@dataclass(frozen=True, slots=True)
class ScoredSession:
    record: SessionRecord
    title: str
    role: str
    round_type: str


async def scored_sessions(db: AsyncSession, user: User) -> list[ScoredSession]:
    """The user's visible sessions with a built report, oldest first."""
    rows = (
        await db.execute(
            select(
                InterviewSession.id,
                InterviewSession.ended_at,
                SessionScore.summary_json,
                InterviewTemplate.title,
                InterviewTemplate.role_track,
                InterviewTemplate.round_type,
            )
            .join(SessionScore, SessionScore.session_id == InterviewSession.id)
            .join(InterviewTemplate, InterviewTemplate.id == InterviewSession.template_id)
            .where(
                InterviewSession.user_id == user.id,
                InterviewSession.ended_at.is_not(None),
                visible_sessions(),
            )
            .order_by(InterviewSession.ended_at, InterviewSession.id)
        )
    ).all()
    out: list[ScoredSession] = []
    for sid, ended, summary, title, role, round_type in rows:
        try:
            record = record_from_summary(str(sid), ended, summary)
        except MalformedSummary as exc:
            # One unreadable stored summary must not take the whole progress page down (it
            # answered 500): that session is left out of the figures, and the log says which
            # and why so its report can be rebuilt.
            log.warning(
                "session left out of progress: %s",
                exc,
                extra={"fields": {"session_id": str(sid), "reason": str(exc)}},
            )
            continue
        out.append(ScoredSession(record, title, role, round_type))
    return out


async def get_progress(db: AsyncSession, user: User, today: date) -> dict[str, Any]:
    sessions = await scored_sessions(db, user)
    records = [s.record for s in sessions]
    out = compute_progress(records, today=today)
    out["labels"] = dict(load_config().labels)
    out["sessions"] = [
        {
            "session_id": s.record.session_id,
            "ended_at": s.record.ended_at.isoformat(),
            "title": s.title,
            "role": s.role,
            "round_type": s.round_type,
            "overall": round(s.record.overall, 1),
            "dimensions": {k: round(v, 1) for k, v in s.record.dimensions.items()},
        }
        for s in sessions
    ]
    out["latest_comparison"] = (
        compare_sessions(records[-1], records[-2] if len(records) > 1 else None)
        if records
        else None
    )
    return out


def plan_start(latest: date, today: date) -> date:
    """The plan starts on the day of the latest session and rolls forward a week at a time,
    so it always covers today even when practice paused."""
    if today <= latest:
        return latest
    weeks = (today - latest).days // PLAN_DAYS
    return latest + timedelta(days=PLAN_DAYS * weeks)


async def daily_minutes(db: AsyncSession, user: User) -> int:
    prefs = await db.get(UserPrivacySettings, user.id)
    minutes = prefs.practice_minutes_per_day if prefs else DEFAULT_PRACTICE_MINUTES
    return min(MAX_DAILY_MINUTES, max(MIN_DAILY_MINUTES, minutes))


async def _checked(db: AsyncSession, user: User) -> dict[str, datetime]:
    rows = await db.execute(
        select(PlanItemCheck.item_id, PlanItemCheck.done_at).where(PlanItemCheck.user_id == user.id)
    )
    return {item: at for item, at in rows.all()}


async def get_insights(db: AsyncSession, user: User, today: date) -> dict[str, Any]:
    sessions = await scored_sessions(db, user)
    records = [s.record for s in sessions]
    minutes = await daily_minutes(db, user)
    if not records:
        return {
            "session_count": 0,
            "latest_session_id": None,
            "daily_minutes": minutes,
            "weak_areas": [],
            "weekly_plan": None,
        }
    latest = records[-1]
    out = build_insights(records, minutes, plan_start(latest.ended_at.date(), today))
    checked = await _checked(db, user)
    plan = out["weekly_plan"]
    done = total = 0
    for day in plan["days"]:
        for item in day["items"]:
            at = checked.get(item["id"])
            item["done"] = at is not None
            item["done_at"] = at.isoformat() if at else None
            done += at is not None
            total += 1
    plan["done_count"] = done
    plan["item_count"] = total
    plan["today"] = today.isoformat()
    out.update(
        session_count=len(records), latest_session_id=latest.session_id, daily_minutes=minutes
    )
    return out


async def _plan_item_ids(db: AsyncSession, user: User, today: date) -> set[str]:
    insights = await get_insights(db, user, today)
    plan = insights["weekly_plan"]
    if plan is None:
        return set()
    return {item["id"] for day in plan["days"] for item in day["items"]}


async def set_item_done(
    db: AsyncSession, user: User, item_id: str, done: bool, today: date, now: datetime
) -> dict[str, Any]:
    """Check an item of the current plan off (or undo it). Idempotent both ways."""
    if item_id not in await _plan_item_ids(db, user, today):
        raise PlanItemNotFound(f"No item {item_id!r} in your current weekly plan.")
    existing = (
        await db.execute(
            select(PlanItemCheck).where(
                PlanItemCheck.user_id == user.id, PlanItemCheck.item_id == item_id
            )
        )
    ).scalar_one_or_none()
    if done and existing is None:
        existing = PlanItemCheck(user_id=user.id, item_id=item_id, done_at=now)
        db.add(existing)
    elif not done and existing is not None:
        await db.execute(delete(PlanItemCheck).where(PlanItemCheck.id == existing.id))
        existing = None
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="plan.item_done" if done else "plan.item_undone",
        target_type="user",
        target_id=user.id,
        details={"item_id": item_id},
    )
    return {
        "item_id": item_id,
        "done": existing is not None,
        "done_at": existing.done_at.isoformat() if existing else None,
    }
