"""Stored rows -> the scoring library's evidence (face windows, speech metrics, analysis).

`responses.analysis_json` of a voice answer holds what the live speech pipeline measured with
the speech library (`moodlens.signals.audio`):

    {"words":   [{"text", "start", "end"}],
     "fillers": [{"text", "start", "end", "kind", "source"}],
     "pauses":  [{"start", "end"}],
     "metrics": SpeechMetrics.to_dict()}      # window_start/_end, voiced_s, wpm, pause_stats...

Times are seconds from session start. The flat `AudioAnalysis.to_dict()` form (`duration_s`,
`long_pauses`, top-level `wpm`...) is read too, so offline-analysed answers work the same way.
Typed answers have no speech evidence. Anything missing or malformed counts as "not measured"
(None), never as zero: the scorer widens bands for missing evidence instead of punishing.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from moodlens.coaching.analysis import AnswerAnalysis, analyze_answer
from moodlens.coaching.content import AnswerFormat, Content
from moodlens.coaching.job_questions import JobFocus, focus_key_points
from moodlens.coaching.scoring import FaceWindow, SpeechEvidence
from moodlens.reports.inputs import AnswerInput, SignalRow, is_follow_up

# Pauses at least this long are shown as marks in the transcript (DESIGN §8b bins: below
# 0.6 s a pause is ordinary phrasing).
SHOWN_PAUSE_S = 0.6
LONG_PAUSE_S = 2.0
FILLER_MATCH_S = 0.3


def num(value: object) -> float | None:
    """A finite float, or None for anything else (bools, strings, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _int(value: object) -> int | None:
    f = num(value)
    return round(f) if f is not None else None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _spans(items: object) -> list[dict[str, Any]]:
    """Entries with a finite start <= end, sorted by start; other entries are dropped."""
    out: list[dict[str, Any]] = []
    if not isinstance(items, list):
        return out
    for item in items:
        if not isinstance(item, Mapping):
            continue
        s, e = num(item.get("start")), num(item.get("end"))
        if s is None or e is None or e < s:
            continue
        out.append({**item, "start": s, "end": e})
    return sorted(out, key=lambda x: x["start"])


def words_of(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"text": str(w.get("text", "")), "start": w["start"], "end": w["end"]}
        for w in _spans(analysis.get("words"))
    ]


def fillers_of(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "text": str(f.get("text", "")),
            "start": f["start"],
            "end": f["end"],
            "kind": str(f.get("kind", "filled_pause")),
        }
        for f in _spans(analysis.get("fillers"))
    ]


def pauses_of(analysis: Mapping[str, Any]) -> list[tuple[float, float]]:
    raw = analysis.get("pauses")
    if raw is None:
        raw = _mapping(analysis.get("metrics")).get("pauses")
    return [(p["start"], p["end"]) for p in _spans(raw)]


def has_speech(analysis: Mapping[str, Any]) -> bool:
    return bool(_mapping(analysis.get("metrics"))) or num(analysis.get("wpm")) is not None


def speech_evidence(
    analysis: Mapping[str, Any], start_s: float, end_s: float
) -> SpeechEvidence | None:
    """SpeechEvidence from a voice answer's stored analysis; None when nothing was measured."""
    if not has_speech(analysis):
        return None
    m = _mapping(analysis.get("metrics")) or analysis
    ps = _mapping(m.get("pause_stats"))
    vol = _mapping(m.get("volume"))
    w0, w1 = num(m.get("window_start")), num(m.get("window_end"))
    duration = (
        w1 - w0
        if w0 is not None and w1 is not None and w1 > w0
        else num(m.get("duration_s")) or max(0.0, end_s - start_s)
    )
    speaking = num(m.get("voiced_s"))
    if speaking is None:
        speaking = num(m.get("speaking_span_s")) or 0.0
    words = words_of(analysis)
    fillers = fillers_of(analysis)
    long_count = _int(ps.get("long_count"))
    if long_count is None:
        long_count = _int(m.get("long_pauses"))
    pauses = pauses_of(analysis)
    filler_count = _int(m.get("filler_count"))
    return SpeechEvidence(
        duration_s=duration,
        speaking_s=speaking,
        wpm=num(m.get("wpm")),
        articulation_wpm=num(m.get("articulation_wpm")),
        filler_count=filler_count if filler_count is not None else len(fillers),
        filler_per_min=num(m.get("filler_per_min")),
        pauses=pauses,
        long_pause_count=(
            long_count
            if long_count is not None
            else sum(1 for s, e in pauses if e - s >= LONG_PAUSE_S)
        ),
        response_latency_s=num(m.get("response_latency_s")),
        asr_confidence=num(m.get("asr_confidence")),
        volume_dbfs=num(vol.get("speech_dbfs")),
        clipping_ratio=num(vol.get("clipped_fraction")),
        filler_times=[f["start"] for f in fillers],
        word_starts=[w["start"] for w in words],
    )


def with_live_pace(
    speech: SpeechEvidence, signals: Sequence[SignalRow], span: tuple[float, float]
) -> SpeechEvidence:
    """The answer's pace as the live cue showed it: the median of the stored per-second pace
    over the answer's speaking seconds (the median, so the ramp-up of the cue's trailing
    window at the answer's start does not drag it down). One source of truth for pace
    (issue 15: the cue said 154 wpm in band while the report, measuring another window, said
    114 wpm slow). Without stored pace (uploads, older sessions) the answer's own
    measurement stands."""
    vals = [
        r.pace_wpm
        for r in signals
        if r.pace_wpm is not None and r.speaking is not False and span[0] <= r.t_s <= span[1]
    ]
    if not vals:
        return speech
    return replace(speech, wpm=live_pace(vals))


def live_pace(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def face_windows(signals: Sequence[SignalRow]) -> list[FaceWindow]:
    """One FaceWindow per second that had face data (camera off: none at all)."""
    out: list[FaceWindow] = []
    for row in signals:
        face = row.face
        if not face:
            continue
        present = num(face.get("face_present_ratio"))
        if present is None:
            continue
        out.append(
            FaceWindow(
                ts=row.t_s,
                face_present_ratio=min(1.0, max(0.0, present)),
                yaw=num(face.get("yaw")),
                pitch=num(face.get("pitch")),
                roll=num(face.get("roll")),
                gaze_on_camera=num(face.get("gaze_on_camera")),
                movement_energy=num(face.get("movement_energy")),
                smile=num(face.get("smile")),
            )
        )
    return out


def answer_span(answer: AnswerInput, next_asked_s: float | None) -> tuple[float, float]:
    """Where the answer sits on the session clock.

    The response's own times first; then the speech window the pipeline measured; then from
    the question being asked to the next question (typed answers without times)."""
    if answer.start_s is not None and answer.end_s is not None and answer.end_s >= answer.start_s:
        return answer.start_s, answer.end_s
    m = _mapping(answer.analysis_json.get("metrics"))
    w0, w1 = num(m.get("window_start")), num(m.get("window_end"))
    if w0 is not None and w1 is not None and w1 >= w0:
        return w0, w1
    start = answer.asked_s if answer.asked_s is not None else 0.0
    end = next_asked_s if next_asked_s is not None and next_asked_s >= start else start
    return start, end


@dataclass(frozen=True, slots=True)
class Target:
    """What the answer analyser needs to know about a question (its AnswerTarget)."""

    text: str
    format: AnswerFormat
    target_seconds: int
    key_points: Mapping[str, Sequence[str]]
    wants_numbers: bool


def target_for(answer: AnswerInput, content: Content) -> Target:
    """The analyser's view of the question.

    A follow-up is judged as an explanation with no key points of its own: it asks for one
    missing piece, so holding it to the parent's full STAR and key points would mark every
    follow-up answer as incomplete. It is expected to carry numbers only when it asked for
    them."""
    seconds = max(20, answer.expected_seconds)
    if is_follow_up(answer.question_source, answer.follow_up_reason):
        return Target(
            text=answer.question_text,
            format="explain",
            target_seconds=seconds,
            key_points={},
            wants_numbers=answer.follow_up_reason == "no_numbers",
        )
    focus = JobFocus.from_dict(answer.job_focus)
    bank = content.question(answer.bank_question_id) if answer.bank_question_id else None
    if bank is not None:
        return Target(
            # A question worded toward a job skill is judged on the bank's own wording and
            # the job's terms too (issue 18): the skill named in the lead-in is not a
            # restated question when the answer uses it.
            text=bank.text if focus is not None else answer.question_text,
            format=bank.format,
            target_seconds=bank.target_seconds,
            key_points={**bank.key_points, **focus_key_points(focus)},
            wants_numbers=bank.wants_numbers,
        )
    if focus is not None and focus.kind == "duty":
        # Drawn from a duty the job lists: a story about it, judged on the duty's terms.
        return Target(
            text=focus.prompt or answer.question_text,
            format="story",
            target_seconds=seconds,
            key_points=focus_key_points(focus),
            wants_numbers=True,
        )
    # Closing questions and questions no longer in the content: reasons and preferences.
    return Target(
        text=answer.question_text,
        format="motivation",
        target_seconds=seconds,
        key_points={},
        wants_numbers=False,
    )


def shown_transcript(answer: AnswerInput) -> str:
    """The transcript the report shows and scores: the stored text, or, when a voice answer
    stored its recognised words but no text, those words. Scoring one and showing the
    other printed "Short answer (0 words)" above an 11-word transcript (issue 15)."""
    if answer.transcript.strip():
        return answer.transcript
    return " ".join(w["text"] for w in words_of(answer.analysis_json) if w["text"].strip())


def analyse(answer: AnswerInput, content: Content, speech: SpeechEvidence | None) -> AnswerAnalysis:
    """Run the answer analyser at build time, so a rebuild always reflects the current rules
    (the copy stored with the response may predate an analyser update)."""
    duration = None
    if speech is not None:
        m = _mapping(answer.analysis_json.get("metrics"))
        duration = num(m.get("speaking_span_s")) or speech.duration_s
    return analyze_answer(target_for(answer, content), shown_transcript(answer), duration)


def segments(
    words: Sequence[Mapping[str, Any]],
    fillers: Sequence[Mapping[str, Any]],
    pauses: Sequence[tuple[float, float]],
    transcript: str = "",
) -> list[dict[str, Any]]:
    """The timed transcript for display, in time order:

    - ``{"type": "word", "text", "start", "end", "filler": bool}`` for each recognised word
      (``text`` is the transcript's own token, punctuation included, when the transcript and
      the word list line up; otherwise the recogniser's lower-case word);
    - ``{"type": "filler", ...}`` for a filler heard in the audio that the recogniser left
      out of the transcript (no word to flag);
    - ``{"type": "pause", "start", "end", "duration_s"}`` for silences of at least
      SHOWN_PAUSE_S.

    ``words`` must be sorted by start (``words_of`` does).
    """
    starts = [float(w["start"]) for w in words]
    flagged: set[int] = set()
    out: list[dict[str, Any]] = []
    for f in fillers:
        tokens = str(f["text"]).lower().split()
        # Word times are spread estimates (about +-0.3 s), so match with some slack.
        i = bisect.bisect_left(starts, float(f["start"]) - 1.0)
        hits = []
        while i < len(words) and starts[i] <= float(f["end"]) + FILLER_MATCH_S:
            w = words[i]
            if (
                i not in flagged
                and float(w["end"]) >= float(f["start"]) - FILLER_MATCH_S
                and _norm(str(w["text"])) in tokens
            ):
                hits.append(i)
            i += 1
        if hits:
            flagged.update(hits[: len(tokens)])
        else:
            out.append(_mark("filler", str(f["text"]), float(f["start"]), float(f["end"])))
    display = transcript.split()
    aligned = len(display) == len(words)
    for k, w in enumerate(words):
        text = display[k] if aligned else str(w["text"])
        out.append(
            {**_mark("word", text, float(w["start"]), float(w["end"])), "filler": k in flagged}
        )
    for s, e in pauses:
        if e - s >= SHOWN_PAUSE_S:
            out.append({**_mark("pause", "", s, e), "duration_s": round(e - s, 2)})
    return sorted(out, key=lambda x: (x["start"], x["type"] != "pause"))


def _norm(token: str) -> str:
    """Lower-case without edge punctuation: the live pipeline keeps "Um," as recognised."""
    return token.lower().strip(".,!?;:\"'()[]-\u2014")


def _mark(kind: str, text: str, start: float, end: float) -> dict[str, Any]:
    return {"type": kind, "text": text, "start": round(start, 2), "end": round(end, 2)}
