"""Rubric scoring (pure): evidence in, explained 0-100 scores with bands out.

Call order for a report build:
1. ``face_summaries(windows, answer_spans)`` -> session face series + one summary per answer
2. ``score_answer(AnswerEvidence(...), role=..., round_type=...)`` for each answer
3. ``moodlens.coaching.summary.summarise_session(scored_answers)`` for the session
4. ``session_timeline(evidences, face_series)`` for the timeline events
"""

from moodlens.coaching.scoring.answer import score_answer
from moodlens.coaching.scoring.config import DIMENSIONS, ScoringConfig, load_config
from moodlens.coaching.scoring.evidence import (
    AnswerAnalysis,
    AnswerAnalysisLike,
    AnswerEvidence,
    FaceSummary,
    FaceWindow,
    SpeechEvidence,
)
from moodlens.coaching.scoring.prepare import face_summaries, session_timeline
from moodlens.coaching.scoring.results import AnswerScores, DimensionScore, Factor, ScoreValue
from moodlens.coaching.scoring.session import SessionScores, score_session

__all__ = [
    "DIMENSIONS",
    "AnswerAnalysis",
    "AnswerAnalysisLike",
    "AnswerEvidence",
    "AnswerScores",
    "DimensionScore",
    "FaceSummary",
    "FaceWindow",
    "Factor",
    "ScoreValue",
    "ScoringConfig",
    "SessionScores",
    "SpeechEvidence",
    "face_summaries",
    "load_config",
    "score_answer",
    "score_session",
    "session_timeline",
]
