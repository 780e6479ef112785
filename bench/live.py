"""Live pipeline load: N simulated clients stream real-time audio and face windows.

Starts `moodlens serve` on a temporary SQLite database, then for each N streams a real
recording (beckett.wav, with silences between repeats) at real-time pace from N threads.
Prints one JSON object: cue latency p50/p95 (server-measured, frame received -> cue sent),
transcript latency p50/p95 (utterance end -> transcript sent), server CPU and memory, and the
largest N whose cue p95 stays under 250 ms.

    .venv/bin/python bench/live.py --sessions 1 2 4 8 --seconds 20
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil
import soundfile as sf

from moodlens.live.client import LiveClient, frames_of

# Run as a file (`python bench/live.py`), the repository root is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.server import running_server

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


def run_level(base: str, n: int, seconds: float, server: psutil.Process) -> dict[str, Any]:
    prepared = [prepare_session(base) for _ in range(n)]
    audio = speech_audio(seconds)
    results: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    # cpu_percent(None) measures since the previous call on the same Process object.
    procs = {p.pid: p for p in [server, *server.children(recursive=True)]}
    for p in procs.values():
        p.cpu_percent(None)
    threads = [
        threading.Thread(
            target=stream_answer,
            args=(base, h["Authorization"].split()[1], sid, qid, audio, results[i]),
        )
        for i, (h, sid, qid) in enumerate(prepared)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    for p in server.children(recursive=True):
        procs.setdefault(p.pid, p)
    alive = [p for p in procs.values() if p.is_running()]
    cpu = sum(p.cpu_percent(None) for p in alive)
    rss = sum(p.memory_info().rss for p in alive) / 2**20
    msgs = [m for r in results for m in r]
    cue_lat = [
        float(m["latency_ms"]) for m in msgs if m["type"] == "cue" and m.get("latency_ms", 0) > 0
    ]
    tr_lat = [float(m["latency_ms"]) for m in msgs if m["type"] == "transcript"]
    return {
        "sessions": n,
        "wall_s": round(wall, 1),
        "cues": len(cue_lat),
        "transcripts": len(tr_lat),
        "answers_saved": sum(1 for m in msgs if m["type"] == "answer_saved"),
        "cue_latency_p50_ms": _pct(cue_lat, 50),
        "cue_latency_p95_ms": _pct(cue_lat, 95),
        "transcript_latency_p50_ms": _pct(tr_lat, 50),
        "transcript_latency_p95_ms": _pct(tr_lat, 95),
        "server_cpu_percent": round(cpu, 1),
        "server_rss_mb": round(rss, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--asr-workers", type=int, default=1)
    args = ap.parse_args()
    with running_server(asr_workers=args.asr_workers) as (base, server):
        _stream_warmup(base)
        levels = [run_level(base, n, args.seconds, server) for n in args.sessions]
    ok = [
        lv["sessions"]
        for lv in levels
        if lv["cue_latency_p95_ms"] is not None and lv["cue_latency_p95_ms"] < 250
    ]
    first = levels[0]
    print(
        json.dumps(
            {
                "cue_latency_p50_ms": first["cue_latency_p50_ms"],
                "cue_latency_p95_ms": first["cue_latency_p95_ms"],
                "transcript_latency_p50_ms": first["transcript_latency_p50_ms"],
                "transcript_latency_p95_ms": first["transcript_latency_p95_ms"],
                "max_sessions_p95_under_250ms": max(ok) if ok else 0,
                "cores": psutil.cpu_count(),
                "asr_workers": args.asr_workers,
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
