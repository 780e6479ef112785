"""Shapes of the organization (institute) endpoints: membership, invites, sharing choices, the
admin cohort dashboard and a member's sessions as an admin sees them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from moodlens.reports.schemas import DimensionKey

# Coaches comment on sessions members shared; they do not administer the organization.
OrgRole = Literal["owner", "admin", "coach", "member"]
ScoreKey = Literal["overall", "communication", "confidence", "structure", "relevance"]
TrendDirection = Literal["improving", "declining", "steady"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrgCreateIn(_In):
    name: str = Field(min_length=1, max_length=200, description="Shown to members who join.")


class OrgOut(BaseModel):
    id: uuid.UUID
    name: str
    plan_tier: str
    required_provider: str | None = Field(
        description="Members must sign in with this provider (an id from /v1/auth/providers)."
    )
    created_at: datetime
    my_role: OrgRole
    shares_progress: bool = Field(description="Whether you share your progress with this org.")
    member_count: int
    joined_at: datetime


class OrgListOut(BaseModel):
    items: list[OrgOut]


class InviteIn(_In):
    role: Literal["member", "coach", "admin"] = Field(
        "member",
        description="Role given to whoever joins; only the owner may invite admins. Coaches "
        "comment on sessions members share, and see nothing else.",
    )
    expires_in_days: int = Field(7, ge=1, le=30)
    max_uses: int | None = Field(
        None, ge=1, le=1000, description="Null: anyone with the code may join until it expires."
    )


class InviteOut(BaseModel):
    code: str = Field(description="Shown once: only a hash is stored. Share it with the cohort.")
    organization_id: uuid.UUID
    role: Literal["member", "coach", "admin"]
    expires_at: datetime
    max_uses: int | None


class JoinIn(_In):
    code: str = Field(min_length=4, max_length=40, description="Dashes and case do not matter.")


class MembershipIn(_In):
    shares_progress: bool = Field(
        description="Let the organization's owner and admins see your scores and progress. "
        "Transcripts and face cues stay private unless you share a session explicitly."
    )


class MembershipOut(BaseModel):
    organization_id: uuid.UUID
    organization_name: str
    role: OrgRole
    shares_progress: bool
    joined_at: datetime


class SessionShareIn(_In):
    shared_with_org: bool
    organization_id: uuid.UUID | None = Field(
        None,
        description="Which of your organizations may see this session's answers; needed only "
        "when you belong to more than one.",
    )


class SessionShareOut(BaseModel):
    session_id: uuid.UUID
    shared_with_org: bool
    organization_id: uuid.UUID | None
    visible_to_admins: bool = Field(
        description="True while the session is shared and you share your progress with that "
        "organization; admins need both to see its answers."
    )


# ---- dashboard ----------------------------------------------------------------------------


class ScoresOut(BaseModel):
    overall: float
    communication: float
    confidence: float | None = Field(
        default=None,
        description="Delivery; null when not measured (typed answers have no voice or camera), "
        "and then left out of the overall and of every average.",
    )
    structure: float
    relevance: float


class DistributionBinOut(BaseModel):
    start: int = Field(description="Inclusive lower edge (0-100).")
    end: int = Field(description="Upper edge; exclusive except for the last bin (100).")
    count: int = Field(description="Members whose average score falls in this bin.")


class WeekCountOut(BaseModel):
    week_start: str = Field(description="Monday of the ISO week.")
    count: int


class ImprovementOut(BaseModel):
    members: int = Field(description="Sharing members with three or more scored sessions.")
    change: ScoresOut = Field(description="Mean of (session 3 - session 1) over those members.")


class WeakDimensionOut(BaseModel):
    dimension: DimensionKey
    label: str
    score: float


class AttentionOut(BaseModel):
    user_id: uuid.UUID
    name: str
    weakest: WeakDimensionOut
    reasons: list[str] = Field(description="Why this member is listed, in plain words.")


class CohortOut(BaseModel):
    members_with_scores: int
    session_count: int = Field(description="Completed sessions of sharing members.")
    averages: ScoresOut | None = Field(
        description="Mean of each member's average (every member counts once); null while "
        "fewer than the threshold have a scored session."
    )
    weakest_dimension: WeakDimensionOut | None
    distribution: dict[ScoreKey, list[DistributionBinOut]] | None = Field(
        description="Members' average scores in 10-point bins; null like `averages`."
    )
    sessions_per_week: list[WeekCountOut] = Field(description="The last 8 weeks, oldest first.")
    improvement_after_3: ImprovementOut | None
    needs_attention: list[AttentionOut]
    notes: list[str] = Field(description="Why a figure above is missing, in plain words.")


class MemberRowOut(BaseModel):
    user_id: uuid.UUID
    name: str
    role: OrgRole
    session_count: int
    scored_count: int
    last_session_at: datetime | None
    latest: ScoresOut | None
    average: ScoresOut | None
    trend: TrendDirection | None = Field(description="Overall score trend; null below 2.")
    weakest: WeakDimensionOut | None


class DashboardOut(BaseModel):
    organization_id: uuid.UUID
    organization_name: str
    group_id: uuid.UUID | None = Field(
        description="Set when the figures are for one group; the threshold applies to it."
    )
    group_name: str | None
    my_role: OrgRole
    member_count: int
    sharing_count: int
    threshold: int = Field(description="Cohort figures need at least this many sharing members.")
    cohort: CohortOut | None = Field(description="Null below the threshold; see `message`.")
    message: str | None = Field(description="Set when cohort figures are withheld.")
    labels: dict[DimensionKey, str] = Field(description="Show these, not the keys.")
    members: list[MemberRowOut] = Field(description="Members who share their progress only.")


# ---- one member's sessions ----------------------------------------------------------------


class SharedAnswerOut(BaseModel):
    question_id: uuid.UUID = Field(description="Pin a coach's comment to this answer.")
    sequence_no: int
    question_text: str
    transcript: str
    input_mode: str


class SharedDetailOut(BaseModel):
    summary_text: str | None
    answers: list[SharedAnswerOut]
    metrics: dict[str, float | None] = Field(
        description="Speech numbers and face cues (observable behaviour only: facing the "
        "camera, steadiness, face in view). Do not over-interpret."
    )


class MemberSessionOut(BaseModel):
    session_id: uuid.UUID
    title: str
    role_track: str
    round_type: str
    ended_at: datetime | None
    shared_with_org: bool = Field(description="The member shared this session's answers.")
    scores: ScoresOut | None = Field(description="Null while the report is not built.")
    shared: SharedDetailOut | None = Field(
        description="Answers and cues; only for sessions the member shared explicitly."
    )


class MemberSessionsOut(BaseModel):
    organization_id: uuid.UUID
    user_id: uuid.UUID
    name: str
    labels: dict[DimensionKey, str]
    sessions: list[MemberSessionOut] = Field(description="Newest first.")
