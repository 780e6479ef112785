"""The report API's shapes. `ReportOut` is a union on `status`: "ready" (the report),
"building" (202, poll again) or "failed" (the reason, and a retry)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from moodlens.reports.habits_schemas import (
    LanguageHabitsOut,
    SessionLanguageHabitsOut,
    SessionVoiceVarietyOut,
    VoiceVarietyOut,
)

Band = Literal["low", "medium", "high"]
DimensionKey = Literal["communication", "confidence", "structure", "relevance"]
Direction = Literal["better", "worse", "same"]


class _Open(BaseModel):
    # Extra keys are welcome in the report (issue 6): new fields reach clients without a
    # schema release, and the typed ones below are the stable contract.
    model_config = ConfigDict(extra="allow")


class ScoreOut(_Open):
    score: float = Field(description="0-100.")
    band: Band = Field(description="How much evidence stands behind the score.")
    interval: list[float] = Field(
        min_length=2, max_length=2, description="Likely range [low, high] of the score."
    )


class FactorOut(_Open):
    text: str = Field(description="The reason in plain words, with its evidence and norm.")
    effect: Literal["+", "-"]
    key: str = Field(description="Stable id of the reason (e.g. 'fillers', 'star').")
    dimension: DimensionKey
    sources: list[str] = Field(default_factory=list, description="Studies behind the norm.")
    answer_index: int | None = None


class DimensionOut(ScoreOut):
    label: str = Field(description="Candidate-facing name ('confidence' shows as 'Delivery').")
    level: str = Field(description="Wording level: strong, developing or needs work.")
    factors: list[FactorOut]
    warnings: list[str]
    # Default True: reports stored before the flag existed were all measured.
    measured: bool = Field(
        default=True,
        description="False when nothing the score rests on was observed (a typed answer has "
        "no voice or camera, so no delivery): show 'not measured', not the number.",
    )


class HighlightOut(_Open):
    text: str
    dimension: DimensionKey
    key: str
    answer_index: int | None = None


class DrillOut(_Open):
    id: str
    title: str
    dimension: str
    targets: list[str]
    minutes: int
    how: list[str]
    why: str
    priority: Literal["high", "medium", "low"]
    reason: str


class SegmentOut(_Open):
    type: Literal["word", "filler", "pause"] = Field(
        description="word: a recognised word (`filler` marks um/uh/like...); filler: a filler "
        "heard but left out of the transcript; pause: a silence of 0.6 s or more."
    )
    text: str
    start: float = Field(description="Seconds from session start.")
    end: float
    filler: bool | None = None
    duration_s: float | None = None


class FillerOut(_Open):
    text: str
    start: float
    end: float
    kind: str = Field(description="filled_pause (um, uh) or discourse (like, you know).")


class PauseOut(_Open):
    start: float
    end: float
    duration_s: float
    long: bool = Field(description="2 s or more.")


class AnswerContentOut(_Open):
    answer_format: str
    star_expected: bool
    star: dict[str, str | None] = Field(description="STAR part -> the sentence showing it.")
    star_coverage: float
    key_points_covered: list[str]
    key_points_missed: list[str]
    specifics: list[str]
    hedges: list[str]
    gaps: list[str]
    word_count: int


class AnswerOut(_Open):
    index: int
    question_id: uuid.UUID
    sequence_no: int
    question_text: str
    question_source: str
    follow_up_reason: str | None
    input_mode: Literal["voice", "typed"] | str
    asked_at: float | None = Field(description="Seconds from session start.")
    start: float | None
    end: float | None
    duration_s: float | None
    transcript: str
    word_count: int
    segments: list[SegmentOut] = Field(description="Timed transcript (voice answers).")
    fillers: list[FillerOut]
    pauses: list[PauseOut]
    scores: dict[DimensionKey, DimensionOut]
    overall: ScoreOut
    metrics: dict[str, float | None]
    analysis: AnswerContentOut
    language_habits: LanguageHabitsOut | None = None
    voice_variety: VoiceVarietyOut | None = None
    warnings: list[str]
    event_indices: list[int] = Field(description="Indexes into the report's `events`.")


class EventOut(_Open):
    type: str = Field(description="A key of the report's `event_types`.")
    label: str
    start: float
    end: float
    answer_index: int | None


class EventTypeOut(BaseModel):
    label: str
    description: str


class TimelineOut(_Open):
    t: list[float]
    attention: list[float | None]
    composure: list[float | None]
    face_in_view: list[bool | None]
    pace_wpm: list[float | None]
    speaking: list[bool | None]
    answer_spans: list[list[float | None]]
    series: dict[str, str] = Field(description="What each series means.")


class SessionInfoOut(_Open):
    id: uuid.UUID
    title: str
    role: str | None
    round_type: str | None
    difficulty: str | None
    started_at: str | None
    ended_at: str | None
    duration_s: float | None
    answered: int
    unanswered: int
    has_camera: bool
    has_voice: bool


class ScoreDeltaOut(BaseModel):
    current: float
    previous: float
    delta: float
    direction: Direction


class MetricDeltaOut(BaseModel):
    current: float | None
    previous: float | None
    delta: float | None
    direction: Direction | None


class ComparisonOut(_Open):
    """Session N vs N-1. With `available` false (a first session) only ids are set."""

    available: bool
    session_id: uuid.UUID
    previous_session_id: uuid.UUID | None
    previous_ended_at: str | None = None
    previous_title: str | None = None
    versions_differ: bool | None = None
    overall: ScoreDeltaOut | None = None
    dimensions: dict[DimensionKey, ScoreDeltaOut] | None = None
    metrics: dict[str, MetricDeltaOut] | None = None
    unavailable_reason: str | None = Field(
        default=None,
        description="Why there is no comparison when it is not that this is a first session "
        "(this session's stored scores could not be read).",
    )


class ReportReadyOut(_Open):
    status: Literal["ready"]
    report_version: int
    built_at: str
    scoring_version: str
    drills_version: str
    session: SessionInfoOut
    labels: dict[DimensionKey, str]
    overall: ScoreOut
    dimensions: dict[DimensionKey, DimensionOut]
    summary_text: str
    strengths: list[HighlightOut]
    improvements: list[HighlightOut]
    drills: list[DrillOut]
    metrics: dict[str, float | None]
    answers: list[AnswerOut]
    language_habits: SessionLanguageHabitsOut | None = None
    voice_variety: SessionVoiceVarietyOut | None = None
    events: list[EventOut]
    event_types: dict[str, EventTypeOut]
    timeline: TimelineOut
    warnings: list[str] = Field(description="Low-confidence warnings to show with the scores.")
    disclaimer: str = Field(description="Show with the scores: 'do not over-interpret'.")
    comparison: ComparisonOut


class BuildProgressOut(BaseModel):
    stage: Literal["queued", "scoring", "retrying"]
    attempt: int
    max_attempts: int
    percent: int = Field(description="Coarse: 10 while queued, 60 while working.")
    last_error: str | None


class ReportBuildingOut(BaseModel):
    status: Literal["building"]
    session_id: uuid.UUID
    progress: BuildProgressOut
    poll_after_s: float


class ReportFailedOut(BaseModel):
    status: Literal["failed"]
    session_id: uuid.UUID
    error: str = Field(description="Why, in words for the candidate.")
    attempts: int
    can_retry: bool
    retry_url: str


ReportOut = Annotated[
    ReportReadyOut | ReportBuildingOut | ReportFailedOut, Field(discriminator="status")
]


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    export_type: Literal["pdf", "csv"]
