"""Build a session's report from its stored inputs with the pure scoring library.

No database here: `SessionInput` in, `BuiltReport` out. The shape of `BuiltReport.report` is
the body of `GET /v1/sessions/{id}/report` (documented on that endpoint and in
`reports.schemas`); `comparison` is added when the report is read, because the previous
session it compares with may be deleted later.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from moodlens.coaching.analysis import AnswerAnalysis
from moodlens.coaching.content import Content, load_content
from moodlens.coaching.scoring import (
    AnswerEvidence,
    AnswerScores,
    SpeechEvidence,
    face_summaries,
    load_config,
    score_answer,
    session_timeline,
)
from moodlens.coaching.summary import SessionSummary, summarise_session
from moodlens.reports import delivery_habits as habits
from moodlens.reports import evidence as ev
from moodlens.reports.document import checked_document
from moodlens.reports.inputs import AnswerInput, SessionInput
from moodlens.signals.events import TimelineEvent
from moodlens.signals.face import FaceSeries

# Bump when the report JSON changes shape, so clients and stored reports can tell.
REPORT_VERSION = 1

# Candidate-facing names and explanations of timeline events: observable behaviour only,
# never an inner state (DESIGN §8; the wording test checks these).
EVENT_TYPES: dict[str, dict[str, str]] = {
    "composure_dip": {
        "label": "Steadiness dip",
        "description": "Head and face movement stayed above your own usual level in this "
        "session for at least 3 seconds.",
    },
    "composure_recovery": {
        "label": "Steadiness back",
        "description": "Head and face movement settled back toward your usual level.",
    },
    "attention_dip": {
        "label": "Facing away",
        "description": "You faced away from the camera (or out of its view) more than usual "
        "for at least 3 seconds.",
    },
    "attention_recovery": {
        "label": "Facing the camera again",
        "description": "You were back to facing the camera as usual.",
    },
    "face_out_of_view": {
        "label": "Face out of view",
        "description": "The camera saw no face for at least 2 seconds.",
    },
    "long_pause": {
        "label": "Long pause",
        "description": "A silence of 2 seconds or more inside an answer.",
    },
    "filler_burst": {
        "label": "Filler burst",
        "description": "Three or more fillers (um, uh, like...) within 30 seconds.",
    },
    "pace_spike": {
        "label": "Fast pace",
        "description": "Above 180 words per minute for 20 seconds or more.",
    },
    "pace_slow": {
        "label": "Slow pace",
        "description": "Below 100 words per minute for 20 seconds or more.",
    },
}

TIMELINE_SERIES: dict[str, str] = {
    "t": "Seconds from the start of the session.",
    "attention": "Facing the camera, 0-100 (smoothed; null while no camera data).",
    "composure": "Head and face steadiness, 0-100 (smoothed; null while no face was seen).",
    "face_in_view": "Whether a face was in view that second (null without camera data).",
    "pace_wpm": "Rolling speaking pace in words per minute (null while not measured).",
    "speaking": "Whether you were speaking that second (null while not measured).",
}


class NothingToScore(ValueError):
    """The session has no answers: a report cannot be built, and retrying will not help."""


@dataclass(frozen=True, slots=True)
class BuiltReport:
    report: dict[str, Any]
    summary: SessionSummary
    answers: tuple[AnswerScores, ...]


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x, nd)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _analysis_view(a: AnswerAnalysis) -> dict[str, Any]:
    """What the answer said, for the answer card (the scores explain how it was judged)."""
    return {
        "answer_format": a.answer_format,
        "star_expected": a.star_expected,
        "star": dict(a.star),
        "star_coverage": round(a.star_coverage, 2),
        "key_points_covered": list(a.key_points_covered),
        "key_points_missed": list(a.key_points_missed),
        "specifics": list(a.specifics),
        "hedges": list(a.hedges),
        "gaps": list(a.gaps),
        "word_count": a.word_count,
    }


def _answer_entry(
    inp: AnswerInput,
    span: tuple[float, float],
    analysis: AnswerAnalysis,
    speech: SpeechEvidence | None,
    scored: AnswerScores,
    transcript_gaps: bool = False,
) -> dict[str, Any]:
    fillers = ev.fillers_of(inp.analysis_json) if speech is not None else []
    pauses = ev.pauses_of(inp.analysis_json) if speech is not None else []
    words = ev.words_of(inp.analysis_json) if speech is not None else []
    scores = scored.to_dict()
    warnings = [w for d in scores["scores"].values() for w in d.get("warnings", [])]
    if transcript_gaps:
        warnings.append(
            "Part of this answer could not be transcribed in time, so the transcript and the "
            "word-based scores are incomplete."
        )
    return {
        "index": inp.index,
        "question_id": inp.question_id,
        "sequence_no": inp.sequence_no,
        "question_text": inp.question_text,
        "question_source": inp.question_source,
        "follow_up_reason": inp.follow_up_reason,
        "input_mode": inp.input_mode,
        "asked_at": _r(inp.asked_s),
        "start": _r(span[0]),
        "end": _r(span[1]),
        "duration_s": _r(span[1] - span[0]),
        "transcript": ev.shown_transcript(inp),
        "word_count": analysis.word_count,
        "segments": ev.segments(words, fillers, pauses, ev.shown_transcript(inp)),
        "fillers": [
            {**f, "start": round(f["start"], 2), "end": round(f["end"], 2)} for f in fillers
        ],
        "pauses": [
            {
                "start": round(s, 2),
                "end": round(e, 2),
                "duration_s": round(e - s, 2),
                "long": e - s >= ev.LONG_PAUSE_S,
            }
            for s, e in pauses
        ],
        "scores": scores["scores"],
        "overall": scores["overall"],
        "metrics": scores["metrics"],
        "analysis": _analysis_view(analysis),
        "language_habits": habits.language_habits(inp, ev.shown_transcript(inp)),
        "voice_variety": habits.voice_variety(inp),
        "warnings": list(dict.fromkeys(warnings)),
    }


def _timeline(
    data: SessionInput, series: FaceSeries | None, spans: Sequence[tuple[float, float]]
) -> dict[str, Any]:
    """Per-second series for the chart, aligned on the signal rows' seconds."""
    att: dict[float, float] = {}
    comp: dict[float, float] = {}
    seen: dict[float, bool] = {}
    if series is not None:
        for t, a, c, s in zip(
            series.ts, series.attention, series.composure, series.seen, strict=True
        ):
            att[t] = a * 100.0
            comp[t] = c
            seen[t] = s
    rows = data.signals
    return {
        "t": [round(r.t_s, 2) for r in rows],
        "attention": [_r(att.get(r.t_s), 1) for r in rows],
        "composure": [_r(comp.get(r.t_s), 1) for r in rows],
        "face_in_view": [seen.get(r.t_s) for r in rows],
        "pace_wpm": [_r(r.pace_wpm, 1) for r in rows],
        "speaking": [r.speaking for r in rows],
        "answer_spans": [[_r(s), _r(e)] for s, e in spans],
        "series": TIMELINE_SERIES,
    }


def _event_dict(e: TimelineEvent) -> dict[str, Any]:
    d = e.to_dict()
    d["label"] = EVENT_TYPES.get(e.type, {}).get("label", e.type.replace("_", " ").capitalize())
    return d


def _stored_pace(data: SessionInput) -> tuple[list[float], list[float]] | None:
    pts = [(r.t_s, r.pace_wpm) for r in data.signals if r.pace_wpm is not None]
    if not pts:
        return None
    return [t for t, _ in pts], [float(w) for _, w in pts]


def build_report(
    data: SessionInput, *, built_at: datetime, content: Content | None = None
) -> BuiltReport:
    """Score every answer, summarise the session and lay out the report document."""
    if not data.answers:
        raise NothingToScore("This session has no answers, so there is nothing to score.")
    cnt = content or load_content()
    cfg = load_config()
    answers = data.answers
    spans = [
        ev.answer_span(a, answers[i + 1].asked_s if i + 1 < len(answers) else None)
        for i, a in enumerate(answers)
    ]
    windows = ev.face_windows(data.signals)
    series, face = face_summaries(windows, spans, cfg)

    evidences: list[AnswerEvidence] = []
    entries: list[dict[str, Any]] = []
    scored: list[AnswerScores] = []
    skipped_before = 0.0
    for a, span in zip(answers, spans, strict=True):
        voice = a.input_mode != "typed"
        speech = ev.speech_evidence(a.analysis_json, *span) if voice else None
        if speech is not None:
            speech = ev.with_live_pace(speech, data.signals, span)
        analysis = ev.analyse(a, cnt, speech)
        evidence = AnswerEvidence(
            index=a.index,
            analysis=analysis,
            speech=speech,
            # Camera cues while typing show the keyboard, not delivery: typed answers are
            # judged on their text only.
            face=face[a.index] if voice else None,
            start_s=span[0],
            end_s=span[1],
            question_id=a.question_id,
            transcript=ev.shown_transcript(a),
        )
        result = score_answer(evidence, role=data.role, round_type=data.round_type, config=cfg)
        evidences.append(evidence)
        scored.append(result)
        # The live pipeline counts utterances it had to let go (recogniser too far behind)
        # over the whole session; a rise during this answer means its transcript has gaps.
        skipped = ev.num(a.analysis_json.get("skipped_utterances")) or skipped_before
        entries.append(_answer_entry(a, span, analysis, speech, result, skipped > skipped_before))
        skipped_before = skipped

    summary = summarise_session(scored, config=cfg)
    # Timeline events only over spoken answers (typing is not delivery); map the library's
    # positional answer index back to the report's.
    spoken = [e for e in evidences if answers[e.index].input_mode != "typed"]
    events: list[dict[str, Any]] = []
    if spoken:
        for e in session_timeline(spoken, series, _stored_pace(data), cfg):
            d = _event_dict(e)
            if e.answer_index is not None:
                d["answer_index"] = spoken[e.answer_index].index
            events.append(d)
    for entry in entries:
        entry["event_indices"] = []
    for k, d in enumerate(events):
        if d["answer_index"] is not None:
            entries[d["answer_index"]]["event_indices"].append(k)

    s = summary.to_dict()
    has_camera = bool(windows)
    warnings = list(s["warnings"])
    if data.unanswered:
        warnings.append(
            f"{data.unanswered} question(s) had no answer and are not part of these scores."
        )
    duration = (
        (data.ended_at - data.started_at).total_seconds()
        if data.started_at and data.ended_at
        else None
    )
    report: dict[str, Any] = {
        "status": "ready",
        "report_version": REPORT_VERSION,
        "built_at": built_at.isoformat(),
        "scoring_version": s["scoring_version"],
        "drills_version": s["drills_version"],
        "session": {
            "id": data.session_id,
            "title": data.title,
            "role": data.role,
            "round_type": data.round_type,
            "difficulty": data.difficulty,
            "started_at": _iso(data.started_at),
            "ended_at": _iso(data.ended_at),
            "duration_s": _r(duration),
            "answered": len(answers),
            "unanswered": data.unanswered,
            "has_camera": has_camera,
            "has_voice": any(e.speech is not None for e in evidences),
        },
        "labels": dict(cfg.labels),
        "overall": s["overall"],
        "dimensions": s["dimensions"],
        "summary_text": s["summary_text"],
        "strengths": s["strengths"],
        "improvements": s["improvements"],
        "drills": s["drills"],
        "metrics": s["metrics"],
        "answers": entries,
        "language_habits": habits.session_language_habits(entries),
        "voice_variety": habits.session_voice_variety(entries),
        "events": events,
        "event_types": EVENT_TYPES,
        "timeline": _timeline(data, series, spans),
        "warnings": warnings,
        "disclaimer": s["disclaimer"],
        "comparison": None,
    }
    return BuiltReport(report=checked_document(report), summary=summary, answers=tuple(scored))


def cited_sources(report: Mapping[str, Any]) -> list[str]:
    """References cited by the report's factors, once each (for the PDF's reference list)."""
    keys: list[str] = []
    for dim in report.get("dimensions", {}).values():
        for f in dim.get("factors", []):
            keys += [k for k in f.get("sources", []) if k not in keys]
    for a in report.get("answers", []):
        for dim in a.get("scores", {}).values():
            for f in dim.get("factors", []):
                keys += [k for k in f.get("sources", []) if k not in keys]
    return keys
