"""Shapes of the group (cohort) and assignment endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from moodlens.interview_sessions.schemas import SessionStatus
from moodlens.orgs.schemas import OrgRole, ScoresOut


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GroupIn(_In):
    name: str = Field(min_length=1, max_length=120, description='e.g. "Batch 2027".')


class GroupMembersIn(_In):
    user_ids: list[uuid.UUID] = Field(
        max_length=5000, description="The group's members from now on (replaces the list)."
    )


class GroupOut(BaseModel):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    created_at: datetime
    member_count: int
    member_user_ids: list[uuid.UUID]


class GroupListOut(BaseModel):
    items: list[GroupOut]


class OrgMemberOut(BaseModel):
    user_id: uuid.UUID
    name: str
    role: OrgRole
    joined_at: datetime


class OrgMemberListOut(BaseModel):
    items: list[OrgMemberOut]


class AssignmentIn(_In):
    template_id: uuid.UUID = Field(description="The role, round and difficulty to practise.")
    title: str | None = Field(
        None, max_length=200, description="Shown to members; default: the template's title."
    )
    duration_minutes: Literal[10, 20, 30]
    due_at: datetime = Field(description="Attempts can start until then (with a time zone).")
    max_attempts: int = Field(1, ge=1, le=20)
    camera_required: bool = Field(
        False, description="Members must allow the camera to start it (typed answers still work)."
    )
    group_id: uuid.UUID | None = Field(None, description="Null: the whole institute.")


class AssignmentOut(BaseModel):
    id: uuid.UUID
    organization_id: uuid.UUID
    group_id: uuid.UUID | None
    group_name: str | None
    title: str
    template_id: uuid.UUID
    role_track: str
    round_type: str
    difficulty: str
    template_title: str
    duration_minutes: int
    due_at: datetime
    max_attempts: int
    camera_required: bool
    created_at: datetime


class AssignmentCohortOut(BaseModel):
    members: int = Field(description="Sharing members with a scored attempt (each counted once).")
    averages: ScoresOut = Field(description="Mean of each member's best attempt.")


class AdminAssignmentOut(AssignmentOut):
    status: Literal["open", "closed"]
    assigned_count: int = Field(description="Members the assignment is for.")
    started_count: int
    completed_count: int = Field(description="Members with a completed session from it.")
    sharing_count: int = Field(description="Assignees who share their progress.")
    cohort: AssignmentCohortOut | None = Field(
        description="Null below the threshold of sharing members with a score; see `note`."
    )
    note: str | None


class AdminAssignmentListOut(BaseModel):
    items: list[AdminAssignmentOut]
    threshold: int


class AttemptOut(BaseModel):
    session_id: uuid.UUID
    status: SessionStatus
    started_at: datetime
    overall: float | None = Field(description="Null until the report is built.")


class MyAssignmentOut(AssignmentOut):
    organization_name: str
    attempts_used: int
    attempts_left: int
    status: Literal["open", "completed", "expired", "attempts_used"]
    can_start: bool
    sessions: list[AttemptOut] = Field(description="Your attempts that still exist.")


class MyAssignmentListOut(BaseModel):
    items: list[MyAssignmentOut]


class AssignmentStartIn(_In):
    recording_enabled: bool | None = Field(
        None, description="As for POST /v1/sessions: omitted means your privacy setting."
    )
