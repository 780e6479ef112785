"""The practice loop (issue 18): the job a session practises for, and answers given again.

Both belong to the session: deleted with it (foreign keys, walked by the hard delete) and
part of the owner's data export.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, PortableJSON, UUIDPk, utcnow


class JobDescription(UUIDPk, Base):
    """The job description a session practises for, as the candidate gave it, with the
    skills and duties found in it (`coaching.job_match.JobProfile.to_dict()`)."""

    __tablename__ = "job_descriptions"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )
    # "paste", "txt", "pdf" or "docx": how the text arrived.
    source: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    profile_json: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerRetry(UUIDPk, Base):
    """A later attempt at a question that already has its first answer (`responses`).

    Kept apart from `responses` so the session's report, the engine and everything that reads
    "the answer to a question" keep reading the first attempt; retries are compared to it."""

    __tablename__ = "answer_retries"
    __table_args__ = (UniqueConstraint("question_id", "attempt_no"),)

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    # 2 for the first retry (the first attempt is the `responses` row).
    attempt_no: Mapped[int] = mapped_column(Integer)
    transcript_text: Mapped[str] = mapped_column(Text)
    input_mode: Mapped[str] = mapped_column(String(10), default="typed")
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    analysis_json: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
