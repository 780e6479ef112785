"""Privacy test data: a user with every kind of row and file the product stores."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import utcnow
from moodlens.core.security import hash_refresh_token
from moodlens.core.storage import Storage
from moodlens.models import (
    ConsentRecord,
    Export,
    ExportStatus,
    InterviewSession,
    InterviewTemplate,
    Organization,
    OrganizationMember,
    PlanItemCheck,
    Question,
    Recommendation,
    RefreshToken,
    Response,
    SessionRecording,
    SessionScore,
    SignalEvent,
    User,
    UserPrivacySettings,
)
from moodlens.privacy import storage_keys
from moodlens.privacy.consent_text import current_consent

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def consent(
    db: AsyncSession, user: User, *, recording: bool = False, version: str | None = None
) -> ConsentRecord:
    text = current_consent()
    # Camera and microphone, as a candidate practising spoken answers with camera cues.
    capture = {"camera", "microphone"}
    scopes = sorted(text.required_scope_ids | capture | ({"recording"} if recording else set()))
    record = ConsentRecord(
        user_id=user.id,
        consent_version=version or text.version,
        scopes=scopes,
        client="pytest",
    )
    db.add(record)
    await db.flush()
    return record


async def template(db: AsyncSession) -> InterviewTemplate:
    row = InterviewTemplate(
        slug=f"privacy-test-{secrets.token_hex(4)}",
        role_track="sde",
        round_type="behavioral",
        difficulty="medium",
        title="Privacy test template",
        content_version="test",
    )
    db.add(row)
    await db.flush()
    return row


async def session(
    db: AsyncSession,
    user: User,
    *,
    created_at: datetime = T0,
    recording_enabled: bool = False,
    organization: Organization | None = None,
) -> InterviewSession:
    tpl = await template(db)
    row = InterviewSession(
        user_id=user.id,
        organization_id=organization.id if organization else None,
        template_id=tpl.id,
        status="completed",
        duration_minutes=20,
        started_at=created_at,
        ended_at=created_at + timedelta(minutes=20),
        consent_version=current_consent().version,
        recording_enabled=recording_enabled,
        created_at=created_at,
        updated_at=created_at,
    )
    db.add(row)
    await db.flush()
    return row


@dataclass
class FullSession:
    session: InterviewSession
    files: list[str] = field(default_factory=list)
    transcript: str = ""


async def full_session(
    db: AsyncSession,
    storage: Storage,
    user: User,
    *,
    created_at: datetime = T0,
    organization: Organization | None = None,
) -> FullSession:
    """A completed session with a row in every session table and its files in storage."""
    s = await session(
        db, user, created_at=created_at, recording_enabled=True, organization=organization
    )
    transcript = f"I led the migration project {secrets.token_hex(3)} with four people"
    q = Question(
        session_id=s.id,
        sequence_no=1,
        question_text="Tell me about a project you led.",
        source="template",
        asked_at=created_at,
    )
    db.add(q)
    await db.flush()
    db.add(
        Response(
            session_id=s.id,
            question_id=q.id,
            transcript_text=transcript,
            started_at=created_at,
            ended_at=created_at + timedelta(seconds=60),
            analysis_json={"words": 11, "fillers": {"um": 1}},
        )
    )
    for i in range(3):
        db.add(
            SignalEvent(
                session_id=s.id,
                ts=created_at + timedelta(seconds=i),
                t_ms=i * 1000,
                face_json={"face_in_view": 1.0, "gaze_on_camera": 0.8},
                attention_score=0.9,
                composure_score=0.7,
                pace_wpm=140.0,
                fillers_count_window=i,
                speaking=True,
                volume_dbfs=-20.5,
            )
        )
    db.add(
        SessionScore(
            session_id=s.id,
            overall_score=71.0,
            communication_score=70.0,
            confidence_score=72.0,
            structure_score=69.0,
            relevance_score=75.0,
            scoring_version="test",
            summary_json={"strengths": ["clear structure"]},
        )
    )
    db.add(
        Recommendation(
            session_id=s.id,
            priority="high",
            dimension="structure",
            title="Use STAR",
            action_text="Open with the situation in one sentence.",
        )
    )
    rec_key = storage_keys.recording_key(user.id, s.id)
    storage.write(rec_key, b"\x1a\x45\xdf\xa3 fake webm " + s.id.bytes)
    db.add(
        SessionRecording(
            session_id=s.id,
            storage_key=rec_key,
            content_type="video/webm",
            bytes_received=storage.size(rec_key),
            completed_at=created_at,
        )
    )
    s.recording_url = f"/v1/sessions/{s.id}/recording"
    pdf = Export(
        id=uuid.uuid4(),
        user_id=user.id,
        session_id=s.id,
        export_type="pdf",
        status=ExportStatus.READY,
        created_at=created_at,
        expires_at=utcnow() + timedelta(hours=24),
    )
    pdf.file_url = storage_keys.export_key(user.id, pdf.id, "pdf", s.id)
    storage.write(pdf.file_url, b"%PDF-1.4 fake")
    db.add(pdf)
    await db.flush()
    return FullSession(session=s, files=[rec_key, pdf.file_url], transcript=transcript)


@dataclass
class FullUser:
    user: User
    sessions: list[FullSession]
    organization: Organization
    files: list[str]


async def full_user(db: AsyncSession, storage: Storage, user: User) -> FullUser:
    """Everything an account can own: consents, settings, tokens, an org membership, two
    sessions (one shared with the org), a weekly-plan check-off, a whole-data export file."""
    await consent(db, user, recording=True)
    db.add(UserPrivacySettings(user_id=user.id, retention_days=90, recording_default=True))
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=uuid.uuid4(),
            token_hash=hash_refresh_token(secrets.token_urlsafe(16)),
            expires_at=utcnow() + timedelta(days=30),
        )
    )
    org = Organization(name=f"Bootcamp {secrets.token_hex(2)}")
    db.add(org)
    await db.flush()
    db.add(OrganizationMember(organization_id=org.id, user_id=user.id, shares_progress=True))
    first = await full_session(db, storage, user, organization=org)
    second = await full_session(db, storage, user, created_at=T0 + timedelta(days=1))
    db.add(
        PlanItemCheck(
            user_id=user.id, item_id="2026-03-02-0-star-story", done_at=T0 + timedelta(hours=2)
        )
    )
    zip_export = Export(
        id=uuid.uuid4(), user_id=user.id, export_type="zip", status=ExportStatus.READY
    )
    zip_export.file_url = storage_keys.export_key(user.id, zip_export.id, "zip")
    storage.write(zip_export.file_url, b"PK fake zip")
    db.add(zip_export)
    await db.flush()
    files = [*first.files, *second.files, zip_export.file_url]
    return FullUser(user=user, sessions=[first, second], organization=org, files=files)


async def quick_user(
    db: AsyncSession, *, full_name: str = "Test Candidate", role: str = "candidate"
) -> User:
    """A user without a password: argon2 costs about a second per hash on the shared cores,
    and most privacy tests authenticate with tokens only."""
    user = User(
        email=f"user-{secrets.token_hex(4)}@example.com",
        password_hash=None,
        full_name=full_name,
        role=role,
    )
    db.add(user)
    await db.flush()
    return user
