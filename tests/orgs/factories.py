"""Organization test data: members and sessions with chosen scores, so cohort figures can be
checked against averages computed by hand."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import utcnow
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    Organization,
    OrganizationMember,
    Question,
    Response,
    SessionScore,
    User,
)

# overall, communication, confidence, structure, relevance
Scores = tuple[float, float, float, float, float]


async def user(db: AsyncSession, name: str = "Org Tester") -> User:
    """A user without a password: hashing one costs about a second on these machines."""
    row = User(email=f"org-{secrets.token_hex(4)}@example.com", full_name=name)
    db.add(row)
    await db.flush()
    return row


async def org(db: AsyncSession, owner: User, name: str = "Test Institute") -> Organization:
    row = Organization(name=name)
    db.add(row)
    await db.flush()
    db.add(OrganizationMember(organization_id=row.id, user_id=owner.id, member_role="owner"))
    await db.flush()
    return row


async def member(
    db: AsyncSession,
    organization: Organization,
    name: str = "Member",
    *,
    role: str = "member",
    shares: bool = True,
) -> User:
    row = await user(db, name)
    db.add(
        OrganizationMember(
            organization_id=organization.id,
            user_id=row.id,
            member_role=role,
            shares_progress=shares,
        )
    )
    await db.flush()
    return row


async def _template(db: AsyncSession) -> InterviewTemplate:
    row = InterviewTemplate(
        slug=f"orgs-test-{secrets.token_hex(4)}",
        role_track="sde",
        round_type="behavioral",
        difficulty="medium",
        title="Behavioral round",
        content_version="test",
    )
    db.add(row)
    await db.flush()
    return row


async def scored_session(
    db: AsyncSession,
    owner: User,
    scores: Scores | None,
    *,
    ended_at: datetime | None = None,
    transcript: str | None = None,
    organization: Organization | None = None,
    shared: bool = False,
) -> InterviewSession:
    """A completed session; `scores` None means its report is not built."""
    ended = ended_at or utcnow() - timedelta(days=1)
    tpl = await _template(db)
    session = InterviewSession(
        user_id=owner.id,
        organization_id=organization.id if organization else None,
        template_id=tpl.id,
        status="completed",
        duration_minutes=20,
        started_at=ended - timedelta(minutes=20),
        ended_at=ended,
        shared_with_org=shared,
        created_at=ended - timedelta(minutes=21),
        updated_at=ended,
    )
    db.add(session)
    await db.flush()
    q = Question(
        session_id=session.id,
        sequence_no=1,
        question_text="Tell me about a project you led.",
        source="template",
        asked_at=ended - timedelta(minutes=19),
    )
    db.add(q)
    await db.flush()
    db.add(
        Response(
            session_id=session.id,
            question_id=q.id,
            transcript_text=transcript or f"I led project {secrets.token_hex(4)}",
            started_at=ended - timedelta(minutes=18),
            ended_at=ended - timedelta(minutes=17),
        )
    )
    if scores is not None:
        overall, comm, conf, struct, rel = scores
        db.add(
            SessionScore(
                session_id=session.id,
                overall_score=overall,
                communication_score=comm,
                confidence_score=conf,
                structure_score=struct,
                relevance_score=rel,
                scoring_version="test",
                summary_json={
                    "summary_text": "Clear answers with a measurable result.",
                    "metrics": {"wpm": 141.0, "attention": 82.5, "face_seen_ratio": 0.97},
                },
            )
        )
    await db.flush()
    return session
