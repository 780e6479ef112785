"""Shapes of coaches' comments and of the shared-sessions list they comment on."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from moodlens.orgs.schemas import SharedAnswerOut


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=2000)
    t_ms: int | None = Field(
        None, ge=0, description="Pin to this moment: milliseconds from the session start."
    )
    question_id: uuid.UUID | None = Field(None, description="Pin to this answer.")
    parent_id: uuid.UUID | None = Field(
        None, description="Reply to this comment (the reply takes its pin)."
    )


class CommentOut(BaseModel):
    id: uuid.UUID
    parent_id: uuid.UUID | None
    t_ms: int | None
    question_id: uuid.UUID | None
    question_sequence_no: int | None
    body: str
    author_name: str
    author_role: Literal["owner", "admin", "coach", "member"]
    is_mine: bool
    can_delete: bool
    created_at: datetime


class CommentThreadOut(BaseModel):
    session_id: uuid.UUID
    viewer: Literal["member", "staff"]
    organization_name: str | None = Field(description="Set for staff: the org they act for.")
    can_comment: bool = Field(
        description="Staff start comments; the member replies to them (`parent_id`)."
    )
    items: list[CommentOut] = Field(description="Oldest first; replies carry `parent_id`.")


class SharedSessionOut(BaseModel):
    session_id: uuid.UUID
    user_id: uuid.UUID
    member_name: str
    title: str
    ended_at: datetime | None
    length_ms: int = Field(description="Moments to pin comments to run from 0 to this.")
    answers: list[SharedAnswerOut]
    comment_count: int


class SharedSessionListOut(BaseModel):
    organization_id: uuid.UUID
    organization_name: str
    items: list[SharedSessionOut] = Field(description="Newest first, at most 200.")
