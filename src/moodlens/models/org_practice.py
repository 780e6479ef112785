"""An institute's groups (cohorts) and the practice it assigns to them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, UUIDPk, utcnow


class OrgGroup(UUIDPk, Base):
    """A cohort inside an institute (e.g. "Batch 2027"); cohort figures apply per group."""

    __tablename__ = "org_groups"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OrgGroupMember(UUIDPk, Base):
    """Points at the membership, not the user: leaving the institute leaves its groups too."""

    __tablename__ = "org_group_members"
    __table_args__ = (UniqueConstraint("group_id", "member_id"),)

    group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("org_groups.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization_members.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(UUIDPk, Base):
    """A practice an admin assigns to the whole institute (group_id null) or one group."""

    __tablename__ = "assignments"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("org_groups.id", ondelete="CASCADE"), index=True
    )
    # The admin's account may go; the assignment stays with the institute.
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # A template is one role x round x difficulty.
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interview_templates.id"))
    title: Mapped[str] = mapped_column(String(200))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime]
    max_attempts: Mapped[int] = mapped_column(Integer, default=1)
    camera_required: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssignmentAttempt(UUIDPk, Base):
    """One start of an assignment. Deleting the session keeps the attempt (session_id null),
    so deleting a poor attempt frees no extra attempt; the row holds no content."""

    __tablename__ = "assignment_attempts"

    assignment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
