from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, Self

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator

from moodlens.coaching.content import Difficulty, Role, RoundType

SessionStatus = Literal["scheduled", "live", "completed", "failed"]
QuestionSource = Literal["template", "ai_followup"]
InputMode = Literal["voice", "typed"]

# Bounds for one typed answer: long enough for a rambling 5-minute answer (about 150 wpm),
# short enough that a pasted document is refused.
MAX_TRANSCRIPT_CHARS = 20_000


class SessionCreate(BaseModel):
    template_id: uuid.UUID
    duration_minutes: Literal[10, 20, 30]
    recording_enabled: bool | None = Field(
        None,
        description="Keep a recording of this session. Omitted: the user's privacy setting "
        "(off unless they turned it on). Needs the optional 'recording' consent scope.",
    )


class TemplateSummary(BaseModel):
    id: uuid.UUID
    slug: str
    title: str
    role_track: Role
    round_type: RoundType
    difficulty: Difficulty


class SessionOut(BaseModel):
    id: uuid.UUID
    status: SessionStatus
    template: TemplateSummary
    duration_minutes: int
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    time_left_s: int | None = Field(
        description="Seconds left in the time budget while live; null before start and after end."
    )
    recording_enabled: bool
    content_version: str | None
    consent_version: str | None
    report_status: str


class ResponseOut(BaseModel):
    id: uuid.UUID
    question_id: uuid.UUID
    transcript_text: str
    input_mode: InputMode
    started_at: datetime | None
    ended_at: datetime | None
    analysis: dict[str, Any] = Field(
        description="Signal metrics (voice answers) and the answer analysis used by the engine."
    )


class QuestionOut(BaseModel):
    id: uuid.UUID
    sequence_no: int
    question_text: str
    source: QuestionSource
    follow_up_reason: str | None
    expected_seconds: int
    difficulty: Difficulty | None
    asked_at: datetime
    response: ResponseOut | None


class SessionDetail(SessionOut):
    questions: list[QuestionOut]


class NextQuestionOut(BaseModel):
    id: uuid.UUID
    sequence_no: int
    question_text: str
    source: QuestionSource
    follow_up_reason: str | None = Field(
        description="The gap a follow-up probes (e.g. 'missing_result'); null for main questions."
    )
    expected_seconds: int = Field(description="Target answer length.")
    time_left_s: int = Field(description="Seconds left in the session's time budget.")


class TypedAnswerIn(BaseModel):
    """A typed answer: its text and when it was typed. The room's answers (ResponseIn) and
    the practice loop's typed retries share it, so both check the same way."""

    transcript_text: str = Field(min_length=1, max_length=MAX_TRANSCRIPT_CHARS)
    started_at: AwareDatetime
    ended_at: AwareDatetime

    @field_validator("transcript_text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("Type an answer (it is empty).")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.ended_at < self.started_at:
            raise ValueError("ended_at must not be before started_at")
        return self


class ResponseIn(TypedAnswerIn):
    question_id: uuid.UUID
