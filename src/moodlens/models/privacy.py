from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, BigIntId, PortableJSON, UUIDPk, utcnow


class ConsentRecord(UUIDPk, Base):
    __tablename__ = "consent_records"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    consent_version: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    client: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserPrivacySettings(Base):
    __tablename__ = "user_privacy_settings"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # None keeps data until the user deletes it.
    retention_days: Mapped[int | None] = mapped_column(Integer)
    recording_default: Mapped[bool] = mapped_column(default=False)
    practice_minutes_per_day: Mapped[int] = mapped_column(Integer, default=20)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SessionRecording(Base):
    """Upload state of a session's optional recording (chunked, resumable). The bytes live in
    storage under `storage_key`; the stored file's size is the truth for the resume offset."""

    __tablename__ = "session_recordings"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    storage_key: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(100))
    bytes_received: Mapped[int] = mapped_column(BigIntId, default=0)
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
