from __future__ import annotations

from fastapi import APIRouter, Request, status

from moodlens.auth import service
from moodlens.auth.schemas import LoginIn, RefreshIn, SignupIn, TokenPair
from moodlens.config import Settings
from moodlens.core.deps import DbSession, RateLimiterDep, SettingsDep
from moodlens.core.errors import NotImplementedYet, TooManyRequests
from moodlens.core.ratelimit import client_address, parse_networks

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
    responses={**service.InvalidCredentials.openapi(), **TooManyRequests.openapi()},
)
async def login(
    body: LoginIn, request: Request, db: DbSession, settings: SettingsDep, limiter: RateLimiterDep
) -> TokenPair:
    """Sign in with email and password; rate-limited per account and per client address."""
    return await service.login(db, settings, limiter, body.email, body.password, _client(request))


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


@router.post("/oauth", operation_id="auth_oauth", responses=NotImplementedYet.openapi())
async def oauth() -> None:
    """OAuth/OIDC sign-in is planned (Authlib) but not available in this release."""
    raise NotImplementedYet(
        "Sign-in with an external provider is not available yet; use email and password."
    )
