from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, PortableJSON, StoredStrEnum, UUIDPk, utcnow


class SessionScore(UUIDPk, Base):
    __tablename__ = "session_scores"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )
    overall_score: Mapped[float]
    communication_score: Mapped[float]
    # "Confidence delivery" is the spec's rubric dimension (observable delivery), not a feeling.
    # NULL when it was not measured: a typed-only session has no voice or camera (issue 15).
    confidence_score: Mapped[float | None]
    structure_score: Mapped[float]
    relevance_score: Mapped[float]
    scoring_version: Mapped[str] = mapped_column(String(40))
    summary_json: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    # The whole built report (answers, transcript marks, timeline). Kept apart from
    # summary_json so progress queries over many sessions never load it.
    report_json: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Recommendation(UUIDPk, Base):
    __tablename__ = "recommendations"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    priority: Mapped[str] = mapped_column(String(10))
    dimension: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    action_text: Mapped[str] = mapped_column(Text)


class ExportStatus(StrEnum):
    """pending -> ready | failed; a ready export whose download window closed is expired (shown
    so by privacy/export_access.py, stored so once its file is deleted: privacy/deletion.py)."""

    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"
    EXPIRED = "expired"


class Export(UUIDPk, Base):
    """A generated file: a session's PDF/CSV, or a user's whole-data zip (no session)."""

    __tablename__ = "exports"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    export_type: Mapped[str] = mapped_column(String(10))
    status: Mapped[ExportStatus] = mapped_column(
        StoredStrEnum(ExportStatus, 20), default=ExportStatus.PENDING
    )
    file_url: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
