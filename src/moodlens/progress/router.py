"""Progress across sessions, insights with the weekly plan, and plan check-offs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from moodlens.core.base import utcnow
from moodlens.core.deps import CurrentUser, DbSession
from moodlens.progress import service
from moodlens.progress.schemas import InsightsOut, PlanItemDoneOut, ProgressOut

router = APIRouter(prefix="/v1/users/me", tags=["progress"])

ItemId = Annotated[str, Path(min_length=1, max_length=160, description="A plan item's `id`.")]


@router.get("/progress", response_model=ProgressOut, operation_id="progress_get")
async def get_progress(db: DbSession, user: CurrentUser) -> Any:
    """Trends per dimension and overall across your scored sessions (oldest first), sessions
    per week, the change from session 1 to session 3 (`improvement_after_3`) and since the
    first, and the latest session against the one before. Deleted sessions never count."""
    return await service.get_progress(db, user, utcnow().date())


@router.get("/insights", response_model=InsightsOut, operation_id="progress_insights")
async def get_insights(db: DbSession, user: CurrentUser) -> Any:
    """Weak areas (recent sessions weigh more) and a 7-day plan of drills sized to your daily
    practice time (privacy settings `practice_minutes_per_day`). The plan is regenerated from
    your sessions on every call: it changes when a new session lands, and stays the same
    (with your check-offs) otherwise. The last day ends with a short mock interview."""
    return await service.get_insights(db, user, utcnow().date())


@router.post(
    "/plan/items/{item_id}/done",
    response_model=PlanItemDoneOut,
    operation_id="plan_item_done",
    responses=service.PlanItemNotFound.openapi(),
)
async def mark_done(db: DbSession, user: CurrentUser, item_id: ItemId) -> Any:
    """Check a plan item off (idempotent)."""
    now = utcnow()
    return await service.set_item_done(db, user, item_id, True, now.date(), now)


@router.delete(
    "/plan/items/{item_id}/done",
    response_model=PlanItemDoneOut,
    operation_id="plan_item_undone",
    responses=service.PlanItemNotFound.openapi(),
)
async def mark_undone(db: DbSession, user: CurrentUser, item_id: ItemId) -> Any:
    """Undo a check-off (idempotent)."""
    now = utcnow()
    return await service.set_item_done(db, user, item_id, False, now.date(), now)
