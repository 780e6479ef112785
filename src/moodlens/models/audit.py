from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, BigIntId, PortableJSON, utcnow


class AuditEntry(Base):
    """Who did what to which data. Ids only, no foreign keys and no personal data, so the
    entry survives the subject's deletion as a pseudonymous record (DESIGN §8)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    actor_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
