from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, PortableJSON, UUIDPk, utcnow


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
