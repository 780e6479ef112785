from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, BigIntId, PortableJSON, utcnow


class PendingJob(Base):
    """A job that could not be handed to Redis when it was enqueued (Redis unreachable): the
    serialized taskiq message, kept until the retry loop (`moodlens.jobs.stream`) sends it.
    Only the Redis mode writes rows; the table is empty whenever Redis is healthy."""

    __tablename__ = "pending_jobs"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(String(64))
    task_name: Mapped[str] = mapped_column(String(100))
    queue_name: Mapped[str] = mapped_column(String(100))
    message: Mapped[bytes] = mapped_column(LargeBinary)
    labels: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
