"""Live path under load, measured as the candidate sees it.

Starts `moodlens serve` on a temporary SQLite database; for each level N, N interview clients
(threads) each give two spoken answers of 25-45 s (real answer texts, espeak-ng + sox, see
bench/speech.py) at real-time pace with face windows every 500 ms, ask for the next question
between them (the microphone keeps streaming silence meanwhile), and wait for every answer
to be saved. Each level runs twice: all clients starting at once ("lockstep") and starts
spread over 10 s ("staggered").

Measured on the client:
- cue round trip: a frame sent -> its ack (acks name the last frame ingested) or a cue the
  frame caused (cues carry the frame's seq) received; every queue on the way counts;
- transcript latency: the end of the speech (the moment the client sent the audio where the
  utterance ends) -> its transcript received;
- losses: utterances transcribed as "", script sentences missing from the stored answer
  (lost speech), answers holding words of the session's other answer (mixed), answers never
  saved, clients that died. Any of them fails the level.
Server side: RSS and CPU seconds per process (API and each recognition worker).

A level passes when every target holds at once: cue round trip p95 < 150 ms, transcript p95
< 1.5 s, nothing lost, mixed, unsaved or dead. `capacity_staggered` / `capacity_lockstep` are
the largest passing N; `max_sessions_server_cue_p95_under_250ms` is the old, server-measured
figure (frame received -> cue sent), kept for comparison only.

    .venv/bin/python bench/live.py --sessions 1 2 4
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import importlib.util
import json
import math
import os
import re
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil
import soundfile as sf
from websockets.sync.client import connect as ws_connect

from moodlens.live.client import LiveClient, frames_of
from moodlens.live.frames import SAMPLE_RATE

# Run as a file (`python bench/live.py`), the repository root is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import running_server
from bench.speech import SpokenAnswer, pick_answers, spoken

PASSWORD = "correct horse battery staple"
FRAME_MS = 40


def speech_audio(seconds: float) -> np.ndarray:
    spec = importlib.util.find_spec("moonshine_cpp")
    assert spec is not None and spec.origin is not None
    wav, _ = sf.read(Path(spec.origin).parent / "test-data" / "beckett.wav", dtype="float32")
    gap = np.zeros(16000 * 2, dtype=np.float32)
    out = np.zeros(0, dtype=np.float32)
    while out.size < seconds * 16000:
        out = np.concatenate([out, wav, gap])
    return out[: int(seconds * 16000)]


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(values, q)), 1)


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
            client.face(
                offset_ms,
                {
                    "face_present_ratio": 1.0,
                    "yaw": 1.0,
                    "pitch": 0.0,
                    "roll": 0.0,
                    "gaze_on_camera": 0.9,
                    "movement_energy": 0.01,
                    "smile": 0.1,
                },
            )
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


CUE_P95_TARGET_MS = 150.0
TRANSCRIPT_P95_TARGET_S = 1.5
STAGGER_S = 10.0
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


def _words(text: str) -> list[str]:
    return [w for w in re.sub(r"[^a-z0-9' ]", " ", text.lower()).split() if w]


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

    def connect(self, origin: str | None = None) -> dict[str, Any]:
        self.ws = ws_connect(
            f"{self.base_ws_url}/v1/sessions/{self.session_id}/stream",
            max_size=2**22,
            ping_interval=None,
            open_timeout=60,
        )
        self.ws.send(json.dumps({"type": "auth", "token": self.token}))
        self.ready = json.loads(self.ws.recv(timeout=60))
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


def _sentence_lost(sentence: str, stored: set[str]) -> bool:
    # A sentence is lost when under a third of its longer words reached the stored answer
    # (recognition errors alone miss far fewer on this synthetic speech).
    key = [w for w in _words(sentence) if len(w) > 3]
    return len(key) >= 3 and sum(w in stored for w in key) < len(key) / 3


def _mixed(answer: Answer, others: list[Answer]) -> bool:
    # Words that only another answer's script has: two or more in this stored answer means
    # pieces of that answer ended up here.
    if answer.saved is None:
        return False
    own = set(_words(answer.spoken.text))
    stored = set(_words(str(answer.saved.get("transcript", ""))))
    foreign = {w for o in others for w in _words(o.spoken.text) if len(w) > 3} - own
    return len(stored & foreign) >= 2


def _wer(ref: str, hyp: str) -> float:
    r, h = _words(ref), _words(hyp)
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)] / max(1, len(r))


class _Procs:
    """CPU seconds and RSS of the server and its recognition workers over one run."""

    def __init__(self, server: psutil.Process) -> None:
        self.server = server
        self.start = {p.pid: self._cpu(p) for p in self._all()}

    def _all(self) -> list[psutil.Process]:
        return [self.server, *self.server.children(recursive=True)]

    @staticmethod
    def _cpu(p: psutil.Process) -> float:
        t = p.cpu_times()
        return float(t.user + t.system)

    def report(self) -> list[dict[str, Any]]:
        out = []
        for p in self._all():
            with contextlib.suppress(psutil.Error):
                rss = p.memory_info().rss
                # Forkserver-started workers share the forkserver's command line; they are
                # told apart from it and the resource tracker by their loaded models.
                role = (
                    "api"
                    if p.pid == self.server.pid
                    else "worker"
                    if rss > 200 * 2**20
                    else "mp-helper"
                )
                out.append(
                    {
                        "role": role,
                        "pid": p.pid,
                        "rss_mb": round(rss / 2**20, 1),
                        "cpu_s": round(self._cpu(p) - self.start.get(p.pid, 0.0), 1),
                    }
                )
        return out


def run_level(
    base: str, n: int, mode: str, server: psutil.Process, answers: list[SpokenAnswer]
) -> dict[str, Any]:
    try:
        prepared = [prepare_session(base) for _ in range(n)]
    except httpx.HTTPError as exc:  # the server failed before the level could start
        return {"sessions": n, "mode": mode, "passes": False, "errors": [f"prepare: {exc}"]}
    runs = [Interview([Answer(answers[(2 * i) % len(answers)]),
                       Answer(answers[(2 * i + 1) % len(answers)])]) for i in range(n)]  # fmt: skip
    spread = STAGGER_S / max(1, n - 1) if mode == "staggered" and n > 1 else 0.0
    procs = _Procs(server)
    threads = [
        threading.Thread(
            target=interview,
            args=(base, h["Authorization"].split()[1], sid, qid, runs[i], i * spread),
        )
        for i, (h, sid, qid) in enumerate(prepared)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    processes = procs.report()

    cue_rtt: list[float] = []
    ack_rtt: list[float] = []
    server_cue: list[float] = []
    tr_lat: list[float] = []
    empty = lost = mixed = unsaved = 0
    wers: list[float] = []
    speech_s = 0.0
    for run in runs:
        for m in run.received:
            at = float(m["_received_at"])
            if m["type"] == "ack" and m["seq"] in run.sent_at:
                ack_rtt.append((at - run.sent_at[m["seq"]]) * 1000)
            elif m["type"] == "cue" and float(m.get("latency_ms") or 0) > 0:
                server_cue.append(float(m["latency_ms"]))
                if m.get("seq") in run.sent_at:
                    cue_rtt.append((at - run.sent_at[int(m["seq"])]) * 1000)
            elif m["type"] == "transcript":
                empty += not str(m["text"]).strip()
                sent = run.wall_of(float(m["end_ms"]))
                if sent is not None:
                    tr_lat.append(at - sent)
        for a in run.answers:
            speech_s += a.spoken.seconds
            if a.saved is None:
                unsaved += 1
                continue
            stored = str(a.saved.get("transcript", ""))
            words = set(_words(stored))
            lost += sum(_sentence_lost(s.text, words) for s in a.spoken.sentences)
            mixed += _mixed(a, [o for o in run.answers if o is not a])
            wers.append(_wer(a.spoken.text, stored))
    dead = sum(r.error is not None for r in runs)
    round_trip = cue_rtt + ack_rtt
    level = {
        "sessions": n,
        "mode": mode,
        "wall_s": round(wall, 1),
        "speech_s": round(speech_s, 1),
        "cue_round_trip_p50_ms": _pct(round_trip, 50),
        "cue_round_trip_p95_ms": _pct(round_trip, 95),
        "cue_round_trip_max_ms": _pct(round_trip, 100),
        "cues_with_round_trip": len(cue_rtt),
        "acks": len(ack_rtt),
        "transcripts": len(tr_lat),
        "transcript_p50_s": _pct([x * 1000 for x in tr_lat], 50),
        "transcript_p95_s": _pct([x * 1000 for x in tr_lat], 95),
        "transcript_max_s": _pct([x * 1000 for x in tr_lat], 100),
        "empty_utterances": empty,
        "lost_sentences": lost,
        "mixed_answers": mixed,
        "unsaved_answers": unsaved,
        "dead_clients": dead,
        "errors": [r.error for r in runs if r.error],
        "wer_median": round(float(np.median(wers)), 3) if wers else None,
        "server_cue_p95_ms": _pct(server_cue, 95),
        "processes": processes,
        "recognition_core_s_per_session_s": round(
            sum(p["cpu_s"] for p in processes if p["role"] == "worker") / max(speech_s, 1e-9), 3
        ),
        "api_core_s_per_session_s": round(
            sum(p["cpu_s"] for p in processes if p["role"] == "api") / max(speech_s, 1e-9), 3
        ),
    }
    for key in ("transcript_p50_s", "transcript_p95_s", "transcript_max_s"):
        if level[key] is not None:
            level[key] = round(level[key] / 1000, 2)
    rt, tr = level["cue_round_trip_p95_ms"], level["transcript_p95_s"]
    level["passes"] = bool(
        rt is not None
        and rt < CUE_P95_TARGET_MS
        and tr is not None
        and tr < TRANSCRIPT_P95_TARGET_S
        and not (empty or lost or mixed or unsaved or dead)
    )
    return level


def _capacity(levels: list[dict[str, Any]], mode: str) -> int:
    # The largest N that passes, with every smaller level measured also passing.
    best = 0
    for lv in sorted((lv for lv in levels if lv["mode"] == mode), key=lambda lv: lv["sessions"]):
        if not lv["passes"]:
            break
        best = lv["sessions"]
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--asr-workers", type=int, default=2)
    ap.add_argument("--modes", nargs="+", default=["lockstep", "staggered"])
    args = ap.parse_args()
    picked = pick_answers([12, 45] * max(args.sessions))
    answers = [spoken(aid, text, i) for i, (aid, text) in enumerate(picked)]
    load_before = os.getloadavg()
    with running_server(asr_workers=args.asr_workers) as (base, server):
        _stream_warmup(base)
        levels = []
        for n in args.sessions:
            for mode in args.modes:
                if mode == "staggered" and n == 1 and "lockstep" in args.modes:
                    continue
                levels.append(run_level(base, n, mode, server, answers))
                # Progress on stderr: a long run that is cut short still leaves its figures.
                print(json.dumps({k: v for k, v in levels[-1].items() if k != "processes"}),
                      file=sys.stderr, flush=True)  # fmt: skip
    if "staggered" in args.modes:  # one session: lockstep and staggered are the same run
        levels += [{**lv, "mode": "staggered"} for lv in levels if lv["sessions"] == 1]
    server_ok = [
        lv["sessions"]
        for lv in levels
        if lv.get("server_cue_p95_ms") is not None and lv["server_cue_p95_ms"] < 250
    ]
    print(
        json.dumps(
            {
                "capacity_staggered": _capacity(levels, "staggered"),
                "capacity_lockstep": _capacity(levels, "lockstep"),
                "targets": {
                    "cue_round_trip_p95_ms": CUE_P95_TARGET_MS,
                    "transcript_p95_s": TRANSCRIPT_P95_TARGET_S,
                    "lost_mixed_empty_unsaved_dead": 0,
                },
                "max_sessions_server_cue_p95_under_250ms": max(server_ok) if server_ok else 0,
                "cores": psutil.cpu_count(),
                "asr_workers": args.asr_workers,
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
                "answers_s": [round(a.seconds, 1) for a in answers],
                "levels": levels,
            },
            indent=2,
        )
    )


def _stream_warmup(base: str) -> None:
    """One short session first, so worker start-up and model loading are not measured."""
    h, sid, qid = prepare_session(base)
    out: list[dict[str, Any]] = []
    stream_answer(base, h["Authorization"].split()[1], sid, qid, speech_audio(4.0), out)


if __name__ == "__main__":
    main()
