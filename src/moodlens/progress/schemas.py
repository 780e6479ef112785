"""Shapes of the progress, insights and plan check-off endpoints."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from moodlens.reports.schemas import ScoreDeltaOut

DimensionKey = Literal["communication", "confidence", "structure", "relevance"]
TrendKey = Literal["overall", "communication", "confidence", "structure", "relevance"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class TrendPointOut(BaseModel):
    session_id: uuid.UUID
    ended_at: str
    score: float


class TrendOut(BaseModel):
    points: list[TrendPointOut] = Field(description="One per session, oldest first.")
    slope_per_session: float = Field(description="Least-squares change per session, recent 10.")
    direction: Literal["improving", "declining", "steady"]


class WeekCountOut(BaseModel):
    week_start: str = Field(description="Monday of the ISO week.")
    count: int


class ProgressSessionOut(BaseModel):
    session_id: uuid.UUID
    ended_at: str
    title: str
    role: str
    round_type: str
    overall: float
    dimensions: dict[DimensionKey, float]


class LatestComparisonOut(_Open):
    available: bool
    previous_session_id: uuid.UUID | None
    overall: ScoreDeltaOut | None = None
    dimensions: dict[DimensionKey, ScoreDeltaOut] | None = None


class ProgressOut(_Open):
    session_count: int
    labels: dict[DimensionKey, str] = Field(description="Show these, not the keys.")
    trends: dict[TrendKey, TrendOut] = Field(description="Empty before the first session.")
    sessions_per_week: list[WeekCountOut] = Field(description="Including empty weeks.")
    avg_sessions_per_week_4w: float
    improvement_after_3: dict[TrendKey, float] | None = Field(
        description="Session 3 minus session 1, per score; null before three sessions."
    )
    improvement_since_first: dict[TrendKey, float] | None = Field(
        description="Latest minus first session; null before two sessions."
    )
    versions: list[str] = Field(description="Scoring versions behind these scores.")
    sessions: list[ProgressSessionOut]
    latest_comparison: LatestComparisonOut | None


class WeakAreaOut(BaseModel):
    dimension: DimensionKey
    label: str
    score: float = Field(description="Recency-weighted mean: recent sessions count more.")


class PlanItemOut(_Open):
    id: str = Field(description="Stable while the plan stays the same; use it to check off.")
    drill_id: str
    title: str
    dimension: str
    minutes: int
    how: list[str]
    done: bool
    done_at: str | None


class PlanDayOut(BaseModel):
    date: str
    total_minutes: int
    items: list[PlanItemOut]


class WeeklyPlanOut(_Open):
    start: str
    today: str
    daily_minutes: int
    focus: list[DimensionKey]
    focus_labels: list[str]
    days: list[PlanDayOut]
    drills_version: str
    done_count: int
    item_count: int


class InsightsOut(BaseModel):
    session_count: int
    latest_session_id: uuid.UUID | None
    daily_minutes: int = Field(description="From privacy settings practice_minutes_per_day.")
    weak_areas: list[WeakAreaOut] = Field(description="Weakest first.")
    weekly_plan: WeeklyPlanOut | None = Field(description="Null before the first session.")


class PlanItemDoneOut(BaseModel):
    item_id: str
    done: bool
    done_at: str | None
