"""Sign-in with OpenID Connect providers (authorization code flow with PKCE).

What is checked, and why:
- `state` (stored hashed, single use, 10 minutes) ties the callback to a sign-in we started,
  so a replayed or forged callback is refused;
- the PKCE verifier (S256) makes a stolen code useless to anyone else;
- the ID token's signature against the provider's JWKS, its issuer, audience (our client id;
  `azp` when there are several), expiry, issue time and our `nonce`;
- the discovery document must name the configured issuer (no mix-up between providers).

Accounts: a known (provider, sub) signs in as its user. Otherwise the provider's email is
used only when the provider says it is verified: it links to the existing account with that
email or creates one. An unverified email never links and never creates an account, so
nobody can take over an account by registering its email at a lax provider.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth.schemas import TokenPair, normalise_email
from moodlens.auth.service import _issue
from moodlens.config import OidcProviderSettings, Settings
from moodlens.core.audit import record_audit, record_refusal_audit
from moodlens.core.base import as_utc
from moodlens.core.errors import BadRequest, Conflict, Forbidden, MoodLensError, NotFound
from moodlens.core.must_commit import MustCommitWrite, must_commit
from moodlens.models import OidcLogin, Organization, OrganizationMember, User, UserIdentity

LOGIN_TTL = timedelta(minutes=10)
HTTP_TIMEOUT_S = 10.0
# Clock skew allowed between us and the provider when checking exp/iat.
LEEWAY_S = 60
DISCOVERY_TTL_S = 3600.0
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")
SCOPE = "openid email profile"
CALLBACK_PATH = "/login/oidc/callback"


class UnknownProvider(NotFound):
    """No sign-in provider with this id is configured."""


class ProviderUnavailable(MoodLensError):
    """The provider could not be reached or answered something unusable."""

    status_code = 503


class InvalidSignInState(BadRequest):
    """The sign-in link is unknown, expired or was already used."""


class InvalidIdToken(BadRequest):
    """The provider's ID token failed verification."""


class EmailNotVerified(Forbidden):
    """The provider did not confirm the email, so it cannot sign you in by email."""


class IdentityConflict(Conflict):
    """An account with this email exists and the provider cannot link to it."""


class ProviderRequired(Forbidden):
    """Your institute asks you to sign in with its provider."""


def configured(settings: Settings, provider_id: str) -> OidcProviderSettings:
    for provider in settings.oidc_providers:
        if provider.id == provider_id:
            return provider
    known = ", ".join(p.id for p in settings.oidc_providers) or "none"
    raise UnknownProvider(
        f"No sign-in provider {provider_id!r}; configured: {known}.", field="body.provider"
    )


def provider_list(settings: Settings) -> list[dict[str, str]]:
    return [{"id": p.id, "name": p.name} for p in settings.oidc_providers]


# ---- provider metadata (cached per process) ------------------------------------------------


@dataclass
class _Cached:
    value: dict[str, Any]
    at: float


_discovery: dict[str, _Cached] = {}
_jwks: dict[str, _Cached] = {}


async def _get_json(url: str, what: str, provider: OidcProviderSettings) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_S) as client:
            r = await client.get(url)
        r.raise_for_status()
        data = r.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderUnavailable(
            f"{provider.name} could not be reached for its {what} ({type(exc).__name__}); "
            "try again later or sign in with email and password."
        ) from exc
    if not isinstance(data, dict):
        raise ProviderUnavailable(f"{provider.name} sent an unusable {what}.")
    return data


async def discovery(provider: OidcProviderSettings) -> dict[str, Any]:
    cached = _discovery.get(provider.issuer)
    if cached and time.monotonic() - cached.at < DISCOVERY_TTL_S:
        return cached.value
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    doc = await _get_json(url, "discovery document", provider)
    if doc.get("issuer") != provider.issuer:
        raise ProviderUnavailable(
            f"{provider.name}'s discovery document names issuer {doc.get('issuer')!r}, not "
            f"the configured {provider.issuer!r}; fix MOODLENS_OIDC_PROVIDERS."
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(doc.get(key), str):
            raise ProviderUnavailable(f"{provider.name}'s discovery document has no {key}.")
    _discovery[provider.issuer] = _Cached(doc, time.monotonic())
    return doc


async def _keyset(provider: OidcProviderSettings, refresh: bool) -> KeySet:
    cached = _jwks.get(provider.issuer)
    if refresh or not cached or time.monotonic() - cached.at >= DISCOVERY_TTL_S:
        doc = await discovery(provider)
        cached = _Cached(
            await _get_json(doc["jwks_uri"], "signing keys", provider), time.monotonic()
        )
        _jwks[provider.issuer] = cached
    try:
        return KeySet.import_key_set(cached.value)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError) as exc:
        raise ProviderUnavailable(f"{provider.name}'s signing keys are unusable.") from exc


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


# ---- the flow -------------------------------------------------------------------------------


async def start(
    db: AsyncSession, settings: Settings, provider_id: str, base_url: str, now: datetime
) -> dict[str, str]:
    """Begin a sign-in: the URL to send the browser to, and the state the client keeps to
    check that the callback belongs to this browser."""
    provider = configured(settings, provider_id)
    doc = await discovery(provider)
    state, nonce, verifier = generate_token(43), generate_token(43), generate_token(64)
    redirect_uri = (settings.public_url or base_url).rstrip("/") + CALLBACK_PATH
    # Old rows are useless after their few minutes; clear them as we go.
    await db.execute(delete(OidcLogin).where(OidcLogin.expires_at < now - timedelta(days=1)))
    db.add(
        OidcLogin(
            state_hash=_hash(state),
            provider=provider.id,
            nonce=nonce,
            code_verifier=verifier,
            redirect_uri=redirect_uri,
            created_at=now,
            expires_at=now + LOGIN_TTL,
        )
    )
    await db.flush()
    async with _client(provider, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            doc["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    return {
        "authorization_url": url,
        "state": state,
        "provider": provider.id,
    }


def _client(provider: OidcProviderSettings, redirect_uri: str) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        token_endpoint_auth_method="client_secret_basic",
        redirect_uri=redirect_uri,
        scope=SCOPE,
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT_S,
    )


async def _exchange(
    provider: OidcProviderSettings, doc: dict[str, Any], login: OidcLogin, code: str
) -> dict[str, Any]:
    try:
        async with _client(provider, login.redirect_uri) as client:
            token = await client.fetch_token(
                doc["token_endpoint"], code=code, code_verifier=login.code_verifier
            )
    except httpx.HTTPError as exc:
        raise ProviderUnavailable(
            f"{provider.name} could not be reached to finish signing in ({type(exc).__name__})."
        ) from exc
    except AuthlibBaseError as exc:
        raise InvalidSignInState(
            f"{provider.name} refused the sign-in code ({exc.description or exc.error}); "
            "start signing in again."
        ) from exc
    body = dict(token)
    if not isinstance(body.get("id_token"), str):
        raise InvalidIdToken(f"{provider.name} sent no ID token; it must support OpenID Connect.")
    return body


async def verify_id_token(
    provider: OidcProviderSettings, id_token: str, nonce: str, now: datetime
) -> dict[str, Any]:
    """The ID token's claims once its signature and claims check out (see module doc)."""

    def decode(keys: KeySet) -> dict[str, Any]:
        token = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
        return dict(token.claims)

    try:
        try:
            claims = decode(await _keyset(provider, refresh=False))
        except (JoseError, ValueError):
            # Perhaps a key rotated since we cached the set: fetch it once more, then give up.
            claims = decode(await _keyset(provider, refresh=True))
    except (JoseError, ValueError) as exc:
        raise InvalidIdToken(
            f"The ID token from {provider.name} failed its signature check "
            f"({type(exc).__name__}); sign-in refused."
        ) from exc
    registry = jwt.JWTClaimsRegistry(
        now=int(now.timestamp()),
        leeway=LEEWAY_S,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise InvalidIdToken(
            f"The ID token from {provider.name} is not valid for this sign-in: "
            f"{exc.description or type(exc).__name__}."
        ) from exc
    aud = claims.get("aud")
    if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != provider.client_id:
        raise InvalidIdToken(f"The ID token from {provider.name} was issued to another client.")
    return claims


async def _userinfo(
    provider: OidcProviderSettings, doc: dict[str, Any], access_token: str
) -> dict[str, Any]:
    url = doc.get("userinfo_endpoint")
    if not isinstance(url, str) or not access_token:
        return {}
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_S) as client:
            r = await client.get(url, headers={"Authorization": f"Bearer {access_token}"})
        data = r.json() if r.status_code == 200 else {}
    except (httpx.HTTPError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _state_used(login_id: uuid.UUID, now: datetime) -> MustCommitWrite:
    async def write(db: AsyncSession) -> None:
        await db.execute(update(OidcLogin).where(OidcLogin.id == login_id).values(used_at=now))

    return write


async def finish(
    db: AsyncSession, settings: Settings, state: str, code: str, now: datetime
) -> TokenPair:
    """The callback: check state, exchange the code, verify the ID token, find or create the
    account, and sign in."""
    login = (
        await db.execute(
            select(OidcLogin).where(OidcLogin.state_hash == _hash(state)).with_for_update()
        )
    ).scalar_one_or_none()
    if login is None:
        raise InvalidSignInState(
            "This sign-in link is unknown; start signing in again.", field="body.state"
        )
    if login.used_at is not None:
        raise InvalidSignInState(
            "This sign-in link was already used; start signing in again.", field="body.state"
        )
    if as_utc(login.expires_at) <= now:
        raise InvalidSignInState(
            "This sign-in link expired; start signing in again.", field="body.state"
        )
    # Used even if this callback fails below (bad ID token, unverified email): that error
    # rolls the request back, and the state must not become usable again.
    await must_commit(db, _state_used(login.id, now))
    provider = configured(settings, login.provider)
    doc = await discovery(provider)
    tokens = await _exchange(provider, doc, login, code)
    claims = await verify_id_token(provider, tokens["id_token"], login.nonce, now)
    if "email" not in claims:
        info = await _userinfo(provider, doc, str(tokens.get("access_token") or ""))
        # Userinfo about someone else must never fill in this person's email.
        if info.get("sub") == claims["sub"]:
            claims = {
                **info,
                **claims,
                "email": info.get("email"),
                "email_verified": info.get("email_verified"),
            }
    user = await _account_for(db, provider, claims, now)
    return await _issue(db, settings, user, uuid.uuid4())


async def _account_for(
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
