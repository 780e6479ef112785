"""A built report agrees with itself (issue 15): every statement is checked against the others.

Walks real reports (built by the job from stored answers and signals, read over the API) and
collects each contradiction a new user met on one report:
- a STAR part called present beside advice to add it, or a part called missing while quoted;
- "Not covered: the impact" beside a result sentence with numbers;
- the answer's pace in the report differing from the live cue's stored pace over the answer;
- "Solid evidence" on a session score while "Read with care" says most answers were weak;
- a word count that is not the shown transcript's;
- a STAR quote that is not in the shown transcript;
- a follow-up quoting the candidate's fillers.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import load_content
from moodlens.coaching.followups import make_echo
from moodlens.coaching.text import tokens
from moodlens.config import Settings
from moodlens.reports.demo_data import Level
from moodlens.reports.evidence import analyse, live_pace, shown_transcript
from moodlens.reports.inputs import AnswerInput
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite

STAR = ("situation", "task", "action", "result")
_OUTCOME = re.compile(r"\b(?:impact|result|outcome|effect|payoff|gain)\b")
_FILLER = re.compile(r"\b(?:um|uh|erm|you know)\b|\blike,", re.IGNORECASE)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _negatives(answer: dict[str, Any]) -> list[str]:
    return [
        f["text"] for d in answer["scores"].values() for f in d["factors"] if f["effect"] == "-"
    ]


def contradictions(rep: dict[str, Any]) -> list[str]:
    """Every statement of `rep` that another statement of it contradicts."""
    found: list[str] = []
    t = rep["timeline"]
    for a in rep["answers"]:
        where = f"answer {a['index'] + 1}"
        an = a["analysis"]
        star = an["star"]
        present = [p for p in STAR if star.get(p)]
        transcript = _squash(a["transcript"])
        if an["star_expected"] and an["answer_format"] == "story":
            for text in _negatives(a):
                for p in present:
                    if re.search(rf"\b(?:add|missing)\b[^—]*\b{p}\b", text):
                        found.append(f"{where}: {p} is quoted as present, yet: {text!r}")
        for p, sentence in star.items():
            if sentence and _squash(sentence) not in transcript:
                found.append(f"{where}: STAR {p} quote not in the transcript: {sentence!r}")
        result = star.get("result") or ""
        if any(c.isdigit() for c in result):
            for kp in an["key_points_missed"]:
                if _OUTCOME.search(kp):
                    found.append(f"{where}: 'Not covered: {kp}' beside the result {result!r}")
        if a["word_count"] != len(tokens(a["transcript"])):
            found.append(f"{where}: word count {a['word_count']} for the shown transcript")
        for d in a["scores"].values():
            for w in d["warnings"]:
                m = re.search(r"Short answer \((\d+) words?\)", w)
                if m and int(m.group(1)) != a["word_count"]:
                    found.append(f"{where}: {w!r} but the answer has {a['word_count']} words")
        live = [
            p
            for ts, p, sp in zip(t["t"], t["pace_wpm"], t.get("speaking", t["t"]), strict=True)
            if p is not None and sp is not False and a["start"] <= ts <= a["end"]
        ]
        wpm = a["metrics"].get("wpm")
        if live and wpm is not None and abs(wpm - live_pace(live)) > 0.5:
            found.append(f"{where}: report pace {wpm} vs live cue {live_pace(live)}")
        for text in _negatives(a) + [
            f["text"] for d in a["scores"].values() for f in d["factors"] if f["effect"] == "+"
        ]:
            m = re.search(r"Pace (\d+) wpm", text)
            if m and wpm is not None and int(m.group(1)) != round(wpm):
                found.append(f"{where}: pace factor says {m.group(1)} wpm, metric {wpm}")
        if a["input_mode"] == "typed" and a["scores"]["confidence"].get("measured", True):
            found.append(f"{where}: a typed answer has a delivery score")
        if a["follow_up_reason"] and _FILLER.search(a["question_text"]):
            found.append(f"{where}: the follow-up quotes fillers: {a['question_text']!r}")
    for key, dim in rep["dimensions"].items():
        weak = [
            w
            for w in dim["warnings"]
            if (m := re.match(r"(\d+) of (\d+) answers had weak evidence", w))
            and int(m.group(1)) * 2 > int(m.group(2))
        ]
        if weak and dim["band"] != "low":
            found.append(f"{key}: band {dim['band']} while {weak[0]!r}")
        if any("weak evidence" in w for w in dim["warnings"]) and dim["band"] == "high":
            found.append(f"{key}: solid evidence while some answers had weak evidence")
    return found


@pytest.mark.parametrize(
    "levels",
    [
        ("weak", "fair", "strong", "fair", "weak"),
        ("strong", "strong", "strong"),
        ("weak", "weak", "fair"),
    ],
)
async def test_built_report_agrees_with_itself(
    client: httpx.AsyncClient,
    db: AsyncSession,
    settings: Settings,
    levels: tuple[Level, ...],
) -> None:
    user = await factories.user(db)
    session = await factories.built_session(db, user, factories.plan(levels))
    r = await client.get(f"/v1/sessions/{session.id}/report", headers=auth_headers(user, settings))
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["answers"], rep
    assert contradictions(rep) == []


def test_the_checker_catches_each_contradiction() -> None:
    """The checker itself, on a report made to contradict itself in every way above."""
    answer = {
        "index": 0,
        "transcript": "I rewrote the job. It now runs in 4 minutes instead of 40.",
        "word_count": 0,
        "input_mode": "typed",
        "follow_up_reason": "missing_result",
        "question_text": "You mentioned that you, um, like, rewrote it. What changed?",
        "start": 0.0,
        "end": 10.0,
        "metrics": {"wpm": 114.0},
        "analysis": {
            "answer_format": "story",
            "star_expected": True,
            "star": {
                "situation": None,
                "task": None,
                "action": "I rewrote the job.",
                "result": "It now runs in 4 minutes instead of 40 minutes.",
            },
            "key_points_missed": ["the impact"],
        },
        "scores": {
            "structure": {
                "factors": [
                    {"effect": "-", "text": "About 40% of the expected length — add the action"},
                    {"effect": "+", "text": "Pace 150 wpm — inside the range"},
                ],
                "warnings": ["Short answer (3 words): too little to judge"],
            },
            "confidence": {"factors": [], "warnings": [], "measured": True},
        },
    }
    rep = {
        "timeline": {"t": [1.0, 2.0], "pace_wpm": [150.0, 158.0]},
        "answers": [answer],
        "dimensions": {
            "structure": {"band": "high", "warnings": ["2 of 3 answers had weak evidence"]}
        },
    }
    problems = " | ".join(contradictions(rep))
    for expected in (
        "action is quoted as present",
        "quote not in the transcript",
        "Not covered: the impact",
        "word count 0",
        "Short answer (3 words)",
        "vs live cue",
        "pace factor says 150",
        "typed answer has a delivery score",
        "quotes fillers",
        "band high while",
    ):
        assert expected in problems, expected


def test_follow_up_echo_drops_fillers() -> None:
    echo = make_echo("So I, um, like, rewrote the whole caching layer, you know, over a weekend.")
    assert echo == "you rewrote the whole caching layer over a weekend"


def test_a_voice_answer_with_words_but_no_text_is_scored_on_its_words() -> None:
    words = ["we", "moved", "the", "job", "to", "a", "queue", "and", "it", "got", "faster"]
    inp = AnswerInput(
        index=0,
        question_id="q",
        sequence_no=1,
        question_text="Tell me about a time you improved the performance of a system.",
        question_source="template",
        follow_up_reason=None,
        bank_question_id=None,
        parent_bank_question_id=None,
        expected_seconds=120,
        asked_s=0.0,
        start_s=1.0,
        end_s=6.0,
        input_mode="voice",
        transcript="",
        analysis_json={
            "words": [
                {"text": w, "start": 1.0 + i * 0.4, "end": 1.3 + i * 0.4}
                for i, w in enumerate(words)
            ]
        },
    )
    shown = shown_transcript(inp)
    assert len(tokens(shown)) == len(words)
    analysis = analyse(inp, load_content(), None)
    assert analysis.word_count == len(words)
