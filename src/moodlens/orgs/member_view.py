"""One member's sessions as an institute's owner or admin sees them: scores of every completed
session once the member shares their progress (and lets this viewer see it), answers and cues
only of the sessions the member shared with this organization. Every view is audited."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.scoring import load_config
from moodlens.core.errors import Forbidden, NotFound
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    OrganizationMember,
    Question,
    Response,
    SessionScore,
    SessionStatus,
    User,
)
from moodlens.orgs import access
from moodlens.orgs.schemas import (
    MemberSessionOut,
    MemberSessionsOut,
    ScoresOut,
    SharedAnswerOut,
    SharedDetailOut,
)
from moodlens.privacy.service import record_member_data_view, visible_sessions

log = logging.getLogger(__name__)


class MemberNotFound(NotFound):
    """This person is not a member of the organization."""


class MemberNotSharing(Forbidden):
    """The member has not agreed to share their progress with the organization."""


async def member_sessions(
    db: AsyncSession, user: User, org_id: uuid.UUID, member_id: uuid.UUID
) -> MemberSessionsOut:
    org, me = await access.require_admin(db, org_id, user, "see members' sessions")
    row = (
        await db.execute(
            select(OrganizationMember, User.full_name)
            .join(User, User.id == OrganizationMember.user_id)
            .where(
                OrganizationMember.organization_id == org.id,
                OrganizationMember.user_id == member_id,
            )
        )
    ).first()
    if row is None:
        raise MemberNotFound(f"No member with id {member_id} in {org.name}.")
    member, name = row
    if not member.shares_progress:
        raise MemberNotSharing(
            f"{name} has not agreed to share their progress with {org.name}, so their "
            "sessions and scores stay private. Members turn sharing on themselves."
        )
    if not await access.sees(db, me, member):
        raise MemberNotSharing(
            f"{name} has chosen which staff of {org.name} see what they share, and you are "
            "not among them, so their sessions and scores stay private to you."
        )
    sessions = (
        await db.execute(
            select(
                InterviewSession,
                InterviewTemplate.title,
                InterviewTemplate.role_track,
                InterviewTemplate.round_type,
                SessionScore,
            )
            .join(InterviewTemplate, InterviewTemplate.id == InterviewSession.template_id)
            .outerjoin(SessionScore, SessionScore.session_id == InterviewSession.id)
            .where(
                InterviewSession.user_id == member_id,
                InterviewSession.status == SessionStatus.COMPLETED,
                InterviewSession.ended_at.is_not(None),
                visible_sessions(),
            )
            .order_by(InterviewSession.ended_at.desc(), InterviewSession.id)
        )
    ).all()
    # Shared with this organization, not with any org the member belongs to.
    shared_ids = [s.id for s, *_ in sessions if s.shared_with_org and s.organization_id == org.id]
    answers = await shared_answers(db, shared_ids)
    record_member_data_view(
        db,
        admin_id=user.id,
        member_id=member_id,
        resource="member_sessions",
        organization_id=org.id,
    )
    out = []
    for session, title, role_track, round_type, score in sessions:
        shared = session.id in answers
        if shared:
            record_member_data_view(
                db,
                admin_id=user.id,
                member_id=member_id,
                resource="shared_session",
                session_id=session.id,
                organization_id=org.id,
            )
        out.append(
            MemberSessionOut(
                session_id=session.id,
                title=title,
                role_track=role_track,
                round_type=round_type,
                ended_at=session.ended_at,
                shared_with_org=shared,
                scores=_scores(score) if score is not None else None,
                shared=_shared_detail(score, answers[session.id]) if shared else None,
            )
        )
    return MemberSessionsOut(
        organization_id=org.id,
        user_id=member_id,
        name=name,
        labels=dict(load_config().labels),
        sessions=out,
    )


def _scores(score: SessionScore) -> ScoresOut:
    return ScoresOut(
        overall=score.overall_score,
        communication=score.communication_score,
        confidence=score.confidence_score,
        structure=score.structure_score,
        relevance=score.relevance_score,
    )


def _shared_detail(score: SessionScore | None, answers: list[SharedAnswerOut]) -> SharedDetailOut:
    summary = _readable_summary(score)
    text = summary.get("summary_text")
    if text is not None and not isinstance(text, str):
        _log_unreadable(score, f"summary_text is a {type(text).__name__}, not text")
        text = None
    metrics = summary.get("metrics") or {}
    if not isinstance(metrics, dict):
        _log_unreadable(score, f"metrics is a {type(metrics).__name__}, not an object")
        metrics = {}
    return SharedDetailOut(
        summary_text=text,
        answers=answers,
        metrics={
            str(k): (None if v is None else float(v))
            for k, v in metrics.items()
            if v is None or isinstance(v, int | float)
        },
    )


def _readable_summary(score: SessionScore | None) -> dict[str, Any]:
    """The stored summary, or {} (logged) when it is not a JSON object. An unreadable part
    of one row answered 500 for the member's whole session list; now that part is left out
    and the session's answers and scores still show."""
    if score is None:
        return {}
    summary = score.summary_json
    if not isinstance(summary, dict):
        _log_unreadable(score, f"summary is a {type(summary).__name__}, not an object")
        return {}
    return summary


def _log_unreadable(score: SessionScore | None, reason: str) -> None:
    session_id = str(score.session_id) if score is not None else None
    # Which session, so its report can be rebuilt.
    log.warning(
        "stored summary part left out of the member view: session %s: %s",
        session_id,
        reason,
        extra={"fields": {"session_id": session_id, "reason": reason}},
    )


async def shared_answers(
    db: AsyncSession, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SharedAnswerOut]]:
    """The questions and answers of shared sessions, in order, per session."""
    out: dict[uuid.UUID, list[SharedAnswerOut]] = {sid: [] for sid in session_ids}
    if not session_ids:
        return out
    rows = await db.execute(
        select(
            Question.session_id,
            Question.id,
            Question.sequence_no,
            Question.question_text,
            Response.transcript_text,
            Response.input_mode,
        )
        .join(Response, Response.question_id == Question.id)
        .where(Question.session_id.in_(list(session_ids)))
        .order_by(Question.session_id, Question.sequence_no, Response.started_at)
    )
    for sid, qid, seq, question, transcript, mode in rows.all():
        out[sid].append(
            SharedAnswerOut(
                question_id=qid,
                sequence_no=seq,
                question_text=question,
                transcript=transcript,
                input_mode=mode,
            )
        )
    return out
