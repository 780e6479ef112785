"""Sign-in with OpenID Connect providers (authorization code flow with PKCE).

What is checked, and why:
- `state` (stored hashed, single use, 10 minutes) ties the callback to a sign-in we started,
  so a replayed or forged callback is refused;
- the PKCE verifier (S256) makes a stolen code useless to anyone else;
- the ID token's signature against the provider's JWKS, its issuer, audience (our client id;
  `azp` when there are several), expiry, issue time and our `nonce`;
- the discovery document must name the configured issuer (no mix-up between providers).

Which account a sign-in belongs to is decided in `oidc_accounts`; re-authentication (a fresh
sign-in that confirms an account deletion) in `reauth`. Both reuse this flow.
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

from moodlens.auth.oidc_accounts import account_for
from moodlens.auth.schemas import TokenPair
from moodlens.auth.service import _issue
from moodlens.config import OidcProviderSettings, Settings
from moodlens.core.errors import BadRequest, MoodLensError, NotFound
from moodlens.core.must_commit import MustCommitWrite, must_commit
from moodlens.models import OidcLogin

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


@dataclass(frozen=True)
class Started:
    authorization_url: str
    state: str
    provider: str


async def begin(
    db: AsyncSession,
    settings: Settings,
    provider_id: str,
    base_url: str,
    now: datetime,
    *,
    reauth_user_id: uuid.UUID | None = None,
) -> Started:
    """Store a login in flight and build the provider URL. With `reauth_user_id` it is a
    re-authentication: only that user may finish it, and the provider is asked to make the
    person sign in again now (`prompt=login`, `max_age=0`) whatever session it already has."""
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
            user_id=reauth_user_id,
        )
    )
    await db.flush()
    fresh: dict[str, str] = {} if reauth_user_id is None else {"prompt": "login", "max_age": "0"}
    async with _client(provider, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            doc["authorization_endpoint"],
            state=state,
            nonce=nonce,
            code_verifier=verifier,
            **fresh,
        )
    return Started(authorization_url=url, state=state, provider=provider.id)


async def start(
    db: AsyncSession, settings: Settings, provider_id: str, base_url: str, now: datetime
) -> dict[str, str]:
    """Begin a sign-in: the URL to send the browser to, and the state the client keeps to
    check that the callback belongs to this browser."""
    started = await begin(db, settings, provider_id, base_url, now)
    return {
        "authorization_url": started.authorization_url,
        "state": started.state,
        "provider": started.provider,
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


async def claim_login(
    db: AsyncSession, state: str, now: datetime, reauth_user_id: uuid.UUID | None
) -> OidcLogin:
    """The login this callback's state belongs to, marked used. A sign-in state cannot finish
    a re-authentication nor the reverse, and a re-authentication only for the user who began
    it (that refusal does not use the state up: it was not theirs to spend)."""
    login = (
        await db.execute(
            select(OidcLogin).where(OidcLogin.state_hash == _hash(state)).with_for_update()
        )
    ).scalar_one_or_none()
    if login is None or (login.user_id is None) != (reauth_user_id is None):
        raise InvalidSignInState(
            "This sign-in link is unknown; start signing in again.", field="body.state"
        )
    if login.user_id != reauth_user_id:
        raise InvalidSignInState(
            "This confirmation was started by another account; start it again from your "
            "own settings.",
            field="body.state",
        )
    if login.used_at is not None:
        raise InvalidSignInState(
            "This sign-in link was already used; start signing in again.", field="body.state"
        )
    if login.expires_at <= now:
        raise InvalidSignInState(
            "This sign-in link expired; start signing in again.", field="body.state"
        )
    # Used even if this callback fails below (bad ID token, unverified email): that error
    # rolls the request back, and the state must not become usable again.
    await must_commit(db, _state_used(login.id, now))
    return login


async def verified_claims(
    settings: Settings, login: OidcLogin, code: str, now: datetime
) -> tuple[OidcProviderSettings, dict[str, Any]]:
    """Exchange the code (with the PKCE verifier) and verify the ID token; the email comes
    from userinfo when the ID token has none."""
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
    return provider, claims


async def finish(
    db: AsyncSession, settings: Settings, state: str, code: str, now: datetime
) -> TokenPair:
    """The callback: check state, exchange the code, verify the ID token, find or create the
    account, and sign in."""
    login = await claim_login(db, state, now, reauth_user_id=None)
    provider, claims = await verified_claims(settings, login, code, now)
    user = await account_for(db, provider, claims, now)
    return await _issue(db, settings, user, uuid.uuid4())
