"""Face windows -> attention (against the candidate's own baseline) and composure."""

from __future__ import annotations

import math

from moodlens.signals.face import (
    FaceParams,
    FaceWindow,
    face_series,
    pose_baseline,
    summarise_face,
)


def windows(
    n: int,
    *,
    yaw: float = 0.0,
    pitch: float = 0.0,
    present: float = 1.0,
    energy: float = 0.02,
    start: float = 0.0,
    wobble: float = 0.0,
) -> list[FaceWindow]:
    return [
        FaceWindow(
            ts=start + i * 0.5,
            face_present_ratio=present,
            yaw=yaw + wobble * math.sin(i * 1.7) if present >= 0.5 else None,
            pitch=pitch if present >= 0.5 else None,
            roll=0.0 if present >= 0.5 else None,
            gaze_on_camera=0.9 if present >= 0.5 else None,
            movement_energy=energy if present >= 0.5 else None,
            smile=0.1 if present >= 0.5 else None,
        )
        for i in range(n)
    ]


def test_baseline_comes_from_the_first_seconds() -> None:
    ws = windows(20, yaw=25.0) + windows(40, yaw=-10.0, start=10.0)
    base = pose_baseline(ws, FaceParams())
    assert base is not None and abs(base.yaw - 25.0) < 1e-9


def test_side_mounted_camera_is_not_looking_away() -> None:
    # Candidate sits 25 degrees off-axis the whole session: that is their baseline.
    ws = windows(120, yaw=25.0)
    s = face_series(ws)
    summary = summarise_face(ws, s, 0.0, 60.0)
    assert summary is not None
    assert summary.attention is not None and summary.attention > 0.85
    assert summary.looking_away_ratio == 0.0


def test_turning_away_lowers_attention() -> None:
    ws = windows(40) + windows(40, yaw=45.0, start=20.0)
    s = face_series(ws)
    first = summarise_face(ws, s, 0.0, 19.9)
    second = summarise_face(ws, s, 25.0, 40.0)
    assert first and second and first.attention and second.attention is not None
    assert second.attention < 0.3 < first.attention


def test_face_out_of_view_means_zero_attention_and_low_seen_ratio() -> None:
    ws = windows(20) + windows(40, present=0.0, start=10.0)
    s = face_series(ws)
    summary = summarise_face(ws, s, 10.0, 30.0)
    assert summary is not None
    assert summary.seen_ratio == 0.0
    assert summary.attention is None  # nothing seen: no attention evidence, not a zero score
    assert all(a < 0.1 for t, a in zip(s.ts, s.attention, strict=True) if t > 13.0)


def test_movement_lowers_composure() -> None:
    still = windows(60, energy=0.02)
    moving = windows(60, energy=0.3, wobble=12.0)
    a = summarise_face(still, face_series(still), 0.0, 30.0)
    b = summarise_face(moving, face_series(moving), 0.0, 30.0)
    assert a and b and a.composure is not None and b.composure is not None
    assert a.composure > 80 > b.composure


def test_no_windows_gives_empty_series() -> None:
    s = face_series([])
    assert s.ts == () and s.baseline is None
    assert summarise_face([], s, 0.0, 10.0) is None
