"""`moodlens demo`'s practice history: sessions with built reports that show improvement."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.models import InterviewSession, SessionScore
from moodlens.reports.demo_data import HISTORY, seed_history
from tests.reports import factories

pytestmark = pytest.mark.sqlite


async def test_seeded_history_is_built_and_improves(db: AsyncSession) -> None:
    user = await factories.user(db)
    assert await seed_history(db, user) == len(HISTORY)
    rows = (
        await db.execute(
            select(InterviewSession, SessionScore)
            .join(SessionScore, SessionScore.session_id == InterviewSession.id)
            .where(InterviewSession.user_id == user.id)
            .order_by(InterviewSession.ended_at)
        )
    ).all()
    assert len(rows) == len(HISTORY)
    assert all(s.status == "completed" and s.report_status == "ready" for s, _ in rows)
    overall = [score.overall_score for _, score in rows]
    assert overall == sorted(overall) and overall[-1] - overall[0] > 15
    modes = {a["input_mode"] for _, score in rows for a in score.report_json["answers"]}
    assert modes == {"voice", "typed"}
    assert any(not score.report_json["session"]["has_camera"] for _, score in rows)
