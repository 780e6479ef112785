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
- transcript latency: the end of the speech a transcript covers (the moment the client sent
  the audio where its utterance or piece ends) -> that transcript received (every transcript,
  including pieces of a long answer cut while the candidate was still speaking, ADR 0016);
- end of speech -> text ready: from each end of speech (a transcript no other one continues)
  to the moment every transcript up to it has arrived: what the candidate waits for after
  stopping, whatever the answer's length (bench/live_scoring.py);
- losses: utterances transcribed as "", script sentences missing from the stored answer
  (lost speech), answers holding words of the session's other answer (mixed), answers never
  saved, clients that died. Any of them fails the level.
Server side: RSS and CPU seconds per process (API and each recognition worker).

A level passes when every target holds at once: cue round trip p95 < 150 ms, text ready
p95 < 1.5 s after the end of speech (issue 13's definition), nothing lost, mixed, unsaved or
dead (`passes`; `capacity_staggered` / `capacity_lockstep` are the largest passing N). The same
judged on every transcript, pieces cut while the candidate is still speaking included, is
`passes_every_transcript` / `capacity_*_every_transcript`: such a piece's cut is placed
afterwards at the quietest point of its last seconds, so it arrives up to that window after
its words. `max_sessions_server_cue_p95_under_250ms` is the old, server-measured figure
(frame received -> cue sent), kept for comparison only.

The JSON states what was measured: the commit, the server's recognition settings, the
machine's cores and load average (`uptime`) before and after, and per level the figures above.
Clients live in bench/live_client.py, the figures are computed in bench/live_scoring.py.

    .venv/bin/python bench/live.py --sessions 1 2 4
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import psutil

# Run as a file (`python bench/live.py`), the repository root is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.live_client import (
    PASSWORD,
    Answer,
    Interview,
    interview,
    prepare_session,
    speech_audio,
    stream_answer,
)
from bench.live_scoring import (
    CUE_P95_TARGET_MS,
    TRANSCRIPT_P95_TARGET_S,
    _Procs,
    level_figures,
    passes,
)
from bench.server import running_server
from bench.speech import SpokenAnswer, pick_answers, spoken
from moodlens.signals.audio.stream import StreamConfig

# bench/face.py drives sessions through these.
__all__ = ["PASSWORD", "prepare_session", "speech_audio", "stream_answer"]

STAGGER_S = 10.0
# The live path's analyser settings (live/audio.py builds StreamConfig with these defaults).
PIECES = StreamConfig().pieces


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
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    processes = procs.report()
    figures = level_figures(runs)
    speech_s = max(float(figures["speech_s"]), 1e-9)
    level = {
        "sessions": n,
        "mode": mode,
        "wall_s": round(wall, 1),
        **figures,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "processes": processes,
        "recognition_core_s_per_session_s": round(
            sum(p["cpu_s"] for p in processes if p["role"] == "worker") / speech_s, 3
        ),
        "api_core_s_per_session_s": round(
            sum(p["cpu_s"] for p in processes if p["role"] == "api") / speech_s, 3
        ),
    }
    level["passes"] = passes(level)
    level["passes_every_transcript"] = passes(level, every_transcript=True)
    return level


def _commit() -> str:
    root = Path(__file__).resolve().parents[1]
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                         text=True).stdout.strip()  # fmt: skip
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "bench"], cwd=root,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return f"{rev}{' (with uncommitted changes)' if dirty else ''}"


def _capacity(levels: list[dict[str, Any]], mode: str, key: str = "passes") -> int:
    # The largest N that passes, with every smaller level measured also passing.
    best = 0
    for lv in sorted((lv for lv in levels if lv["mode"] == mode), key=lambda lv: lv["sessions"]):
        if not lv.get(key):
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
                # The same with every transcript judged, pieces cut mid-speech included.
                "capacity_staggered_every_transcript": _capacity(
                    levels, "staggered", "passes_every_transcript"
                ),
                "capacity_lockstep_every_transcript": _capacity(
                    levels, "lockstep", "passes_every_transcript"
                ),
                "targets": {
                    "cue_round_trip_p95_ms": CUE_P95_TARGET_MS,
                    "speech_end_to_text_p95_s": TRANSCRIPT_P95_TARGET_S,
                    "lost_mixed_empty_unsaved_dead": 0,
                },
                "max_sessions_server_cue_p95_under_250ms": max(server_ok) if server_ok else 0,
                "measured": "client side: cue round trip (frame sent -> its ack or cue), "
                "transcript latency (end of the audio a transcript covers -> received), end of "
                "speech -> all text up to it received; losses from the stored answers",
                "commit": _commit(),
                # What the live path closes pieces at (ADR 0016); None: whole utterances.
                "stream_pieces": None if PIECES is None else asdict(PIECES),
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
