"""An interview session (table `sessions`) and what happens inside it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, BigIntId, PortableJSON, StoredStrEnum, Timestamps, UUIDPk


class SessionStatus(StrEnum):
    """scheduled -> live -> completed | failed (interview_sessions/service.py)."""

    SCHEDULED = "scheduled"
    LIVE = "live"
    COMPLETED = "completed"
    FAILED = "failed"


class ReportStatus(StrEnum):
    """none -> building -> ready | failed; a retry goes back to building (reports/service.py)."""

    NONE = "none"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


class InterviewSession(UUIDPk, Timestamps, Base):
    __tablename__ = "sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interview_templates.id"))
    status: Mapped[SessionStatus] = mapped_column(
        StoredStrEnum(SessionStatus, 20), default=SessionStatus.SCHEDULED
    )
    duration_minutes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(40))
    content_version: Mapped[str | None] = mapped_column(String(40))
    seed: Mapped[int] = mapped_column(Integer, default=0)
    recording_enabled: Mapped[bool] = mapped_column(default=False)
    recording_url: Mapped[str | None] = mapped_column(String(500))
    # Shared explicitly with the member's organization (DESIGN §8): off by default.
    shared_with_org: Mapped[bool] = mapped_column(default=False)
    report_status: Mapped[ReportStatus] = mapped_column(
        StoredStrEnum(ReportStatus, 20), default=ReportStatus.NONE
    )
    report_error: Mapped[str | None] = mapped_column(Text)
    report_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Soft delete hides the session at once; the hard-delete job removes it later.
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)
    hard_delete_after: Mapped[datetime | None]


class Question(UUIDPk, Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("session_id", "sequence_no"),)

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    sequence_no: Mapped[int] = mapped_column(Integer)
    question_text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))
    bank_question_id: Mapped[str | None] = mapped_column(String(80))
    follow_up_reason: Mapped[str | None] = mapped_column(String(40))
    expected_seconds: Mapped[int] = mapped_column(Integer, default=90)
    difficulty: Mapped[str | None] = mapped_column(String(10))
    asked_at: Mapped[datetime]
    # Practice for a job (issue 18): the job skill or duty this question was chosen for and
    # the terms that evidence it in an answer (`coaching.job_match.JobFocus.to_dict()`).
    job_focus: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)


class Response(UUIDPk, Base):
    __tablename__ = "responses"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    transcript_text: Mapped[str] = mapped_column(Text, default="")
    input_mode: Mapped[str] = mapped_column(String(10), default="voice")
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    # Per-word times, fillers, pauses and speech metrics from the signal pipeline.
    analysis_json: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)


class SignalEvent(Base):
    """About one row per second of session: aggregated live cues, never raw media.

    The spec's `emotion_json` is `face_json` here: facial data is observable behaviour only
    (DESIGN §8, EU AI Act Art. 5(1)(f)); see docs/adr/0002.
    """

    __tablename__ = "signal_events"
    __table_args__ = (UniqueConstraint("session_id", "t_ms"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    ts: Mapped[datetime]
    t_ms: Mapped[int] = mapped_column(Integer)
    face_json: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    attention_score: Mapped[float | None]
    composure_score: Mapped[float | None]
    pace_wpm: Mapped[float | None]
    fillers_count_window: Mapped[int | None] = mapped_column(Integer)
    speaking: Mapped[bool | None]
    volume_dbfs: Mapped[float | None]
