"""Progress-domain state that is not derived from sessions: weekly-plan check-offs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, UUIDPk, utcnow


class PlanItemCheck(UUIDPk, Base):
    """A weekly-plan item the user marked done. Plan items are regenerated deterministically
    (their ids carry the day and the drill), so a check stays attached to its item for as
    long as the plan keeps it."""

    __tablename__ = "plan_item_checks"
    __table_args__ = (UniqueConstraint("user_id", "item_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(160))
    done_at: Mapped[datetime] = mapped_column(default=utcnow)
