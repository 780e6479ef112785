from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from moodlens.coaching.content import Difficulty, Dimension, Role, RoundType


class TemplateConfigOut(BaseModel):
    """How the interviewer behaves in this template."""

    difficulty_range: tuple[Difficulty, Difficulty] = Field(
        description="Lowest and highest difficulty the engine moves between (inclusive)."
    )
    start_difficulty: Difficulty
    stress_dimensions: list[Dimension] = Field(
        description="Rubric dimensions this round weighs most."
    )
    max_follow_ups: int = Field(description="Follow-up questions at most per main question.")


class TemplateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str = Field(description="Stable readable key, e.g. 'sde-behavioral-medium'.")
    role_track: Role
    round_type: RoundType
    difficulty: Difficulty
    title: str
    description: str
    content_version: str = Field(description="Content version the template was last synced from.")
    config: TemplateConfigOut
