from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ConsentScopeOut(BaseModel):
    id: str
    label: str
    description: str
    required: bool


class ConsentTextOut(BaseModel):
    version: str
    text: str
    scopes: list[ConsentScopeOut]


class ConsentIn(BaseModel):
    consent_version: str = Field(min_length=1, max_length=40)
    scopes: list[str] = Field(max_length=20, description="Scope ids, e.g. camera, microphone.")


class ConsentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    consent_version: str
    scopes: list[str]
    client: str | None
    created_at: datetime
    current: bool = Field(description="True when this is the current consent version.")


class ConsentListOut(BaseModel):
    current_version: str
    has_current: bool = Field(
        description="Whether the user accepted the current version (sessions need it)."
    )
    items: list[ConsentOut]


RetentionDays = Literal[30, 90, 365] | None


class PrivacySettingsIn(BaseModel):
    retention_days: RetentionDays = Field(
        description="Delete sessions this many days after they happened; null keeps them "
        "until you delete them."
    )
    recording_default: bool = Field(
        False, description="Turn recording on for new sessions (needs the recording consent)."
    )
    practice_minutes_per_day: int = Field(20, ge=5, le=240)


class PrivacySettingsOut(BaseModel):
    retention_days: int | None
    recording_default: bool
    practice_minutes_per_day: int
    chosen: bool = Field(description="False until the user chose at onboarding.")
    retention_choices: list[int | None] = [30, 90, 365, None]


class DeleteAccountIn(BaseModel):
    """Confirm with the password, or (accounts made through a provider have none) with the
    proof of a fresh provider sign-in from /v1/auth/reauth/oidc/finish; exactly one of them."""

    password: str | None = Field(default=None, min_length=1, max_length=256)
    reauth_proof: str | None = Field(default=None, min_length=10, max_length=200)

    @model_validator(mode="after")
    def _one_confirmation(self) -> DeleteAccountIn:
        if (self.password is None) == (self.reauth_proof is None):
            raise ValueError("Confirm with either your password or a provider confirmation.")
        return self


class ExportOut(BaseModel):
    export_id: uuid.UUID
    export_type: str
    status: Literal["pending", "ready", "failed", "expired"] | str
    session_id: uuid.UUID | None
    created_at: datetime
    expires_at: datetime | None
    download_url: str | None = Field(description="Authenticated download while it is ready.")
    error: str | None


class ExportListOut(BaseModel):
    items: list[ExportOut]


class RecordingStatusOut(BaseModel):
    session_id: uuid.UUID
    recording_enabled: bool
    bytes_received: int
    complete: bool
    content_type: str | None
    max_bytes: int
    playback_url: str | None


class RecordingCompleteIn(BaseModel):
    total_bytes: int | None = Field(
        None, ge=1, description="Size the client sent; a mismatch is a 409 with Upload-Offset."
    )


class PurgeOut(BaseModel):
    session_id: uuid.UUID
    hard_delete_after: datetime


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    actor_id: uuid.UUID | None
    action: str
    target_type: str
    target_id: str | None
    request_id: str | None
    details: dict[str, Any]
    created_at: datetime
