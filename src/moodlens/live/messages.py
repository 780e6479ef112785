"""Server -> client messages of the live stream (docs/live-protocol.md), as one schema.

The browser's types are generated from `live_protocol_schema()` (web/live-protocol.json ->
web/src/client/live.d.ts, `npm run gen:client`; `npm run check:client` fails on drift), so the
server, the docs and the client can no longer each say something else. Every message the
server sends goes through `server_message()`, which validates it against these models.

Run `python -m moodlens.live.messages` to print the schema.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

CueName = Literal["speaking", "pause", "pace", "filler", "volume", "attention", "transcripts"]
CueLevel = Literal["ok", "info", "warn"]


class _Message(BaseModel):
    # A field the schema does not name is a bug at the send site, not something to pass on.
    model_config = ConfigDict(extra="forbid")


class CaptureAllowed(_Message):
    """What the user's consent lets this connection carry."""

    audio: bool
    face: bool


class ReadyMessage(_Message):
    """After a good `auth`: where to resume and what may be sent."""

    type: Literal["ready"]
    last_seq: int = Field(ge=-1, description="Highest sequence number already ingested (-1: none).")
    resumed: bool
    capture: CaptureAllowed


class AckMessage(_Message):
    type: Literal["ack"]
    seq: int = Field(ge=-1, description="Everything up to this sequence number is ingested.")


class NackMessage(_Message):
    type: Literal["nack"]
    expected: int = Field(ge=0, description="Resend from this sequence number.")


class CueMessage(_Message):
    """A sparse live cue in plain words (DESIGN §8b)."""

    type: Literal["cue"]
    cue: CueName
    level: CueLevel
    value: float | None
    message: str
    t_ms: float = Field(description="Capture time of what caused the cue (ms since the start).")
    latency_ms: float = Field(description="Server time from the frame received to the cue sent.")
    seq: int | None = Field(
        default=None, description="The audio frame that caused the cue (absent for other cues)."
    )


class TranscriptWord(_Message):
    text: str
    start_ms: int
    end_ms: int


class TranscriptMessage(_Message):
    type: Literal["transcript"]
    question_id: str | None = Field(description="The answer it belongs to; null while unclaimed.")
    start_ms: int
    end_ms: int
    text: str
    words: list[TranscriptWord]
    latency_ms: float = Field(description="Utterance end to transcript sent.")


class AnswerSavedMessage(_Message):
    """After `answer_ended`, once every utterance of the answer is transcribed and stored."""

    type: Literal["answer_saved"]
    question_id: str
    response_id: str
    transcript: str = Field(description="The stored answer's whole transcript.")


class ErrorMessage(_Message):
    """A bad or refused message; the socket stays open and the message is not acknowledged."""

    type: Literal["error"]
    error: str
    detail: str


ServerMessage = Annotated[
    ReadyMessage
    | AckMessage
    | NackMessage
    | CueMessage
    | TranscriptMessage
    | AnswerSavedMessage
    | ErrorMessage,
    Field(discriminator="type"),
]

_SERVER_MESSAGE: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)

MESSAGE_MODELS: tuple[type[_Message], ...] = (
    ReadyMessage,
    AckMessage,
    NackMessage,
    CueMessage,
    TranscriptMessage,
    AnswerSavedMessage,
    ErrorMessage,
)


def server_message(message: dict[str, Any] | _Message) -> dict[str, Any]:
    """The JSON body of a server message, checked against the schema (raises ValidationError).

    Optional fields left unset are omitted: a cue without `seq` goes out without the key."""
    model = message if isinstance(message, BaseModel) else _SERVER_MESSAGE.validate_python(message)
    return model.model_dump(mode="json", exclude_unset=True)


def live_protocol_schema() -> dict[str, Any]:
    """The server messages as an OpenAPI document with only components, so the web client's
    types come from the same generator as the REST client's (openapi-typescript)."""
    defs: dict[str, Any] = {}
    for model in MESSAGE_MODELS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    refs = {m.__name__: f"#/components/schemas/{m.__name__}" for m in MESSAGE_MODELS}
    # The mapping names each `type` value; without it generators take the model's name for it.
    mapping = {defs[name]["properties"]["type"]["const"]: ref for name, ref in refs.items()}
    defs["ServerMessage"] = {
        "oneOf": [{"$ref": ref} for ref in refs.values()],
        "discriminator": {"propertyName": "type", "mapping": dict(sorted(mapping.items()))},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "MoodLens live stream: server messages", "version": "1"},
        "paths": {},
        "components": {"schemas": dict(sorted(defs.items()))},
    }


if __name__ == "__main__":
    json.dump(live_protocol_schema(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
