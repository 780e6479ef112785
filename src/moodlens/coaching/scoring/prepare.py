"""Glue from a session's raw signals to per-answer evidence and timeline events.

The face baseline and the dip baseline are per session, so face windows are processed once
for the whole session and then cut per answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from moodlens.coaching.scoring.config import ScoringConfig, load_config
from moodlens.coaching.scoring.evidence import AnswerEvidence
from moodlens.signals.events import TimelineEvent, build_timeline, pace_series_from_words
from moodlens.signals.face import FaceSeries, FaceSummary, FaceWindow, face_series, summarise_face


def face_summaries(
    windows: Sequence[FaceWindow],
    answer_spans: Sequence[tuple[float, float]],
    config: ScoringConfig | None = None,
) -> tuple[FaceSeries | None, list[FaceSummary | None]]:
    """The session's face series and one summary per answer (None where no windows fell)."""
    if not windows:
        return None, [None] * len(answer_spans)
    cfg = config or load_config()
    series = face_series(windows, cfg.face)
    return series, [summarise_face(windows, series, s, e) for s, e in answer_spans]


def session_timeline(
    answers: Sequence[AnswerEvidence],
    face: FaceSeries | None = None,
    pace: tuple[Sequence[float], Sequence[float]] | None = None,
    config: ScoringConfig | None = None,
) -> list[TimelineEvent]:
    """All timeline events of the session, from each answer's speech plus the face series.

    ``pace`` is a (ts, wpm) rolling series if the live pipeline stored one; otherwise it is
    derived from word start times when the speech evidence carries them.
    """
    cfg = config or load_config()
    pauses = [p for a in answers if a.speech for p in a.speech.pauses]
    fillers = [t for a in answers if a.speech for t in a.speech.filler_times]
    if pace is None:
        ts: list[float] = []
        wpm: list[float] = []
        for a in answers:
            if a.speech and a.speech.word_starts:
                t, w = pace_series_from_words(a.speech.word_starts)
                ts += t
                wpm += w
        pace = (ts, wpm) if ts else None
    return build_timeline(
        [(a.start_s, a.end_s) for a in answers],
        face=face,
        pauses=pauses,
        filler_times=fillers,
        pace=pace,
        params=cfg.timeline,
    )
