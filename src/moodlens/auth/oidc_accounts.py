"""Which account an OpenID Connect sign-in belongs to, and institutes that require a provider.

A known (provider, issuer, sub) signs in as its user. Otherwise the provider's email is used
only when the provider says it is verified: it links to the existing account with that email or
creates one. An unverified email never links and never creates an account, so nobody can take
over an account by registering its email at a lax provider.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth.schemas import normalise_email
from moodlens.config import OidcProviderSettings, Settings
from moodlens.core.audit import record_audit, record_refusal_audit
from moodlens.core.errors import Conflict, Forbidden
from moodlens.models import Organization, OrganizationMember, User, UserIdentity


class EmailNotVerified(Forbidden):
    """The provider did not confirm the email, so it cannot sign you in by email."""


class IdentityConflict(Conflict):
    """An account with this email exists and the provider cannot link to it."""


class ProviderRequired(Forbidden):
    """Your institute asks you to sign in with its provider."""


async def account_for(
    db: AsyncSession, provider: OidcProviderSettings, claims: dict[str, Any], now: datetime
) -> User:
    subject = str(claims["sub"])
    identity = (
        await db.execute(
            select(UserIdentity).where(
                UserIdentity.provider == provider.id, UserIdentity.subject == subject
            )
        )
    ).scalar_one_or_none()
    if identity is not None and identity.issuer == provider.issuer:
        user = await db.get(User, identity.user_id)
        assert user is not None  # identities cascade with their user
        identity.last_login_at = now
        record_audit(
            db,
            actor_id=user.id,
            action="auth.oidc_login",
            target_type="user",
            target_id=user.id,
            details={"provider": provider.id},
        )
        return user
    raw_email = claims.get("email")
    verified = claims.get("email_verified") is True
    if not isinstance(raw_email, str) or "@" not in raw_email:
        raise EmailNotVerified(
            f"{provider.name} did not share an email address, so no account can be found or "
            "created; allow the email scope at the provider."
        )
    email = normalise_email(raw_email)
    existing = await db.scalar(select(User).where(User.email == email))
    if not verified:
        if existing is not None:
            # The takeover case: whoever controls this provider account may not own the email.
            # The account's owner sees the refused attempt in their activity trail.
            await record_refusal_audit(
                db,
                actor_id=None,
                action="auth.oidc_link_refused",
                target_type="user",
                target_id=existing.id,
                details={"provider": provider.id, "reason": "email_not_verified"},
            )
            raise IdentityConflict(
                f"An account with this email already exists and {provider.name} has not "
                "verified the email, so it cannot sign in to that account. Sign in with your "
                "password instead."
            )
        raise EmailNotVerified(
            f"{provider.name} has not verified your email address; verify it there, or sign "
            "up with email and password."
        )
    if identity is not None:
        # Same id, different issuer (the provider was re-pointed): never reuse the link.
        raise IdentityConflict(
            f"This {provider.name} account was linked through another issuer; ask an "
            "administrator to check the provider configuration."
        )
    created = existing is None
    if existing is None:
        name = claims.get("name")
        existing = User(
            email=email,
            password_hash=None,
            full_name=(
                name.strip() if isinstance(name, str) and name.strip() else email.split("@")[0]
            )[:200],
        )
        db.add(existing)
        await db.flush()
    db.add(
        UserIdentity(
            user_id=existing.id,
            provider=provider.id,
            issuer=provider.issuer,
            subject=subject,
            email=email,
            created_at=now,
            last_login_at=now,
        )
    )
    await db.flush()
    record_audit(
        db,
        actor_id=existing.id,
        action="auth.oidc_signup" if created else "auth.oidc_link",
        target_type="user",
        target_id=existing.id,
        details={"provider": provider.id},
    )
    return existing


# ---- institutes that require their provider -----------------------------------------------


async def required_providers(db: AsyncSession, user_id: Any) -> list[tuple[str, str]]:
    """(organization name, provider id) for each institute that requires this member (not its
    owner) to sign in with its provider."""
    rows = await db.execute(
        select(Organization.name, Organization.required_provider)
        .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
        .where(
            OrganizationMember.user_id == user_id,
            OrganizationMember.member_role != "owner",
            Organization.required_provider.is_not(None),
        )
    )
    return [(name, str(p)) for name, p in rows.all()]


async def refuse_password_login(db: AsyncSession, settings: Settings, user_id: Any) -> None:
    required = await required_providers(db, user_id)
    if not required:
        return
    name, provider_id = required[0]
    label = next((p.name for p in settings.oidc_providers if p.id == provider_id), provider_id)
    raise ProviderRequired(
        f"{name} asks its members to sign in with {label}; use the {label} button instead of "
        "your password."
    )


async def has_identity(db: AsyncSession, user_id: Any, provider_id: str) -> bool:
    found = await db.scalar(
        select(UserIdentity.id).where(
            UserIdentity.user_id == user_id, UserIdentity.provider == provider_id
        )
    )
    return found is not None
