"""The report's language-habit and voice-variety sections, per answer and per session.

Language habits are computed at build time from the stored transcript (and timed words for
spoken answers), so a rebuild reflects the current rules. Voice variety is what the live
pipeline measured from the audio (`responses.analysis_json.pitch`); the audio itself is not
kept, so an answer stored without it says so instead of showing a number.

The sentences describe observable delivery only (how far the pitch moved, for how long),
never a feeling or a trait (DESIGN §8; tests/reports/test_delivery_habits.py checks them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from moodlens.coaching.language_habits import answer_habits, session_habits
from moodlens.reports import evidence as ev
from moodlens.reports.inputs import AnswerInput

NOT_STORED = (
    "Pitch was not measured for this answer: it was stored before pitch tracking existed or "
    "without its audio."
)
TYPED = "A typed answer has no voice to measure."
# Ordinary conversational speech spans about 6-12 semitones (middle 90 %); under 4 sounds flat.
NARROW_RANGE_ST = 4.0


def language_habits(inp: AnswerInput, transcript: str) -> dict[str, Any]:
    voice = inp.input_mode != "typed"
    words = ev.words_of(inp.analysis_json) if voice else []
    fillers = [float(f["start"]) for f in ev.fillers_of(inp.analysis_json)] if voice else []
    return answer_habits(transcript, inp.question_text, words or None, fillers)


def _stretch_text(m: Mapping[str, Any]) -> str:
    return (
        f"Your pitch stayed within {float(m['range_st']):.1f} semitones for "
        f"{float(m['duration_s']):.0f} s."
    )


def voice_variety(inp: AnswerInput) -> dict[str, Any]:
    """The stored measurement with plain sentences; `measured` False carries the reason."""
    if inp.input_mode == "typed":
        return {"measured": False, "reason": TYPED, "monotone": [], "summary": TYPED}
    raw = inp.analysis_json.get("pitch")
    if not isinstance(raw, Mapping):
        return {"measured": False, "reason": NOT_STORED, "monotone": [], "summary": NOT_STORED}
    out: dict[str, Any] = dict(raw)
    if not out.get("measured"):
        reason = str(out.get("reason") or "Pitch could not be measured for this answer.")
        return {**out, "measured": False, "reason": reason, "monotone": [], "summary": reason}
    stretches = [{**m, "text": _stretch_text(m)} for m in out.get("monotone") or []]
    rng = float(out["range_st"])
    summary = f"Your pitch moved across {rng:.1f} semitones (the middle 90 % of your voiced speech)"
    summary += (
        ", a narrow range: vary it on the words that matter." if rng < NARROW_RANGE_ST else "."
    )
    if stretches:
        longest = max(stretches, key=lambda m: float(m["duration_s"]))
        summary += f" {len(stretches)} flat stretch(es); the longest: {longest['text']}"
    return {**out, "monotone": stretches, "summary": summary}


def session_voice_variety(answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    measured = [a["voice_variety"] for a in answers if a["voice_variety"].get("measured")]
    if not measured:
        return {"measured": False, "answers_measured": 0, "monotone_count": 0, "summary": None}
    ranges = sorted(float(v["range_st"]) for v in measured)
    median = ranges[len(ranges) // 2]
    flat = sum(len(v["monotone"]) for v in measured)
    flat_s = sum(float(m["duration_s"]) for v in measured for m in v["monotone"])
    summary = f"Across {len(measured)} spoken answer(s) your pitch range was {median:.1f} semitones"
    summary += (
        f" (median); {flat} flat stretch(es), {flat_s:.0f} s in all." if flat else " (median)."
    )
    return {
        "measured": True,
        "answers_measured": len(measured),
        "median_range_st": round(median, 1),
        "monotone_count": flat,
        "monotone_s": round(flat_s, 1),
        "summary": summary,
    }


def session_language_habits(answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return session_habits([a.get("language_habits") for a in answers])
