from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile

from moodlens.audio_analysis import service
from moodlens.core.deps import CurrentUser, RateLimiterDep, SettingsDep
from moodlens.core.errors import PayloadTooLarge, TooManyRequests
from moodlens.core.uploads import safe_suffix

router = APIRouter(prefix="/v1/analyze", tags=["analysis"])

UPLOADS_PER_HOUR = 30


@router.post(
    "/audio",
    operation_id="analyze_audio",
    responses={
        **service.UnusableAudio.openapi(),
        **service.RecognitionBusy.openapi(),
        **PayloadTooLarge.openapi(),
        **TooManyRequests.openapi(),
    },
)
async def analyze_audio(
    request: Request,
    file: Annotated[UploadFile, File(description="One recorded answer: WAV/FLAC/OGG/MP3/WebM")],
    user: CurrentUser,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> dict[str, Any]:
    """Analyse a recording of an interview answer: transcript, words with times, pace,
    fillers, pauses. Same JSON as `moodlens analyze-audio --json`. Nothing is stored."""
    wait = await limiter.hit(f"analyze:{user.id}", UPLOADS_PER_HOUR, 3600)
    if wait:
        raise TooManyRequests("You have analysed many recordings this hour; try again later.", wait)
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"The recording exceeds {settings.max_upload_bytes} bytes.")
    return await service.analyze_upload(
        data, safe_suffix(file.filename), request.app.state.asr_pool, settings.analyze_max_seconds
    )
