"""The report builder's call order, end to end on synthetic signals (video and audio-only)."""

from __future__ import annotations

import json

from moodlens.coaching.scoring import (
    AnswerAnalysis,
    AnswerEvidence,
    FaceWindow,
    SpeechEvidence,
    face_summaries,
    score_answer,
    session_timeline,
)
from moodlens.coaching.summary import summarise_session
from moodlens.signals.face import FaceSeries

SPANS = [(5.0, 95.0), (105.0, 195.0)]


def windows() -> list[FaceWindow]:
    out = []
    for i in range(400):
        t = i * 0.5
        away = 140.0 <= t < 150.0  # answer 2: ten seconds looking to the side
        out.append(
            FaceWindow(
                ts=t,
                face_present_ratio=1.0,
                yaw=55.0 if away else 3.0,
                pitch=-2.0,
                roll=1.0,
                gaze_on_camera=0.2 if away else 0.85,
                movement_energy=0.03,
                smile=0.15,
            )
        )
    return out


def evidences(face: bool) -> tuple[list[AnswerEvidence], FaceSeries | None]:
    series, summaries = face_summaries(windows() if face else [], SPANS)
    out = []
    for i, (s, e) in enumerate(SPANS):
        a = AnswerAnalysis(
            star={"situation": "x", "action": "y", "result": "z"},
            star_coverage=0.75,
            has_result=True,
            signposting_count=1,
            key_points_covered=["a"],
            key_points_missed=["b"],
            key_point_coverage=0.5,
            specificity_count=2,
            specifics=["3x", "SQL"],
            ownership_ratio=0.7,
            word_count=200,
            length_ratio=1.1,
        )
        sp = SpeechEvidence(
            duration_s=e - s,
            speaking_s=70.0,
            wpm=150.0,
            articulation_wpm=170.0,
            filler_count=3 + 6 * i,
            filler_per_min=(3 + 6 * i) / 1.5,
            pauses=[(s + 20.0, s + 23.0)],
            long_pause_count=1,
            response_latency_s=1.2,
            asr_confidence=0.9,
            volume_dbfs=-22.0,
            clipping_ratio=0.0,
            filler_times=[s + 30.0 + 4.0 * k for k in range(3 + 6 * i)],
        )
        out.append(
            AnswerEvidence(
                index=i,
                analysis=a,
                speech=sp,
                face=summaries[i],
                start_s=s,
                end_s=e,
                question_id=f"q{i}",
            )
        )
    return out, series


def test_video_session_flow() -> None:
    evs, series = evidences(face=True)
    scored = [score_answer(ev, role="data_analyst", round_type="behavioral") for ev in evs]
    summary = summarise_session(scored)
    events = session_timeline(evs, series)
    report = {
        "overall": summary.to_dict()["overall"],
        "dimensions": summary.to_dict()["dimensions"],
        "answers": [{"scores": a.to_dict()["scores"]} for a in scored],
        "events": [e.to_dict() for e in events],
        "strengths": summary.to_dict()["strengths"],
        "improvements": summary.to_dict()["improvements"],
        "drills": summary.to_dict()["drills"],
    }
    json.dumps(report)  # JSON-serialisable as is
    # Answer 2 looked away for 10 s: lower attention, and a dip on the timeline.
    att = [a.metrics["attention"] for a in scored]
    assert att[0] is not None and att[1] is not None and att[1] < att[0]
    dips = [e for e in events if e.type == "attention_dip"]
    assert len(dips) == 1 and dips[0].answer_index == 1
    assert any(e.type == "attention_recovery" for e in events)
    assert {e.type for e in events} >= {"long_pause", "filler_burst"}
    assert scored[1].dimensions["communication"].score < scored[0].dimensions["communication"].score


def test_audio_only_session_flow() -> None:
    evs, series = evidences(face=False)
    assert series is None and all(ev.face is None for ev in evs)
    scored = [score_answer(ev) for ev in evs]
    summary = summarise_session(scored)
    d = summary.to_dict()
    assert d["dimensions"]["confidence"]["band"] != "high"
    assert all(0 <= d["dimensions"][k]["score"] <= 100 for k in d["dimensions"])
    events = session_timeline(evs, None)
    assert not [e for e in events if "dip" in e.type]
