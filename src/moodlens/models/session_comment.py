"""Coaches' comments on a session a member shared, and the member's replies."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, UUIDPk, utcnow


class SessionComment(UUIDPk, Base):
    """Part of the member's session: deleted with it and in the member's export. A top-level
    comment is pinned to a moment (`t_ms`) or one answer (`question_id`); a reply has a
    `parent_id` and inherits its parent's pin."""

    __tablename__ = "session_comments"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    # The organization the comment was made through; its deletion keeps the member's copy.
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    # A coach who deletes their account leaves their comments to the member, unsigned.
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_role: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("session_comments.id", ondelete="CASCADE"), index=True
    )
    t_ms: Mapped[int | None] = mapped_column(Integer)
    question_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE")
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
