"""The practice loop's endpoints (issue 18): a job to practise for, retries, talking points."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile, status

from moodlens.core.deps import CurrentUser, DbSession, RateLimiterDep
from moodlens.core.errors import PayloadTooLarge, TooManyRequests, error_responses
from moodlens.core.uploads import safe_suffix
from moodlens.interview_sessions.clock import ClockDep
from moodlens.interview_sessions.gate import SessionNotFound
from moodlens.interview_templates.deps import SyncedContent
from moodlens.practice import attempts, documents, errors, job_service, retries
from moodlens.practice.progress import practice_progress
from moodlens.practice.schemas import (
    ExtractedJobText,
    JobDescriptionIn,
    JobDescriptionOut,
    PracticeOut,
    PracticeProgressOut,
    QuestionAttemptsOut,
    RetryIn,
    TalkingPointsOut,
)

router = APIRouter(tags=["practice"])

EXTRACTS_PER_HOUR = 60
SPOKEN_RETRIES_PER_HOUR = 60
_NOT_FOUND = SessionNotFound.openapi()
_RETRY_CONFLICT = error_responses(
    errors.NotAnsweredYet,
    errors.RetryNotAllowed,
    shared={
        409: "NotAnsweredYet (answer it first) or RetryNotAllowed (session scheduled or "
        "failed, or the retry limit reached).",
    },
)
_UNREADABLE = {
    **documents.UnreadableJobDescription.openapi(),
    **documents.JobDescriptionTooLarge.openapi(),
}


@router.post(
    "/v1/job-descriptions/extract",
    response_model=ExtractedJobText,
    operation_id="job_descriptions_extract",
    responses={**_UNREADABLE, **TooManyRequests.openapi()},
)
async def extract_job_description(
    file: Annotated[UploadFile, File(description="The job description: .txt, .pdf or .docx")],
    user: CurrentUser,
    limiter: RateLimiterDep,
) -> ExtractedJobText:
    """Read an uploaded job description's text and the skills and duties it names, to show
    before the session is created. Nothing is stored: set it on the session afterwards."""
    wait = await limiter.hit(f"jd-extract:{user.id}", EXTRACTS_PER_HOUR, 3600)
    if wait:
        raise TooManyRequests("You have uploaded many files this hour; try again later.", wait)
    data = await file.read(documents.MAX_FILE_BYTES + 1)
    return await job_service.extract_upload(data, file.filename, file.content_type)


@router.put(
    "/v1/sessions/{session_id}/job-description",
    response_model=JobDescriptionOut,
    operation_id="sessions_put_job_description",
    responses={**_NOT_FOUND, **_UNREADABLE, **job_service.JobDescriptionLocked.openapi()},
)
async def put_job_description(
    session_id: uuid.UUID, body: JobDescriptionIn, db: DbSession, user: CurrentUser
) -> JobDescriptionOut:
    """Practise this session for a job: its questions are chosen and worded toward the
    skills and duties the text names, and the report shows which of them the answers
    covered. Only before the session starts. The text is kept with the session, is part of
    the data export and is deleted with the session."""
    return await job_service.put_job_description(db, user, session_id, body)


@router.get(
    "/v1/sessions/{session_id}/job-description",
    response_model=JobDescriptionOut,
    operation_id="sessions_get_job_description",
    responses={**_NOT_FOUND, **job_service.NoJobDescription.openapi()},
)
async def get_job_description(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser
) -> JobDescriptionOut:
    """The job description this session practises for (404 when it has none)."""
    return await job_service.get_job_description(db, user, session_id)


@router.post(
    "/v1/sessions/{session_id}/questions/{question_id}/retries",
    status_code=status.HTTP_201_CREATED,
    response_model=QuestionAttemptsOut,
    operation_id="sessions_retry_answer",
    responses={**_NOT_FOUND, **_RETRY_CONFLICT, **errors.InvalidRetryTiming.openapi()},
)
async def retry_answer(
    session_id: uuid.UUID,
    question_id: uuid.UUID,
    body: RetryIn,
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
) -> QuestionAttemptsOut:
    """Answer an answered question again, typed (spoken: `.../retries/audio`). The new
    attempt is scored like the first and returned beside the earlier ones with what changed.
    Allowed during the session and after it ended; the report keeps scoring the first
    attempt."""
    return await retries.add_retry(db, user, content, session_id, question_id, body)


@router.post(
    "/v1/sessions/{session_id}/questions/{question_id}/retries/audio",
    status_code=status.HTTP_201_CREATED,
    response_model=QuestionAttemptsOut,
    operation_id="sessions_retry_answer_spoken",
    responses={
        **_NOT_FOUND,
        **_RETRY_CONFLICT,
        **error_responses(
            errors.MicrophoneConsentRequired,
            errors.NothingRecognised,
            shared={
                422: "UnusableAudio (empty, not audio, silent, longer than 10 minutes) or "
                "NothingRecognised (no words in it); the message says what to do.",
            },
        ),
        **retries.RecognitionBusy.openapi(),
        **PayloadTooLarge.openapi(),
        **TooManyRequests.openapi(),
    },
)
async def retry_answer_spoken(
    request: Request,
    session_id: uuid.UUID,
    question_id: uuid.UUID,
    file: Annotated[
        UploadFile, File(description="The new answer, recorded: WebM/OGG/WAV/FLAC/MP3")
    ],
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
    limiter: RateLimiterDep,
    clock: ClockDep,
) -> QuestionAttemptsOut:
    """Answer an answered question again by voice (needs the microphone consent). The
    recording is analysed like an uploaded answer (pace, fillers, pauses, voice variety),
    its transcript scored like every attempt, and the attempt returned beside the earlier
    ones with what changed. The audio is not kept, only what was measured."""
    wait = await limiter.hit(f"retry-audio:{user.id}", SPOKEN_RETRIES_PER_HOUR, 3600)
    if wait:
        raise TooManyRequests("You have recorded many retries this hour; try again later.", wait)
    data = await file.read(retries.MAX_SPOKEN_RETRY_BYTES + 1)
    return await retries.add_spoken_retry(
        db,
        user,
        content,
        session_id,
        question_id,
        data=data,
        suffix=safe_suffix(file.filename),
        pool=request.app.state.asr_pool,
        clock=clock,
    )


@router.get(
    "/v1/sessions/{session_id}/questions/{question_id}/talking-points",
    response_model=TalkingPointsOut,
    operation_id="sessions_talking_points",
    responses={**_NOT_FOUND, **errors.NotAnsweredYet.openapi()},
)
async def talking_points(
    session_id: uuid.UUID,
    question_id: uuid.UUID,
    db: DbSession,
    user: CurrentUser,
    content: SyncedContent,
) -> TalkingPointsOut:
    """The points a strong answer covers (from the question bank and the job), ticked and
    quoted where an attempt made them. 409 until the question has an answer: shown before,
    they would script the first attempt."""
    return await attempts.question_talking_points(db, user, content, session_id, question_id)


@router.get(
    "/v1/sessions/{session_id}/practice",
    response_model=PracticeOut,
    operation_id="sessions_practice",
    responses=_NOT_FOUND,
)
async def practice(
    session_id: uuid.UUID, db: DbSession, user: CurrentUser, content: SyncedContent
) -> PracticeOut:
    """Each answered question's attempts (the first and its retries) with the best one, the
    retry count and the best-attempt average, and, for a session practising for a job,
    which of the job's skills the answers covered (quoted) and which never came up."""
    return await attempts.practice_summary(db, user, content, session_id)


@router.get(
    "/v1/users/me/practice",
    response_model=PracticeProgressOut,
    operation_id="users_me_practice",
)
async def my_practice(
    db: DbSession, user: CurrentUser, content: SyncedContent
) -> PracticeProgressOut:
    """Progress of the practice loop: per session answered again, the number of retries and
    the first- and best-attempt averages (the best attempt of each question counts)."""
    return await practice_progress(db, user, content)
