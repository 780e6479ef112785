from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, UUIDPk, utcnow


class Organization(UUIDPk, Base):
    __tablename__ = "organizations"

    name: Mapped[str] = mapped_column(String(200))
    plan_tier: Mapped[str] = mapped_column(String(20), default="free")
    # A configured OIDC provider id: members must sign in with it (not with a password).
    required_provider: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OrganizationMember(UUIDPk, Base):
    __tablename__ = "organization_members"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    member_role: Mapped[str] = mapped_column(String(20), default="member")
    # Admins see a member's scores only after the member agreed (DESIGN §8).
    shares_progress: Mapped[bool] = mapped_column(default=False)
    # Who on the institute's staff sees what this member shares: "all_staff" (every owner,
    # admin and coach) or "chosen" (only those in member_staff_grants). ADR 0013.
    staff_visibility: Mapped[str] = mapped_column(
        String(20), default="all_staff", server_default="all_staff"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MemberStaffGrant(UUIDPk, Base):
    """One staff member a member chose to see what they share (with `staff_visibility` =
    "chosen"). Both ends are memberships, so either leaving the institute ends the grant."""

    __tablename__ = "member_staff_grants"
    __table_args__ = (UniqueConstraint("member_id", "staff_member_id"),)

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization_members.id", ondelete="CASCADE"), index=True
    )
    staff_member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization_members.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OrganizationInvite(UUIDPk, Base):
    """A join code: only its SHA-256 is stored, so a database leak cannot be used to join.

    Codes carry about 60 random bits and expire, so a fast hash is enough (as for refresh
    tokens). Deleting the organization deletes its codes."""

    __tablename__ = "organization_invites"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_role: Mapped[str] = mapped_column(String(20), default="member")
    expires_at: Mapped[datetime]
    # None: any number of people may join with the code until it expires (a class code).
    max_uses: Mapped[int | None] = mapped_column(Integer)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
