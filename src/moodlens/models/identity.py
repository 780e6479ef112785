"""Sign-in through OpenID Connect providers: linked identities, pending logins and
re-authentication proofs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from moodlens.core.base import Base, UUIDPk, utcnow


class UserIdentity(UUIDPk, Base):
    """An account at a provider (its issuer's `sub`) that signs in as this user."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The configured provider id; the issuer is kept too so a re-pointed id cannot match.
    provider: Mapped[str] = mapped_column(String(40))
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class OidcLogin(UUIDPk, Base):
    """One sign-in in flight: what the callback must match (state, nonce, PKCE verifier).

    Only the state's SHA-256 is stored; the row works once (`used_at`) and for minutes."""

    __tablename__ = "oidc_logins"

    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(40))
    nonce: Mapped[str] = mapped_column(String(100))
    code_verifier: Mapped[str] = mapped_column(String(200))
    redirect_uri: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # Set for a re-authentication (confirming a deletion with the provider): only this signed-in
    # user may finish it, and it never signs anyone in. NULL for an ordinary sign-in.
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )


class ReauthProof(UUIDPk, Base):
    """A fresh sign-in at the provider, exchanged for a short-lived single-use proof that stands
    in for the password where an account must confirm who it is (account deletion).

    Only the proof's SHA-256 is stored; it belongs to one user, works once, for minutes."""

    __tablename__ = "reauth_proofs"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
