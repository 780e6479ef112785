"""Report shapes of language habits and voice variety (`reports/delivery_habits.py`).

Both are optional on the report: reports stored before they existed have neither."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class HabitMomentOut(_Open):
    at: float | None = Field(description="Seconds from session start (spoken answers).")
    char: int = Field(description="Character position in the answer's transcript.")
    word: int = Field(description="Word position in the answer.")
    context: str = Field(description="The words around it, as said or typed.")


class HabitItemOut(_Open):
    text: str
    count: int
    moments: list[HabitMomentOut]
    threshold: int | None = Field(
        default=None,
        description="Repeats only: uses from which the answer's length no longer explains it.",
    )


class HabitSectionOut(_Open):
    count: int
    per_100_words: float | None
    items: list[HabitItemOut]


class LanguageHabitsOut(_Open):
    version: int
    words: int
    timed: bool = Field(description="True when moments carry session times.")
    hedges: HabitSectionOut
    openers: HabitSectionOut = Field(description="Weak openers ('So, um', 'Basically').")
    repeats: HabitSectionOut


class SessionHabitItemOut(_Open):
    text: str
    count: int
    answers: list[int] = Field(description="Indexes of the answers it happened in.")


class SessionHabitSectionOut(_Open):
    count: int
    per_100_words: float | None
    items: list[SessionHabitItemOut]


class SessionLanguageHabitsOut(_Open):
    version: int
    words: int
    hedges: SessionHabitSectionOut
    openers: SessionHabitSectionOut
    repeats: SessionHabitSectionOut


class MonotoneStretchOut(_Open):
    start: float = Field(description="Seconds from session start.")
    end: float
    duration_s: float
    range_st: float = Field(description="How far the pitch moved in it, in semitones.")
    text: str


class VoiceVarietyOut(_Open):
    measured: bool
    reason: str | None = Field(default=None, description="Why not, when not measured.")
    summary: str | None = None
    voiced_s: float | None = None
    range_st: float | None = Field(
        default=None, description="Semitones spanned by the middle 90 % of voiced speech."
    )
    variability_st: float | None = Field(default=None, description="SD in semitones.")
    monotone: list[MonotoneStretchOut] = Field(default_factory=list)


class SessionVoiceVarietyOut(_Open):
    measured: bool
    answers_measured: int
    median_range_st: float | None = None
    monotone_count: int
    monotone_s: float | None = None
    summary: str | None
