from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, PortableJSON, UUIDPk


class InterviewTemplate(UUIDPk, Base):
    """A role x round x difficulty combination, synced from the versioned content files."""

    __tablename__ = "interview_templates"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    role_track: Mapped[str] = mapped_column(String(30), index=True)
    round_type: Mapped[str] = mapped_column(String(30), index=True)
    difficulty: Mapped[str] = mapped_column(String(10), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(500), default="")
    content_version: Mapped[str] = mapped_column(String(40))
    config_json: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
