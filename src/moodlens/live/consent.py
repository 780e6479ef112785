"""What a live stream may carry, from the user's consent (docs/live-protocol.md "Consent").

Audio needs the microphone consent and face numbers the camera consent; typed practice needs
neither. Read when a socket connects (and on every reconnect), so a scope withdrawn in
Settings stops that capture from the next connection on; the session's own start already
required the current consent version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moodlens.privacy.service import CAMERA_SCOPE, MICROPHONE_SCOPE, capture_scopes


@dataclass(frozen=True)
class CaptureConsent:
    audio: bool
    face: bool

    @classmethod
    def from_scopes(cls, scopes: frozenset[str]) -> CaptureConsent:
        return cls(audio=MICROPHONE_SCOPE in scopes, face=CAMERA_SCOPE in scopes)

    def as_message(self) -> dict[str, Any]:
        """The `capture` field of the `ready` message: what the server will accept."""
        return {"audio": self.audio, "face": self.face}


NOTHING = CaptureConsent(audio=False, face=False)

REFUSAL = {
    "audio": "Audio needs the microphone consent, which you have not given: the audio was "
    "not used. Allow the microphone in Settings, or answer by typing.",
    "face": "Face numbers need the camera consent, which you have not given: they were not "
    "stored. Allow the camera in Settings, or practise without camera cues.",
}


async def load_capture_consent(
    maker: async_sessionmaker[AsyncSession], user_id: uuid.UUID
) -> CaptureConsent:
    async with maker() as db:
        return CaptureConsent.from_scopes(await capture_scopes(db, user_id))
