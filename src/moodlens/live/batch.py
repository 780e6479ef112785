"""Face windows a client buffered offline, merged into `signal_events`."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.errors import Conflict, MoodLensError
from moodlens.live.schemas import FaceWindowIn, SignalBatchOut
from moodlens.live.signal_rows import (
    SecondBucket,
    build_rows,
    series_at_seconds,
    to_face_window,
    upsert_rows,
)
from moodlens.models import InterviewSession, SessionStatus, SignalEvent
from moodlens.privacy.service import require_camera_consent
from moodlens.signals.face import FaceParams

# A batch may arrive a little after the session ended (flushed from an offline buffer).
SLACK_S = 120


class WindowOutsideSession(MoodLensError):
    """A window's time is not inside the session."""

    status_code = 422


class SessionNotCapturing(Conflict):
    """The session does not accept signals in its current state."""


def _check_bounds(session: InterviewSession, windows: list[FaceWindowIn], now: datetime) -> None:
    if session.started_at is None or session.status not in (
        SessionStatus.LIVE,
        SessionStatus.COMPLETED,
    ):
        raise SessionNotCapturing(
            f"Signals are accepted only for a started session; this one is {session.status}."
        )
    end = session.ended_at or now
    span_ms = (end - session.started_at).total_seconds() * 1000 + SLACK_S * 1000
    budget_ms = (session.duration_minutes * 60 + SLACK_S) * 1000
    limit = min(span_ms, budget_ms)
    for i, w in enumerate(windows):
        if w.t_ms > limit:
            raise WindowOutsideSession(
                f"windows[{i}].t_ms={w.t_ms:.0f} is after the session's end ({limit:.0f} ms).",
                field=f"body.windows.{i}.t_ms",
            )


async def ingest_batch(
    db: AsyncSession, session: InterviewSession, windows: list[FaceWindowIn], now: datetime
) -> SignalBatchOut:
    await require_camera_consent(db, session.user_id)
    _check_bounds(session, windows, now)
    assert session.started_at is not None
    buckets: dict[int, SecondBucket] = defaultdict(SecondBucket)
    for w in windows:
        buckets[int(w.t_ms // 1000)].faces.append(w.features)
    # Rows already stored keep their speech columns; only face-derived ones are replaced.
    existing = {
        row.t_ms // 1000: row
        for row in (
            await db.scalars(
                select(SignalEvent).where(
                    SignalEvent.session_id == session.id,
                    SignalEvent.t_ms.in_([s * 1000 for s in buckets]),
                )
            )
        ).all()
    }
    for second, bucket in buckets.items():
        row = existing.get(second)
        if row is not None:
            bucket.speaking, bucket.pace_wpm = row.speaking, row.pace_wpm
            bucket.fillers_in_window, bucket.volume_dbfs = row.fillers_count_window, row.volume_dbfs
    face_windows = [to_face_window(w.t_ms, w.features) for w in windows]
    scores = series_at_seconds(face_windows, FaceParams())
    rows = build_rows(session.id, session.started_at, buckets, scores)
    await upsert_rows(db, rows)
    return SignalBatchOut(accepted=len(windows), stored_seconds=len(rows))
