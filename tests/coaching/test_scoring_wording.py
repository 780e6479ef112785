"""No emotion or inner-state words in anything the scorer, summary, drills or plan produce.

EU AI Act Art. 5(1)(f) and DESIGN §8: facial and vocal cues are observable behaviour only.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Any

from moodlens.coaching.drills import load_catalogue
from moodlens.coaching.plan import weekly_plan
from moodlens.coaching.scoring.answer import score_answer
from moodlens.coaching.scoring.config import load_config
from moodlens.coaching.scoring.evidence import (
    AnswerAnalysis,
    AnswerEvidence,
    FaceSummary,
    SpeechEvidence,
)
from moodlens.coaching.summary import DISCLAIMER, summarise_session

# The brief's words (as substrings, so "stressed" or "emotional" are caught too) ...
SUBSTRINGS = ("nervous", "confident", "anxious", "happy", "sad", "emotion", "fear", "stress")
# ... and inner-state words as whole words ("confidence" is a dimension key, never text).
WORDS = {
    "afraid",
    "angry",
    "anxiety",
    "calm",
    "composed",
    "confidence",
    "feel",
    "feeling",
    "feelings",
    "felt",
    "frustrated",
    "mood",
    "nerves",
    "scared",
    "upset",
    "worried",
    "relaxed",
    "tense",
    "panic",
    "panicked",
    "comfortable",
    "uncomfortable",
}


def offending(text: str) -> list[str]:
    low = text.lower()
    found = [s for s in SUBSTRINGS if s in low]
    found += [w for w in re.findall(r"[a-z]+", low) if w in WORDS]
    return found


# Values under these keys are identifiers (the "confidence" dimension key), not copy.
ID_KEYS = {"dimension", "key", "focus", "targets", "id", "drill_id", "band", "level"}


def strings(obj: Any) -> list[str]:
    """Every string a candidate could read in a nested structure."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in ID_KEYS for s in strings(v)]
    if isinstance(obj, list | tuple):
        return [s for v in obj for s in strings(v)]
    return []


def variants() -> list[AnswerEvidence]:
    out = []
    combos = itertools.product(
        (0, 25, 180),  # words
        (0.0, 5.0, 12.0),  # fillers per minute
        (None, 0.3, 0.95),  # face seen ratio (None = audio only)
        (True, False),  # result stated
        (90.0, 150.0, 210.0),  # wpm
    )
    for i, (words, fpm, seen, result, wpm) in enumerate(combos):
        a = AnswerAnalysis(
            star={"situation": "s", "result": "We shipped it." if result else None},
            star_coverage=0.5 if result else 0.25,
            has_result=result,
            signposting_count=i % 3,
            key_points_covered=["a"] * (i % 2),
            key_points_missed=["b"],
            key_point_coverage=0.5 * (i % 2),
            off_topic=i % 7 == 0,
            specificity_count=i % 4,
            specifics=["10%"] * (i % 4),
            ownership_ratio=(i % 5) / 4,
            hedges_count=i % 6,
            hedges=["maybe"] * (i % 6),
            word_count=words,
            length_ratio=[None, 0.2, 1.0, 3.0][i % 4],
        )
        sp = SpeechEvidence(
            duration_s=60.0,
            speaking_s=words / 3.0,
            wpm=wpm,
            articulation_wpm=wpm,
            filler_count=int(fpm),
            filler_per_min=fpm,
            long_pause_count=i % 4,
            response_latency_s=[None, 0.5, 4.0, 9.0][i % 4],
            asr_confidence=[None, 0.5, 0.95][i % 3],
            volume_dbfs=[-50.0, -20.0, -2.0][i % 3],
            clipping_ratio=[0.0, 0.03][i % 2],
        )
        fc = (
            None
            if seen is None
            else FaceSummary(
                n_windows=100,
                seen_ratio=seen,
                attention=[0.3, 0.9][i % 2],
                composure=[30.0, 90.0][i % 2],
                looking_away_ratio=0.2,
                smile_share=0.1,
                head_movement_deg_s=4.0,
            )
        )
        out.append(
            AnswerEvidence(
                index=i,
                analysis=a,
                speech=sp if i % 9 else None,
                face=fc,
                transcript="One. Two three. " * (i % 3),
            )
        )
    return out


def test_answer_and_session_text_is_free_of_inner_state_words() -> None:
    scored = [score_answer(ev, role=["sde", "sales", None][ev.index % 3]) for ev in variants()]
    texts: list[str] = []
    for s in scored:
        texts += strings(s.to_dict())
    for chunk in range(0, len(scored), 6):
        summary = summarise_session(scored[chunk : chunk + 6])
        texts += strings(summary.to_dict())
        texts += strings(summary.recommendation_rows())
    bad = {t: offending(t) for t in texts if offending(t)}
    assert not bad, bad


def test_content_copy_is_free_of_inner_state_words() -> None:
    cfg = load_config()
    texts = [DISCLAIMER, *cfg.labels.values()]
    for d in load_catalogue().drills:
        texts += [d.title, d.why, *d.how]
    plan = weekly_plan(
        {"communication": 40.0, "confidence": 30.0, "structure": 60.0, "relevance": 70.0},
        30,
        date(2025, 1, 6),
    )
    texts += strings(plan.to_dict())
    bad = {t: offending(t) for t in texts if offending(t)}
    assert not bad, bad


def test_the_checker_itself_catches_the_words() -> None:
    assert offending("You seemed nervous")
    assert offending("Low confidence here")
    assert offending("Emotional tone")
    assert not offending("Delivery: head steady, facing the camera")
