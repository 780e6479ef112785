from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from moodlens.interview_sessions.schemas import TypedAnswerIn
from moodlens.practice.documents import MAX_TEXT_CHARS, JobSource

StarPart = Literal["situation", "task", "action", "result"]


class JobSkillOut(BaseModel):
    name: str
    source: Literal["vocabulary", "text"] = Field(
        description="'vocabulary': a skill of the product's skill list the text names; "
        "'text': a term the text itself repeats (a tool, a domain)."
    )
    terms: list[str] = Field(description="Words that show the skill in an answer.")
    evidence: str = Field(description="The job description's sentence that named it.")
    mentions: int


class JobDutyOut(BaseModel):
    phrase: str
    skills: list[str]


class JobProfileOut(BaseModel):
    skills: list[JobSkillOut]
    duties: list[JobDutyOut]


class JobDescriptionIn(BaseModel):
    # The bound is checked again after tidying, with a message saying how long it is.
    text: str = Field(max_length=MAX_TEXT_CHARS * 2)
    source: JobSource = Field(
        "paste", description="How the text arrived: pasted, or read out of an uploaded file."
    )
    filename: str | None = Field(None, max_length=200)


class ExtractedJobText(BaseModel):
    """An uploaded file's text, checked, with what was found in it. Nothing is stored."""

    text: str
    source: JobSource
    filename: str | None
    profile: JobProfileOut


class JobDescriptionOut(ExtractedJobText):
    created_at: datetime


class RetryIn(TypedAnswerIn):
    """A typed retry: the same fields and checks as a typed answer in the room."""


class DimensionValue(BaseModel):
    score: float | None
    measured: bool


class AttemptOut(BaseModel):
    attempt_no: int = Field(description="1 is the answer given in the session; 2+ retries.")
    input_mode: Literal["voice", "typed"]
    transcript: str
    answered_at: datetime | None
    overall: float | None
    scores: dict[str, DimensionValue]
    pace_wpm: float | None = Field(description="Speaking pace; null for typed attempts.")
    fillers: int = Field(
        description="Fillers: heard ones for spoken attempts, written ones for typed attempts."
    )
    star: dict[StarPart, str | None]
    star_expected: bool
    key_points_covered: list[str]
    key_points_missed: list[str]
    word_count: int
    long_pauses: int | None = Field(
        description="Pauses of 2 s or more; null for typed attempts (no voice to time)."
    )
    hedges: int = Field(description="Hedges ('I think', 'sort of', 'maybe'), as the report counts.")
    weak_openers: int
    repeats: int = Field(description="Words and phrases repeated past the report's threshold.")
    voice_range_st: float | None = Field(
        description="Pitch range in semitones (middle 90 % of voiced speech); null when not "
        "measured (typed, or too little voiced speech): voice_note says why."
    )
    flat_stretches: int | None = Field(description="Monotone stretches; null when not measured.")
    voice_note: str = Field(description="The voice-variety sentence, or why it is not measured.")


class Change(BaseModel):
    kind: Literal[
        "overall",
        "dimension",
        "pace",
        "fillers",
        "pauses",
        "habits",
        "voice",
        "star",
        "key_point",
        "words",
    ]
    text: str
    better: bool | None = Field(description="True an improvement, False a step back, null neutral.")


class QuestionAttemptsOut(BaseModel):
    question_id: str
    sequence_no: int
    question_text: str
    attempts: list[AttemptOut]
    best_attempt_no: int = Field(description="The attempt with the highest overall score.")
    retries: int
    changes: list[Change] = Field(
        description="What changed from the first attempt to the latest one (empty without a retry)."
    )
    note: str = Field(
        description="How attempts are compared: on words and voice only, camera cues left "
        "out, since a retry has none."
    )


class TalkingPointOut(BaseModel):
    name: str
    source: Literal["question", "job"]
    hit: bool
    quote: str | None = Field(description="The candidate's sentence that made the point.")
    attempt_no: int | None


class TalkingPointsOut(BaseModel):
    question_id: str
    question_text: str
    points: list[TalkingPointOut]


class SkillCoverageOut(BaseModel):
    name: str
    source: Literal["vocabulary", "text"]
    evidence: str
    covered: bool
    quotes: list[dict[str, str | int]] = Field(
        description="Sentences of the answers that used the skill: question_id, "
        "sequence_no, attempt_no, text."
    )


class JobCoverageOut(BaseModel):
    covered: list[SkillCoverageOut]
    never_came_up: list[SkillCoverageOut]


class PracticeOut(BaseModel):
    """The practice loop of one session: the job's skills against the answers, each
    answered question's attempts, and the best-attempt figures progress counts."""

    job: JobCoverageOut | None
    questions: list[QuestionAttemptsOut]
    retries: int
    first_attempt_overall: float | None = Field(description="Mean overall of first attempts.")
    best_attempt_overall: float | None = Field(
        description="Mean overall of each question's best attempt."
    )


class PracticeSessionOut(BaseModel):
    session_id: str
    retries: int
    first_attempt_overall: float | None
    best_attempt_overall: float | None = Field(
        description="Mean overall of each answered question's best attempt."
    )


class PracticeProgressOut(BaseModel):
    """Sessions the candidate practised again (most recent retry first)."""

    sessions: list[PracticeSessionOut]
    retries_total: int
