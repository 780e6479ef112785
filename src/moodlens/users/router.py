from __future__ import annotations

from fastapi import APIRouter

from moodlens.auth.schemas import UserOut
from moodlens.core.deps import CurrentUser

router = APIRouter(prefix="/v1/users", tags=["users"])


@router.get("/me", response_model=UserOut, operation_id="users_me")
async def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)
