"""Timeline events: dips need to last, recoveries are found, bursts and stretches are merged."""

from __future__ import annotations

import math

import pytest

from moodlens.signals.events import (
    DipParams,
    TimelineEvent,
    assign_answers,
    build_timeline,
    count_false_spikes,
    detect_dips,
    dip_events,
    face_out_of_view_events,
    false_spike_rate,
    filler_burst_events,
    long_pause_events,
    pace_events,
    pace_series_from_words,
)
from moodlens.signals.face import FaceWindow, face_series
from moodlens.signals.smoothing import ema


def series(n: int, value: float = 80.0, step: float = 0.5) -> tuple[list[float], list[float]]:
    return [i * step for i in range(n)], [value] * n


def test_single_bad_second_is_not_a_dip() -> None:
    ts, v = series(120)
    v[60] = v[61] = 10.0  # one second at rock bottom
    assert detect_dips(ts, v) == []
    assert detect_dips(ts, list(ema(ts, v, 2.0))) == []


def test_sustained_drop_is_a_dip_and_its_recovery_is_found() -> None:
    ts, v = series(120)
    for i in range(40, 56):  # 20 s .. 27.5 s
        v[i] = 50.0
    dips = detect_dips(ts, v)
    assert len(dips) == 1
    d = dips[0]
    assert d.start == pytest.approx(20.0) and d.end == pytest.approx(27.5)
    assert d.baseline == pytest.approx(80.0) and d.lowest == pytest.approx(50.0)
    assert d.recovered_at == pytest.approx(28.0)
    events = dip_events(ts, v, "composure")
    assert [e.type for e in events] == ["composure_dip", "composure_recovery"]
    assert events[1].start == pytest.approx(28.0)


def test_dip_without_recovery_has_no_recovery_event() -> None:
    ts, v = series(60)
    for i in range(40, 60):
        v[i] = 40.0
    d = detect_dips(ts, v)
    assert len(d) == 1 and d[0].recovered_at is None
    assert [e.type for e in dip_events(ts, v, "attention")] == ["attention_dip"]


def test_dip_baseline_is_the_candidates_own_level() -> None:
    # Someone who always sits at 45 has no dip at 45; someone at 90 dropping to 45 does.
    ts, low = series(80, 45.0)
    assert detect_dips(ts, low) == []
    _, high = series(80, 90.0)
    for i in range(30, 45):
        high[i] = 45.0
    assert len(detect_dips(ts, high)) == 1


def test_brief_recoveries_inside_a_dip_are_merged() -> None:
    ts, v = series(100)
    for i in range(20, 50):
        v[i] = 50.0
    v[35] = 80.0  # half a second back up
    assert len(detect_dips(ts, v, DipParams(merge_gap_s=1.0))) == 1


def test_jittery_series_does_not_fire_on_its_normal_wobble() -> None:
    ts = [i * 0.5 for i in range(200)]
    v = [70.0 + 15.0 * math.sin(i * 2.1) for i in range(200)]
    assert detect_dips(ts, v) == []


def test_long_pauses_and_filler_bursts() -> None:
    ev = long_pause_events([(1.0, 1.5), (10.0, 12.5)], min_s=2.0)
    assert [(e.start, e.end) for e in ev] == [(10.0, 12.5)]
    bursts = filler_burst_events([5.0, 12.0, 20.0, 31.0, 100.0, 200.0], window_s=30.0, min_count=3)
    assert len(bursts) == 1
    assert bursts[0].start == 5.0 and bursts[0].end == 31.0
    assert bursts[0].detail["count"] == 4
    assert filler_burst_events([1.0, 40.0, 80.0]) == []


def test_pace_spikes_need_to_last() -> None:
    ts = [float(i) for i in range(60)]
    wpm = [150.0] * 60
    for i in range(10, 35):
        wpm[i] = 195.0
    wpm[50] = 230.0
    ev = pace_events(ts, wpm, min_duration_s=20.0)
    assert [(e.type, e.start, e.end) for e in ev] == [("pace_spike", 10.0, 34.0)]


def test_pace_series_from_words() -> None:
    words = [i * 0.4 for i in range(200)]  # 150 wpm
    ts, wpm = pace_series_from_words(words, window_s=20.0)
    assert ts and all(w == pytest.approx(150.0, abs=5.0) for w in wpm)


def face_windows(present: list[bool]) -> list[FaceWindow]:
    return [
        FaceWindow(
            ts=i * 0.5,
            face_present_ratio=1.0 if p else 0.0,
            yaw=0.0 if p else None,
            pitch=0.0 if p else None,
            roll=0.0 if p else None,
            gaze_on_camera=0.9 if p else None,
            movement_energy=0.02 if p else None,
            smile=0.1 if p else None,
        )
        for i, p in enumerate(present)
    ]


def test_face_out_of_view_stretch_is_debounced() -> None:
    present = [True] * 20 + [False] * 10 + [True] * 20 + [False] + [True] * 10
    s = face_series(face_windows(present))
    ev = face_out_of_view_events(s, min_s=2.0)
    assert len(ev) == 1
    assert 10.0 <= ev[0].start <= 10.5 and 15.0 <= ev[0].end <= 15.5


def test_false_spikes() -> None:
    ts = [i * 0.5 for i in range(20)]
    cue = [False] * 20
    cue[4] = True  # on for 0.5 s: a false spike
    for i in range(10, 18):  # on for 4 s: a real cue
        cue[i] = True
    assert count_false_spikes(ts, cue, max_s=2.0) == 1
    assert false_spike_rate(ts, cue) == pytest.approx(1 / (9.5 / 60))
    assert count_false_spikes(ts, [False] * 20) == 0
    with pytest.raises(ValueError):
        count_false_spikes([0.0], [True, False])


def test_events_are_tagged_with_their_answer() -> None:
    evs = [
        TimelineEvent("long_pause", 5.0, 8.0),
        TimelineEvent("long_pause", 40.0, 42.0),
        TimelineEvent("long_pause", 100.0, 101.0),
    ]
    tagged = assign_answers(evs, [(0.0, 30.0), (35.0, 60.0)])
    assert [e.answer_index for e in tagged] == [0, 1, None]
    assert tagged[0].to_dict()["type"] == "long_pause"


def test_build_timeline_end_to_end_with_face_dip() -> None:
    ws = []
    for i in range(240):  # 2 minutes, one answer 0-120 s
        t = i * 0.5
        turned = 60.0 <= t < 70.0
        ws.append(
            FaceWindow(
                ts=t,
                face_present_ratio=1.0,
                yaw=50.0 if turned else 0.0,
                pitch=0.0,
                roll=0.0,
                gaze_on_camera=0.2 if turned else 0.9,
                movement_energy=0.02,
                smile=0.1,
            )
        )
    face = face_series(ws)
    events = build_timeline(
        [(0.0, 120.0)], face=face, pauses=[(30.0, 33.0)], filler_times=[80.0, 85.0, 90.0]
    )
    types = [e.type for e in events]
    assert "attention_dip" in types and "attention_recovery" in types
    assert "long_pause" in types and "filler_burst" in types
    dip = next(e for e in events if e.type == "attention_dip")
    # Smoothing lags the return by a couple of seconds; the start is what replay seeks to.
    assert 59.0 <= dip.start <= 62.0 and 68.0 <= dip.end <= 75.0
    assert all(e.answer_index == 0 for e in events)


def test_audio_only_timeline_has_no_face_events() -> None:
    events = build_timeline([(0.0, 60.0)], face=None, pauses=[(10.0, 13.0)])
    assert [e.type for e in events] == ["long_pause"]


def moving_windows(bad: range) -> list[FaceWindow]:
    """Two minutes of a still face, with wild head movement on the window indices in ``bad``."""
    out = []
    for i in range(240):
        wild = i in bad
        out.append(
            FaceWindow(
                ts=i * 0.5,
                face_present_ratio=1.0,
                yaw=(15.0 if i % 2 else -15.0) if wild else 0.0,
                pitch=0.0,
                roll=0.0,
                gaze_on_camera=0.9,
                movement_energy=0.4 if wild else 0.02,
                smile=0.1,
            )
        )
    return out


def test_one_bad_second_of_movement_makes_no_composure_dip() -> None:
    events = build_timeline([(0.0, 120.0)], face=face_series(moving_windows(range(100, 102))))
    assert not [e for e in events if e.type.startswith("composure")]


def test_sustained_movement_makes_a_composure_dip_with_recovery() -> None:
    events = build_timeline([(0.0, 120.0)], face=face_series(moving_windows(range(100, 124))))
    types = [e.type for e in events if e.type.startswith("composure")]
    assert types == ["composure_dip", "composure_recovery"]
    dip = next(e for e in events if e.type == "composure_dip")
    assert 49.0 <= dip.start <= 53.0


def test_one_second_glance_away_makes_no_attention_dip() -> None:
    ws = [
        FaceWindow(
            ts=i * 0.5,
            face_present_ratio=1.0,
            yaw=60.0 if i in (100, 101) else 0.0,
            pitch=0.0,
            roll=0.0,
            gaze_on_camera=0.9,
            movement_energy=0.02,
            smile=0.1,
        )
        for i in range(240)
    ]
    events = build_timeline([(0.0, 120.0)], face=face_series(ws))
    assert not [e for e in events if e.type.startswith("attention")]


def test_filler_bursts_do_not_span_two_answers() -> None:
    events = build_timeline([(0.0, 30.0), (40.0, 70.0)], filler_times=[20.0, 25.0, 45.0, 50.0])
    assert events == []
    events = build_timeline([(0.0, 30.0), (40.0, 70.0)], filler_times=[42.0, 45.0, 50.0])
    assert [(e.type, e.answer_index) for e in events] == [("filler_burst", 1)]
