"""bench/live.py's interview clients: real WebSockets at the microphone's pace, every message
received kept with its arrival time (see bench/live.py for what is measured from them)."""

from __future__ import annotations

import bisect
import contextlib
import importlib.util
import json
import math
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import soundfile as sf
from websockets.sync.client import connect as ws_connect

from bench.speech import SpokenAnswer
from moodlens.live.client import LiveClient, frames_of
from moodlens.live.frames import SAMPLE_RATE

PASSWORD = "correct horse battery staple"
FRAME_MS = 40
SAVE_TIMEOUT_S = 300.0
FACE = {
    "face_present_ratio": 1.0,
    "yaw": 1.0,
    "pitch": 0.0,
    "roll": 0.0,
    "gaze_on_camera": 0.9,
    "movement_energy": 0.01,
    "smile": 0.1,
}


def speech_audio(seconds: float) -> np.ndarray:
    spec = importlib.util.find_spec("moonshine_cpp")
    assert spec is not None and spec.origin is not None
    wav, _ = sf.read(Path(spec.origin).parent / "test-data" / "beckett.wav", dtype="float32")
    gap = np.zeros(16000 * 2, dtype=np.float32)
    out = np.zeros(0, dtype=np.float32)
    while out.size < seconds * 16000:
        out = np.concatenate([out, wav, gap])
    return out[: int(seconds * 16000)]


def prepare_session(base: str) -> tuple[dict[str, str], str, str]:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    r = httpx.post(
        f"{base}/v1/auth/signup", json={"email": email, "password": PASSWORD, "full_name": "B"}
    )
    r.raise_for_status()
    token = r.json()["access_token"]
    h = {"Authorization": f"Bearer {token}"}
    consent = httpx.get(f"{base}/v1/consents/current").json()
    httpx.post(
        f"{base}/v1/users/me/consents",
        headers=h,
        json={
            "consent_version": consent["version"],
            "scopes": [s["id"] for s in consent["scopes"]],
        },
    ).raise_for_status()
    t = httpx.get(f"{base}/v1/templates", headers=h, params={"role_track": "sde"}).json()
    template = t[0] if isinstance(t, list) else t["items"][0]
    s = httpx.post(
        f"{base}/v1/sessions",
        headers=h,
        json={"template_id": template["id"], "duration_minutes": 10},
    )
    s.raise_for_status()
    sid = s.json()["id"]
    httpx.post(f"{base}/v1/sessions/{sid}/start", headers=h).raise_for_status()
    q = httpx.post(f"{base}/v1/sessions/{sid}/questions/next", headers=h).json()
    return h, sid, q["id"]


def stream_answer(
    base: str, token: str, sid: str, qid: str, audio: np.ndarray, out: list[dict[str, Any]]
) -> None:
    client = LiveClient(base.replace("http://", "ws://"), sid, token)
    client.connect()
    client.event("answer_started", qid, 0)
    start = time.perf_counter()
    for offset_ms, chunk in frames_of(audio, FRAME_MS):
        client.send_audio(chunk, offset_ms)
        if int(offset_ms) % 500 == 0:
            client.face(offset_ms, FACE)
        client.drain(0)
        # Real-time pace: never send ahead of the microphone.
        delay = start + (offset_ms + FRAME_MS) / 1000 - time.perf_counter()
        if delay > 0:
            client.drain(delay)
    client.event("answer_ended", qid, len(audio) / 16)
    with contextlib.suppress(TimeoutError):
        client.wait_for(lambda m: m["type"] == "answer_saved", timeout=120)
    client.close()
    out.extend(client.received)


@dataclass
class Answer:
    spoken: SpokenAnswer
    question_id: str = ""
    start_ms: float = 0.0  # session time of answer_started
    saved: dict[str, Any] | None = None


@dataclass
class Interview:
    """One client's run: what it sent (seq -> send time; session time -> send time) and got."""

    answers: list[Answer]
    sent_at: dict[int, float] = field(default_factory=dict)
    audio_sent: list[tuple[float, float]] = field(default_factory=list)  # (t_ms, perf time)
    received: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def wall_of(self, t_ms: float) -> float | None:
        """When the client sent the audio captured at session time `t_ms`."""
        i = bisect.bisect_right(self.audio_sent, (t_ms, math.inf)) - 1
        if i < 0:
            return None
        t0, wall = self.audio_sent[i]
        return wall + (t_ms - t0) / 1000


class _BrowserLikeClient(LiveClient):
    """Sends no WebSocket pings, as browsers do not: a ping timeout on a loaded machine
    would kill a client that the real room keeps."""

    def connect(self, origin: str | None = None, ready_timeout: float = 60.0) -> dict[str, Any]:
        self.ws = ws_connect(
            f"{self.base_ws_url}/v1/sessions/{self.session_id}/stream",
            max_size=2**22,
            ping_interval=None,
            open_timeout=60,
        )
        self.ws.send(json.dumps({"type": "auth", "token": self.token}))
        self.ready = json.loads(self.ws.recv(timeout=ready_timeout))
        return self.ready


class _Streamer:
    """Real-time microphone: frames go out at capture pace, messages are read in between."""

    def __init__(self, client: LiveClient, run: Interview) -> None:
        self.client = client
        self.run = run
        self.t_ms = 0.0
        self.t0 = time.perf_counter()

    def _read(self, timeout: float) -> None:
        for m in self.client.drain(timeout):
            self.run.received.append(m)

    def audio(self, samples: np.ndarray) -> None:
        step = SAMPLE_RATE * FRAME_MS // 1000
        for i in range(0, samples.size, step):
            chunk = samples[i : i + step]
            now = time.perf_counter()
            seq = self.client.send_audio(chunk, self.t_ms)
            self.run.sent_at[seq] = now
            self.run.audio_sent.append((self.t_ms, now))
            if int(self.t_ms) % 500 < FRAME_MS:
                self.run.sent_at[self.client.face(self.t_ms, FACE)] = time.perf_counter()
            self.t_ms += chunk.size * 1000 / SAMPLE_RATE
            self._read(0)
            delay = self.t0 + self.t_ms / 1000 - time.perf_counter()
            if delay > 0:
                self._read(delay)

    def silence(self, seconds: float) -> None:
        self.audio(np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32))

    def silence_until(self, done: threading.Event, limit_s: float) -> None:
        end = time.perf_counter() + limit_s
        while not done.is_set() and time.perf_counter() < end:
            self.silence(0.2)

    def event(self, name: str, question_id: str) -> None:
        seq = self.client.event(name, question_id, self.t_ms)
        self.run.sent_at[seq] = time.perf_counter()


def _ask_next(base: str, sid: str, token: str, got: dict[str, Any], done: threading.Event) -> None:
    # Like the room's retry: a 503 (the previous answer is still being transcribed) is asked
    # again after its Retry-After, within the overall save timeout.
    deadline = time.monotonic() + SAVE_TIMEOUT_S
    got["retries"] = 0
    try:
        while True:
            r = httpx.post(
                f"{base}/v1/sessions/{sid}/questions/next",
                headers={"Authorization": f"Bearer {token}"},
                timeout=SAVE_TIMEOUT_S,
            )
            got["status"], got["body"] = r.status_code, r.json()
            if r.status_code != 503 or time.monotonic() > deadline:
                break
            got["retries"] += 1
            time.sleep(float(r.headers.get("Retry-After", "5")))
    except Exception as exc:
        got["status"], got["body"] = None, str(exc)
    finally:
        done.set()


def interview(
    base: str, token: str, sid: str, first_qid: str, run: Interview, delay: float
) -> None:
    try:
        time.sleep(delay)
        client = _BrowserLikeClient(base.replace("http://", "ws://"), sid, token)
        client.connect()
        mic = _Streamer(client, run)
        qid = first_qid
        for k, answer in enumerate(run.answers):
            answer.question_id = qid
            mic.event("question_shown", qid)
            mic.silence(0.5)
            answer.start_ms = mic.t_ms
            mic.event("answer_started", qid)
            mic.audio(answer.spoken.audio)
            mic.silence(0.8)  # the room ends an answer after a silence
            mic.event("answer_ended", qid)
            if k + 1 < len(run.answers):
                # The next question loads while the microphone keeps streaming.
                got: dict[str, Any] = {}
                done = threading.Event()
                threading.Thread(
                    target=_ask_next, args=(base, sid, token, got, done), daemon=True
                ).start()
                mic.silence_until(done, SAVE_TIMEOUT_S)
                if got.get("status") != 201:
                    raise RuntimeError(f"next question: {got}")
                qid = str(got["body"]["id"])
        want = {a.question_id for a in run.answers}
        deadline = time.monotonic() + SAVE_TIMEOUT_S
        while time.monotonic() < deadline:
            saved = {m["question_id"] for m in run.received if m["type"] == "answer_saved"}
            if want <= saved:
                break
            mic._read(0.5)
        client.close()
    except Exception as exc:  # a dead client is a finding, not a crash of the bench
        run.error = f"{type(exc).__name__}: {exc}"[:300]
    for m in run.received:
        if m["type"] == "answer_saved":
            for a in run.answers:
                if a.question_id == m["question_id"]:
                    a.saved = m
