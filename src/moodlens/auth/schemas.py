from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator


def normalise_email(value: str) -> str:
    return value.strip().lower()


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str
    role: str
    created_at: datetime


class SignupIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)
    full_name: str = Field(min_length=1, max_length=200)

    _norm = field_validator("email", mode="after")(normalise_email)

    @field_validator("full_name")
    @classmethod
    def _strip_name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("Enter your name.")
        return v


class LoginIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)

    _norm = field_validator("email", mode="after")(normalise_email)


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires")
    user: UserOut


class ProviderOut(BaseModel):
    id: str
    name: str = Field(description="Show this on the sign-in button.")


class ProviderListOut(BaseModel):
    items: list[ProviderOut]


class OidcStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: str = Field(min_length=1, max_length=40, description="A provider id from the list.")


class OidcStartOut(BaseModel):
    authorization_url: str = Field(description="Send the browser here.")
    state: str = Field(
        description="Keep it (e.g. sessionStorage) and check the callback carries the same."
    )
    provider: str


class OidcCallbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: str = Field(min_length=10, max_length=200)
    code: str = Field(min_length=1, max_length=2000)


class ReauthMethodsOut(BaseModel):
    password: bool = Field(description="The account has a password it can confirm with.")
    providers: list[ProviderOut] = Field(
        description="Linked providers it can confirm with instead (a fresh sign-in there)."
    )


class ReauthStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: str = Field(min_length=1, max_length=40, description="A linked provider's id.")


class ReauthFinishIn(OidcCallbackIn):
    pass


class ReauthProofOut(BaseModel):
    reauth_proof: str = Field(
        description="Send it instead of the password (e.g. to DELETE /v1/users/me); works once."
    )
    provider: str
    expires_at: datetime
