"""What the scorer reads for one answer.

The answer-analysis engineer's ``AnswerAnalysis`` and the speech library's metrics are
accepted structurally (a Protocol, or our own dataclasses with the same field names), so
scoring never imports their modules and neither side blocks the other.

All times are seconds from session start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from moodlens.signals.face import FaceSummary, FaceWindow

__all__ = [
    "AnswerAnalysis",
    "AnswerAnalysisLike",
    "AnswerEvidence",
    "FaceSummary",
    "FaceWindow",
    "SpeechEvidence",
]


class AnswerAnalysisLike(Protocol):
    """Read-only view of the answer analysis (properties so frozen dataclasses match)."""

    @property
    def star(self) -> Mapping[str, str | None]: ...
    @property
    def star_coverage(self) -> float: ...
    @property
    def has_result(self) -> bool: ...
    @property
    def signposting_count(self) -> int: ...
    @property
    def key_points_covered(self) -> Sequence[str]: ...
    @property
    def key_points_missed(self) -> Sequence[str]: ...
    @property
    def key_point_coverage(self) -> float: ...
    @property
    def off_topic(self) -> bool: ...
    @property
    def specificity_count(self) -> int: ...
    @property
    def specifics(self) -> Sequence[str]: ...
    @property
    def ownership_ratio(self) -> float: ...
    @property
    def hedges_count(self) -> int: ...
    @property
    def hedges(self) -> Sequence[str]: ...
    @property
    def word_count(self) -> int: ...
    @property
    def length_ratio(self) -> float | None: ...
    @property
    def gaps(self) -> Sequence[str]: ...
    @property
    def answer_format(self) -> str: ...
    @property
    def rubric(self) -> Mapping[str, str | None]: ...
    @property
    def semantic_z(self) -> float | None: ...
    @property
    def text_fillers(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class AnswerAnalysis:
    """Same fields as the answer-analysis library's result, for tests and typed-in answers."""

    star: Mapping[str, str | None] = field(default_factory=dict)
    star_coverage: float = 0.0
    has_result: bool = False
    signposting_count: int = 0
    key_points_covered: Sequence[str] = ()
    key_points_missed: Sequence[str] = ()
    key_point_coverage: float = 0.0
    off_topic: bool = False
    specificity_count: int = 0
    specifics: Sequence[str] = ()
    ownership_ratio: float = 0.0
    hedges_count: int = 0
    hedges: Sequence[str] = ()
    word_count: int = 0
    length_ratio: float | None = None
    gaps: Sequence[str] = ()
    answer_format: str = "story"
    # Empty: judged on `star` (a story). None: not measured (no semantic model run).
    rubric: Mapping[str, str | None] = field(default_factory=dict)
    semantic_z: float | None = None
    text_fillers: int | None = None


@dataclass(frozen=True, slots=True)
class SpeechEvidence:
    """Per-answer speech metrics (names follow the speech library; the glue maps them).

    ``filler_per_min`` may be None (the speech library leaves it unset for very short spans).
    ``filler_times`` and ``word_starts`` are optional extras for the timeline (filler bursts
    and rolling pace); scoring does not need them.
    """

    duration_s: float
    speaking_s: float
    wpm: float | None
    articulation_wpm: float | None
    filler_count: int
    filler_per_min: float | None
    pauses: Sequence[tuple[float, float]] = ()
    long_pause_count: int = 0
    response_latency_s: float | None = None
    asr_confidence: float | None = None
    volume_dbfs: float | None = None
    clipping_ratio: float | None = None
    filler_times: Sequence[float] = ()
    word_starts: Sequence[float] = ()

    @property
    def filler_rate(self) -> float | None:
        """Fillers per minute; derived from the count when the library gave no rate."""
        if self.filler_per_min is not None:
            return self.filler_per_min
        minutes = (self.speaking_s or self.duration_s) / 60.0
        return self.filler_count / minutes if minutes > 0 else None


@dataclass(frozen=True, slots=True)
class AnswerEvidence:
    """Everything known about one answer. ``speech`` is None for typed answers, ``face`` is
    None for audio-only sessions (see :func:`moodlens.coaching.scoring.prepare.face_summaries`).
    ``transcript`` is optional and only feeds the sentence-length metric.
    """

    index: int
    analysis: AnswerAnalysisLike
    speech: SpeechEvidence | None = None
    face: FaceSummary | None = None
    start_s: float = 0.0
    end_s: float = 0.0
    question_id: str | None = None
    transcript: str | None = None
