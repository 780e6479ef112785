"""Language habits and voice variety in the report: JSON, schema, HTML/PDF source, export.

The pitch figures are made by the real tracker from synthetic audio (a steady tone, then a
glide), stored on a response as the live pipeline stores them, and read back through the
report build and the data export, on PostgreSQL and SQLite."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.wording import find_banned_words
from moodlens.models import Response
from moodlens.privacy.exports import collect_user_data
from moodlens.reports import build, delivery_habits, service
from moodlens.reports.render import report_html
from moodlens.reports.schemas import ReportReadyOut
from moodlens.signals.audio.decode import SAMPLE_RATE
from moodlens.signals.audio.variety import answer_voice_variety
from tests.reports import factories

pytestmark = pytest.mark.sqlite

SPOKEN = (
    "So, um, I think the key trade-off was latency. We really wanted it fast, really fast, "
    "and maybe we pushed too hard. At the end of the day we shipped. At the end of the day "
    "it worked. Really."
)


def _pitch() -> dict[str, Any]:
    """12 s at one pitch (a flat stretch), then 4 s gliding up an octave."""
    t = np.arange(4 * SAMPLE_RATE) / SAMPLE_RATE
    freqs = np.concatenate([np.full(12 * SAMPLE_RATE, 140.0), 140.0 * 2 ** (t / 4)])
    audio = (0.4 * np.sin(2 * np.pi * np.cumsum(freqs) / SAMPLE_RATE)).astype(np.float32)
    return answer_voice_variety([(30.0, audio)]).to_dict()


def _timed(text: str, start: float) -> list[dict[str, Any]]:
    return [
        {"text": w, "start": round(start + 0.4 * i, 2), "end": round(start + 0.4 * i + 0.3, 2)}
        for i, w in enumerate(text.split())
    ]


async def _session_with_pitch(db: AsyncSession) -> tuple[Any, Any, list[Response]]:
    user = await factories.user(db)
    session = await factories.ended_session(db, user)
    rows = list((await db.scalars(select(Response).where(Response.session_id == session.id))).all())
    rows.sort(key=lambda r: r.started_at or r.id)
    voice = [r for r in rows if r.input_mode == "voice"]
    first = voice[0]
    first.transcript_text = SPOKEN
    first.analysis_json = {**first.analysis_json, "words": _timed(SPOKEN, 30.0), "pitch": _pitch()}
    await db.flush()
    assert await build.run_build(db, session.id, now=factories.T0.replace(hour=23))
    return user, session, rows


async def _report(db: AsyncSession, session: Any) -> dict[str, Any]:
    await db.refresh(session)
    return await service.report_with_comparison(db, session)


async def test_report_carries_habits_and_voice_variety_per_answer_and_session(
    db: AsyncSession,
) -> None:
    _, session, _ = await _session_with_pitch(db)
    rep = await _report(db, session)
    ReportReadyOut.model_validate(rep)
    spoken = next(a for a in rep["answers"] if a["transcript"] == SPOKEN)

    habits = spoken["language_habits"]
    assert habits["timed"] is True
    hedges = {i["text"]: i for i in habits["hedges"]["items"]}
    assert set(hedges) == {"i think", "maybe"}
    # "I think" is the 4th word: its moment is that word's session time.
    assert hedges["i think"]["moments"][0]["at"] == pytest.approx(30.0 + 0.4 * 2)
    assert [i["text"] for i in habits["openers"]["items"]] == ["so um"]
    repeats = {i["text"]: i["count"] for i in habits["repeats"]["items"]}
    assert repeats == {"at the end of the day": 2, "really": 3}

    voice = spoken["voice_variety"]
    assert voice["measured"] is True and voice["range_st"] > 8
    (flat,) = voice["monotone"]
    # The glide rises 3 semitones a second: the stretch may reach 2/3 s into it.
    assert 29.9 <= flat["start"] <= 30.2 and 42.0 <= flat["end"] <= 42.8
    assert flat["range_st"] <= 2.0
    assert flat["text"] == f"Your pitch stayed within {flat['range_st']:.1f} semitones for 13 s."

    # Voice answers stored without pitch say so; typed answers have no voice to measure.
    others = [a for a in rep["answers"] if a is not spoken]
    assert any(a["voice_variety"]["reason"] == delivery_habits.NOT_STORED for a in others)
    typed = [a for a in rep["answers"] if a["input_mode"] == "typed"]
    assert typed and typed[0]["voice_variety"]["reason"] == delivery_habits.TYPED
    assert typed[0]["language_habits"]["timed"] is False

    session_habits = rep["language_habits"]
    assert session_habits["hedges"]["count"] >= 2
    assert rep["voice_variety"]["answers_measured"] == 1
    assert rep["voice_variety"]["monotone_count"] == 1

    html = report_html(rep)
    assert "Language habits and voice" in html and "Your pitch stayed within" in html
    assert "“i think” ×1 (0:31)" in html


async def test_our_sentences_name_no_inner_state(db: AsyncSession) -> None:
    _, session, _ = await _session_with_pitch(db)
    rep = await _report(db, session)
    ours: list[str] = [rep["voice_variety"]["summary"] or ""]
    for a in rep["answers"]:
        v = a["voice_variety"]
        ours += [v.get("summary") or "", v.get("reason") or ""]
        ours += [m["text"] for m in v["monotone"]]
    ours += [delivery_habits.NOT_STORED, delivery_habits.TYPED]
    assert all(not find_banned_words(t) for t in ours), ours
    html = report_html({**rep, "answers": []})
    assert not find_banned_words(html.split("Language habits and voice", 1)[1])


async def test_pitch_figures_are_in_the_data_export_and_carry_no_hertz(db: AsyncSession) -> None:
    user, session, _ = await _session_with_pitch(db)
    doc, _, _ = await collect_user_data(db, user)
    (s,) = [s for s in doc["sessions"] if s["id"] == str(session.id)]
    pitches = [r["analysis_json"]["pitch"] for r in s["responses"] if "pitch" in r["analysis_json"]]
    assert len(pitches) == 1 and pitches[0]["monotone"]
    assert not any("hz" in k.lower() for k in pitches[0])
