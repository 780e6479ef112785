"""The live protocol's server messages have one schema (moodlens.live.messages)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from moodlens.live.messages import live_protocol_schema, server_message


def test_a_cue_caused_by_an_audio_frame_keeps_its_seq_and_others_go_out_without_one() -> None:
    frame_cue = {
        "type": "cue",
        "cue": "pace",
        "level": "ok",
        "value": 140.0,
        "message": "About 140 words a minute.",
        "t_ms": 5000,
        "latency_ms": 1.2,
        "seq": 41,
    }
    assert server_message(frame_cue)["seq"] == 41
    face_cue = {k: v for k, v in frame_cue.items() if k != "seq"} | {"cue": "attention"}
    assert "seq" not in server_message(face_cue)


def test_answer_saved_carries_the_stored_transcript() -> None:
    saved = {
        "type": "answer_saved",
        "question_id": "q",
        "response_id": "r",
        "transcript": "I led it.",
    }
    assert server_message(saved) == saved
    with pytest.raises(ValidationError, match="transcript"):
        server_message({"type": "answer_saved", "question_id": "q", "response_id": "r"})


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "ack", "seq": 3, "extra": 1},  # a field the schema does not name
        {
            "type": "cue",
            "cue": "mood",
            "level": "ok",
            "value": None,
            "message": "",
            "t_ms": 0,
            "latency_ms": 0,
        },
        {"type": "hello"},
    ],
)
def test_a_message_outside_the_schema_is_refused_at_the_send_site(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        server_message(bad)


def test_the_schema_names_every_server_message_once() -> None:
    schemas = live_protocol_schema()["components"]["schemas"]
    union = [ref["$ref"].rsplit("/", 1)[1] for ref in schemas["ServerMessage"]["oneOf"]]
    types = [schemas[name]["properties"]["type"]["const"] for name in union]
    assert sorted(types) == ["ack", "answer_saved", "cue", "error", "nack", "ready", "transcript"]
