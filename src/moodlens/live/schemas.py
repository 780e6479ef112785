"""Messages of the live protocol (docs/live-protocol.md) and the offline batch endpoint."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Finite = Annotated[float, Field(allow_inf_nan=False)]
Ratio = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Angle = Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
# Capture time in ms since the session started; a 30-minute session plus slack.
SessionMs = Annotated[float, Field(ge=0.0, le=4 * 3600 * 1000, allow_inf_nan=False)]


class FaceFeatures(BaseModel):
    """One 500 ms window of observable face behaviour computed in the browser.

    Yaw/pitch/roll and gaze are null when no face was seen in the window."""

    model_config = ConfigDict(extra="forbid")

    face_present_ratio: Ratio
    yaw: Angle | None = None
    pitch: Angle | None = None
    roll: Angle | None = None
    gaze_on_camera: Ratio | None = None
    # Null when movement could not be measured (no face, or a single frame in the window).
    movement_energy: Annotated[float, Field(ge=0.0, le=1000.0, allow_inf_nan=False)] | None = None
    smile: Ratio | None = None


class FaceWindowIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    t_ms: SessionMs
    features: FaceFeatures


class SignalBatchIn(BaseModel):
    windows: list[FaceWindowIn] = Field(min_length=1, max_length=720)


class SignalBatchOut(BaseModel):
    accepted: int
    stored_seconds: int


class AuthMessage(BaseModel):
    type: Literal["auth"]
    token: str = Field(min_length=10, max_length=4096)


class FaceMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["face"]
    seq: int = Field(ge=0)
    t_ms: SessionMs
    features: FaceFeatures


class EventMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["event"]
    seq: int = Field(ge=0)
    t_ms: SessionMs
    name: Literal["question_shown", "answer_started", "answer_ended"]
    question_id: uuid.UUID


ClientJson = Annotated[FaceMessage | EventMessage, Field(discriminator="type")]
