from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status

from moodlens.auth import oidc, oidc_accounts, reauth, service
from moodlens.auth.schemas import (
    LoginIn,
    OidcCallbackIn,
    OidcStartIn,
    OidcStartOut,
    ProviderListOut,
    ReauthFinishIn,
    ReauthMethodsOut,
    ReauthProofOut,
    ReauthStartIn,
    RefreshIn,
    SignupIn,
    TokenPair,
)
from moodlens.config import Settings
from moodlens.core.base import utcnow
from moodlens.core.deps import CurrentUser, DbSession, RateLimiterDep, SettingsDep
from moodlens.core.errors import TooManyRequests, error_responses
from moodlens.core.ratelimit import RateLimitStoreUnavailable, client_address, parse_networks

router = APIRouter(prefix="/v1/auth", tags=["auth"])


def _client(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return client_address(request, parse_networks(settings.trusted_proxies))


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenPair,
    operation_id="auth_signup",
    responses={**service.SignupRejected.openapi(), **service.WeakPassword.openapi()},
)
async def signup(body: SignupIn, db: DbSession, settings: SettingsDep) -> TokenPair:
    """Create an account and sign in. Passwords need 10+ characters and must not be common."""
    return await service.signup(db, settings, body.email, body.password, body.full_name)


@router.post(
    "/login",
    response_model=TokenPair,
    operation_id="auth_login",
    responses={
        **service.InvalidCredentials.openapi(),
        **TooManyRequests.openapi(),
        **RateLimitStoreUnavailable.openapi(),
        **oidc_accounts.ProviderRequired.openapi(),
    },
)
async def login(
    body: LoginIn, request: Request, db: DbSession, settings: SettingsDep, limiter: RateLimiterDep
) -> TokenPair:
    """Sign in with email and password; rate-limited per account and per client address.
    Members of an institute that requires its provider sign in with that provider instead."""
    pair = await service.login(db, settings, limiter, body.email, body.password, _client(request))
    # Refused after the password check, so the answer tells nothing to someone without it;
    # the refusal rolls back the refresh token just issued.
    await oidc_accounts.refuse_password_login(db, settings, pair.user.id)
    return pair


@router.post(
    "/refresh",
    response_model=TokenPair,
    operation_id="auth_refresh",
    responses=service.InvalidRefreshToken.openapi(),
)
async def refresh(body: RefreshIn, db: DbSession, settings: SettingsDep) -> TokenPair:
    """Exchange a refresh token for a new pair. Each refresh token works once."""
    return await service.refresh(db, settings, body.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="auth_logout")
async def logout(body: RefreshIn, db: DbSession) -> None:
    """End this sign-in: the refresh token and every token rotated from it stop working."""
    await service.logout(db, body.refresh_token)


@router.get("/providers", response_model=ProviderListOut, operation_id="auth_providers")
async def providers(settings: SettingsDep) -> Any:
    """Sign-in providers (OpenID Connect) configured on this server, for the sign-in page."""
    return {"items": oidc.provider_list(settings)}


@router.post(
    "/oidc/start",
    response_model=OidcStartOut,
    operation_id="auth_oidc_start",
    responses={
        **oidc.UnknownProvider.openapi(),
        **oidc.ProviderUnavailable.openapi(),
        **TooManyRequests.openapi(),
    },
)
async def oidc_start(
    body: OidcStartIn,
    request: Request,
    db: DbSession,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> Any:
    """Begin signing in with a provider: send the browser to `authorization_url`. The
    provider returns it to /login/oidc/callback with `code` and `state`."""
    # Unauthenticated and it stores a row: limited per client address like password logins.
    wait = await limiter.hit(
        f"oidc:start:{_client(request)}",
        settings.login_attempts_per_client,
        settings.login_window_seconds,
    )
    if wait:
        raise TooManyRequests("Too many sign-in attempts from this address; try again later.", wait)
    return await oidc.start(db, settings, body.provider, str(request.base_url), utcnow())


@router.post(
    "/oidc/callback",
    response_model=TokenPair,
    operation_id="auth_oidc_callback",
    responses=error_responses(
        oidc.InvalidSignInState,
        oidc.InvalidIdToken,
        oidc_accounts.EmailNotVerified,
        oidc_accounts.IdentityConflict,
        oidc.ProviderUnavailable,
        shared={
            400: "InvalidSignInState (unknown, expired or reused state; code refused) or "
            "InvalidIdToken (signature, issuer, audience, expiry or nonce wrong).",
            403: "EmailNotVerified: the provider did not verify the email.",
        },
    ),
)
async def oidc_callback(body: OidcCallbackIn, db: DbSession, settings: SettingsDep) -> TokenPair:
    """Finish signing in with a provider. A new provider account with a verified email links
    to the account with that email, or creates one; an unverified email never does."""
    return await oidc.finish(db, settings, body.state, body.code, utcnow())


# ---- re-authentication with a provider (instead of a password) ------------------------------


@router.get("/reauth/methods", response_model=ReauthMethodsOut, operation_id="auth_reauth_methods")
async def reauth_methods(db: DbSession, settings: SettingsDep, user: CurrentUser) -> Any:
    """How this account confirms it is itself before something irreversible (deleting it):
    its password, or a fresh sign-in at a provider it is linked to."""
    return await reauth.methods(db, settings, user)


@router.post(
    "/reauth/oidc/start",
    response_model=OidcStartOut,
    operation_id="auth_reauth_oidc_start",
    responses={
        **reauth.NoLinkedIdentity.openapi(),
        **oidc.UnknownProvider.openapi(),
        **oidc.ProviderUnavailable.openapi(),
    },
)
async def reauth_oidc_start(
    body: ReauthStartIn, request: Request, db: DbSession, settings: SettingsDep, user: CurrentUser
) -> Any:
    """Begin confirming with a linked provider: send the browser to `authorization_url`; the
    provider asks the person to sign in again and returns to /login/oidc/callback."""
    return await reauth.start(db, settings, user, body.provider, str(request.base_url), utcnow())


@router.post(
    "/reauth/oidc/finish",
    response_model=ReauthProofOut,
    operation_id="auth_reauth_oidc_finish",
    responses=error_responses(
        oidc.InvalidSignInState,
        oidc.InvalidIdToken,
        reauth.ReauthMismatch,
        oidc.ProviderUnavailable,
        shared={
            400: "InvalidSignInState (unknown, expired, reused or another account's state; "
            "code refused) or InvalidIdToken.",
        },
    ),
)
async def reauth_oidc_finish(
    body: ReauthFinishIn, db: DbSession, settings: SettingsDep, user: CurrentUser
) -> Any:
    """Finish confirming: the provider's fresh sign-in (checked against this account's linked
    identity) becomes a proof that works once, for 5 minutes, in place of the password."""
    return await reauth.finish(db, settings, user, body.state, body.code, utcnow())
