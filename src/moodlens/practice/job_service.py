"""Storing the job description a session practises for, and reading it back."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.job_match import JobProfile, extract_profile
from moodlens.core.audit import record_audit
from moodlens.core.base import utcnow
from moodlens.core.errors import Conflict, NotFound
from moodlens.interview_sessions.gate import get_owned_session
from moodlens.models import JobDescription, User
from moodlens.practice import documents
from moodlens.practice.schemas import ExtractedJobText, JobDescriptionIn, JobDescriptionOut


class NoJobDescription(NotFound):
    """This session does not practise for a job description."""


class JobDescriptionLocked(Conflict):
    """The session has started: its questions already follow (or ignore) the job."""


class NoSkillsFound(documents.UnreadableJobDescription):
    """The text names no skill or duty the practice could be steered toward."""


def profile_out(profile: JobProfile) -> dict[str, Any]:
    return {
        "skills": [s.to_dict() for s in profile.skills],
        "duties": [{"phrase": d.phrase, "skills": list(d.skills)} for d in profile.duties],
    }


def _profile(text: str) -> JobProfile:
    profile = extract_profile(text)
    if not profile.skills and not profile.duties:
        raise NoSkillsFound(
            "No skills or duties could be found in this text. Paste the posting's "
            "responsibilities and requirements.",
            field="body.text",
        )
    return profile


async def extract_upload(
    data: bytes, filename: str | None, content_type: str | None
) -> ExtractedJobText:
    """An uploaded file's text and what it names; nothing is stored."""
    source = documents.source_for(filename, content_type)
    # Parsing a PDF or DOCX is CPU work: off the event loop.
    text = await asyncio.to_thread(documents.extract_text, data, source)
    profile = _profile(text)
    return ExtractedJobText.model_validate(
        {"text": text, "source": source, "filename": filename, "profile": profile_out(profile)}
    )


def _out(row: JobDescription) -> JobDescriptionOut:
    return JobDescriptionOut.model_validate(
        {
            "text": row.text,
            "source": row.source,
            "filename": row.filename,
            "profile": profile_out(JobProfile.from_dict(row.profile_json)),
            "created_at": row.created_at,
        }
    )


async def put_job_description(
    db: AsyncSession, user: User, session_id: uuid.UUID, body: JobDescriptionIn
) -> JobDescriptionOut:
    """Set (or replace) the job a scheduled session practises for."""
    session = await get_owned_session(db, user, session_id, for_update=True)
    if session.status != "scheduled":
        raise JobDescriptionLocked(
            f"The session is {session.status}: a job description can only be set before it "
            "starts. Create a new session to practise for this job."
        )
    text = documents.check_text(body.text)
    profile = _profile(text)
    row = await db.scalar(select(JobDescription).where(JobDescription.session_id == session.id))
    if row is None:
        row = JobDescription(session_id=session.id)
        db.add(row)
    row.text = text
    row.source = body.source
    row.filename = body.filename
    row.profile_json = profile.to_dict()
    row.created_at = utcnow()
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="session.job_description",
        target_type="session",
        target_id=session.id,
        # Sizes only: the text itself stays with the session.
        details={"source": body.source, "chars": len(text), "skills": len(profile.skills)},
    )
    return _out(row)


async def get_job_description(
    db: AsyncSession, user: User, session_id: uuid.UUID
) -> JobDescriptionOut:
    session = await get_owned_session(db, user, session_id)
    row = await db.scalar(select(JobDescription).where(JobDescription.session_id == session.id))
    if row is None:
        raise NoJobDescription("This session does not practise for a job description.")
    return _out(row)
