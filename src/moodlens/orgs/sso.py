"""An institute may require its members to sign in with its OpenID Connect provider."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from moodlens.auth import oidc
from moodlens.core.audit import record_audit
from moodlens.core.deps import CurrentUser, DbSession, SettingsDep
from moodlens.orgs import access, membership
from moodlens.orgs.schemas import OrgOut

router = APIRouter(tags=["orgs"])


class SignInPolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required_provider: str | None = Field(
        description="A provider id from /v1/auth/providers, or null to allow passwords again."
    )


@router.put(
    "/v1/orgs/{org_id}/sign-in",
    response_model=OrgOut,
    operation_id="orgs_set_sign_in",
    responses={
        **access.OrgNotFound.openapi(),
        **membership.OwnerRequired.openapi(),
        **oidc.UnknownProvider.openapi(),
    },
)
async def set_sign_in(
    org_id: uuid.UUID,
    body: SignInPolicyIn,
    db: DbSession,
    user: CurrentUser,
    settings: SettingsDep,
) -> Any:
    """Require members (not the owner) to sign in with the institute's provider: their
    password sign-in is refused and joining needs an account linked to that provider."""
    org, me = await access.membership(db, org_id, user)
    if me.member_role != "owner":
        raise membership.OwnerRequired(
            f"Only the owner of {org.name} can change how members sign in."
        )
    if body.required_provider is not None:
        oidc.configured(settings, body.required_provider)
    org.required_provider = body.required_provider
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="org.sign_in_policy",
        target_type="organization",
        target_id=org.id,
        details={"required_provider": body.required_provider},
    )
    return membership.org_out(org, me, await membership.member_count(db, org.id))
