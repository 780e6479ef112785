"""Per-second `signal_events` rows: face windows and speech state folded into one row a second,
written in batches with an upsert so a resent window never duplicates a row."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.upsert import upsert
from moodlens.live.schemas import FaceFeatures
from moodlens.models import SignalEvent
from moodlens.signals.face import FaceParams, FaceSeries, FaceWindow, face_series, pose_baseline


@dataclass
class SecondBucket:
    """What was observed during one second of the session."""

    faces: list[FaceFeatures] = field(default_factory=list)
    speaking: bool | None = None
    pace_wpm: float | None = None
    fillers_in_window: int | None = None
    volume_dbfs: float | None = None


def _mean(values: Sequence[float | None]) -> float | None:
    real = [v for v in values if v is not None and math.isfinite(v)]
    return round(sum(real) / len(real), 4) if real else None


def face_json(faces: Sequence[FaceFeatures]) -> dict[str, Any] | None:
    if not faces:
        return None
    return {
        "face_present_ratio": _mean([f.face_present_ratio for f in faces]),
        "yaw": _mean([f.yaw for f in faces]),
        "pitch": _mean([f.pitch for f in faces]),
        "roll": _mean([f.roll for f in faces]),
        "gaze_on_camera": _mean([f.gaze_on_camera for f in faces]),
        "movement_energy": _mean([f.movement_energy for f in faces]),
        "smile": _mean([f.smile for f in faces]),
        "windows": len(faces),
    }


def to_face_window(t_ms: float, f: FaceFeatures) -> FaceWindow:
    return FaceWindow(
        ts=t_ms / 1000.0,
        face_present_ratio=f.face_present_ratio,
        yaw=f.yaw,
        pitch=f.pitch,
        roll=f.roll,
        gaze_on_camera=f.gaze_on_camera,
        movement_energy=f.movement_energy,
        smile=f.smile,
    )


def series_at_seconds(
    windows: Sequence[FaceWindow], params: FaceParams
) -> dict[int, tuple[float, float]]:
    """Smoothed (attention 0-100, composure 0-100) per whole second, from the face library.

    The pose baseline comes from the session's first seconds, as DESIGN §8b asks."""
    if not windows:
        return {}
    series: FaceSeries = face_series(windows, params, pose_baseline(windows, params))
    out: dict[int, tuple[float, float]] = {}
    for ts, att, comp in zip(series.ts, series.attention, series.composure, strict=True):
        if math.isfinite(comp):
            out[int(ts)] = (round(att * 100.0, 2), round(comp, 2))
        else:
            out[int(ts)] = (round(att * 100.0, 2), math.nan)
    return out


def build_rows(
    session_id: uuid.UUID,
    started_at: datetime,
    buckets: dict[int, SecondBucket],
    scores: dict[int, tuple[float, float]],
) -> list[dict[str, Any]]:
    rows = []
    for second, b in sorted(buckets.items()):
        att, comp = scores.get(second, (None, None))
        rows.append(
            {
                "session_id": session_id,
                "ts": started_at + timedelta(seconds=second),
                "t_ms": second * 1000,
                "face_json": face_json(b.faces),
                "attention_score": att,
                "composure_score": comp if comp is not None and math.isfinite(comp) else None,
                "pace_wpm": b.pace_wpm,
                "fillers_count_window": b.fillers_in_window,
                "speaking": b.speaking,
                "volume_dbfs": b.volume_dbfs,
            }
        )
    return rows


async def upsert_rows(db: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert or replace rows keyed by (session_id, t_ms): resending never duplicates."""
    if not rows:
        return
    table: Table = SignalEvent.__table__  # type: ignore[assignment]
    key = ("session_id", "t_ms")
    await upsert(db, table, rows, key=key, update=[c for c in rows[0] if c not in key])
