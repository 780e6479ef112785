"""A small Python client of the live protocol (docs/live-protocol.md).

Used by the live benchmark and the end-to-end tests, and a reference for integrators:
it streams a recording as if it came from a microphone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from websockets.sync.client import ClientConnection, connect

from moodlens.live.frames import SAMPLE_RATE, encode_audio_frame
from moodlens.signals.audio.decode import FloatArray


@dataclass
class LiveClient:
    base_ws_url: str  # e.g. ws://127.0.0.1:8000
    session_id: str
    token: str
    seq: int = -1
    received: list[dict[str, Any]] = field(default_factory=list)
    ws: ClientConnection | None = None
    ready: dict[str, Any] | None = None

    def connect(self, origin: str | None = None, ready_timeout: float = 60.0) -> dict[str, Any]:
        """Open the stream and authenticate; returns the server's ready message.

        The ready message comes after the server has checked the token and attached the
        session's pipeline, which on a loaded machine (a test suite, a bench at its limit)
        can take seconds: the wait is a generous ceiling, not a latency expectation."""
        headers = {"Origin": origin} if origin else None
        self.ws = connect(
            f"{self.base_ws_url}/v1/sessions/{self.session_id}/stream",
            additional_headers=headers,
            max_size=2**22,
            # The connection lives across calls of this object, not inside one `with` block.
            legacy=True,
        )
        self.ws.send(json.dumps({"type": "auth", "token": self.token}))
        self.ready = json.loads(self.ws.recv(timeout=ready_timeout))
        return self.ready

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def send_audio(self, samples: FloatArray, t_ms: float, seq: int | None = None) -> int:
        assert self.ws is not None
        s = self.next_seq() if seq is None else seq
        self.ws.send(encode_audio_frame(s, t_ms, samples))
        return s

    def send_json(self, message: dict[str, Any], seq: int | None = None) -> int:
        assert self.ws is not None
        s = self.next_seq() if seq is None else seq
        self.ws.send(json.dumps({**message, "seq": s}))
        return s

    def event(self, name: str, question_id: str, t_ms: float) -> int:
        return self.send_json(
            {"type": "event", "name": name, "question_id": question_id, "t_ms": t_ms}
        )

    def face(self, t_ms: float, features: dict[str, Any]) -> int:
        return self.send_json({"type": "face", "t_ms": t_ms, "features": features})

    def drain(self, timeout: float = 0.0) -> list[dict[str, Any]]:
        """Read every message available within `timeout` seconds."""
        assert self.ws is not None
        out: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = max(0.0, deadline - time.monotonic())
            try:
                raw = self.ws.recv(timeout=remaining)
            except TimeoutError:
                break
            msg = json.loads(raw)
            msg["_received_at"] = time.perf_counter()
            out.append(msg)
            self.received.append(msg)
        return out

    def wait_for(self, predicate: Any, timeout: float) -> dict[str, Any]:
        for msg in self.received:
            if predicate(msg):
                return msg
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for msg in self.drain(min(0.5, max(0.0, deadline - time.monotonic()))):
                if predicate(msg):
                    return msg
        raise TimeoutError("expected live message did not arrive")


def frames_of(samples: FloatArray, frame_ms: int = 100) -> Iterator[tuple[float, FloatArray]]:
    """(offset in ms, samples) chunks of a recording, as a microphone would deliver them."""
    step = SAMPLE_RATE * frame_ms // 1000
    for i in range(0, len(samples), step):
        yield i * 1000 / SAMPLE_RATE, np.asarray(samples[i : i + step], dtype=np.float32)
