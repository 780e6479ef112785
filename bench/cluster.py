"""The scale-out topology under load (issue 14, deliver 5): live sessions through HAProxy, and
how recognition capacity grows from 1 to 2 recogniser workers, in one run.

Starts the one-machine cluster (bench/cluster_topology.py: 2 API instances behind HAProxy,
recogniser workers on their own Redis, a job worker). Then, with 1 and then 2 recogniser
workers (each `moodlens asr-worker --threads 1`):

- `live`: N interview clients of the live bench (bench/live_client.py: two spoken answers
  each at real-time pace, staggered over 10 s) through HAProxy, scored by
  bench/live_scoring.py against the live bench's targets (cue round trip p95 < 150 ms,
  transcript p95 < 1.5 s, nothing lost, mixed, unsaved or dead); plus the recognisers' CPU
  seconds per second of speech;
- `burst`: K utterances handed to the fleet at once from one RemoteAsrPool: seconds of speech
  recognised per wall second while saturated. `capacity_ratio` is 2 workers over 1.

    nice -n 10 .venv/bin/python bench/cluster.py [--sessions 2] [--burst 12]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.cluster_topology import Cluster
from bench.live_client import Answer, Interview, interview, prepare_session
from bench.live_scoring import CUE_P95_TARGET_MS, TRANSCRIPT_P95_TARGET_S, level_figures, passes
from bench.speech import SpokenAnswer, pick_answers, spoken
from moodlens.recognition_fleet import FleetConfig, RemoteAsrPool

STAGGER_S = 10.0


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def live_level(
    cluster: Cluster, n: int, answers: list[SpokenAnswer], asr: list[str]
) -> dict[str, Any]:
    base = cluster.url
    prepared = [prepare_session(base) for _ in range(n)]
    runs = [Interview([Answer(answers[(2 * i) % len(answers)]),
                       Answer(answers[(2 * i + 1) % len(answers)])]) for i in range(n)]  # fmt: skip
    spread = STAGGER_S / max(1, n - 1) if n > 1 else 0.0
    pids = [cluster.pids[a] for a in asr]
    cpu0, t0 = _cpu(pids), time.perf_counter()
    threads = [
        threading.Thread(
            target=interview,
            args=(base, h["Authorization"].split()[1], sid, qid, runs[i], i * spread),
        )
        for i, (h, sid, qid) in enumerate(prepared)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - t0, _cpu(pids) - cpu0
    figures = level_figures(runs)
    speech_s = max(float(figures["speech_s"]), 1e-9)
    level = {"sessions": n, "recognisers": len(asr), "wall_s": round(wall, 1), **figures,
             "recognition_core_s_per_session_s": round(cpu / speech_s, 3)}  # fmt: skip
    level["passes"] = passes(level)
    level["passes_every_transcript"] = passes(level, every_transcript=True)
    return level


async def burst(cluster: Cluster, answers: list[SpokenAnswer], k: int) -> dict[str, Any]:
    utterances = [answers[i % len(answers)].audio[: 16000 * 8] for i in range(k)]
    async with RemoteAsrPool(cluster.asr_redis_url, FleetConfig(max_pending=k)) as pool:
        t0 = time.perf_counter()
        results = await asyncio.gather(*(pool.transcribe(u) for u in utterances))
        wall = time.perf_counter() - t0
    speech_s = sum(u.size for u in utterances) / 16000
    return {
        "utterances": k,
        "speech_s": round(speech_s, 1),
        "wall_s": round(wall, 2),
        "speech_s_per_wall_s": round(speech_s / wall, 2),
        "empty": sum(not r.text.strip() for r in results),
    }


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=2)
    ap.add_argument("--burst", type=int, default=12)
    args = ap.parse_args()
    picked = pick_answers([12, 45] * max(args.sessions, 2))
    answers = [spoken(aid, text, i) for i, (aid, text) in enumerate(picked)]
    load_before = os.getloadavg()
    # SIGTERM (a killed terminal, a CI timeout) ends the run through `finally` as Ctrl-C
    # does, so the cluster's processes in their own sessions are stopped too.
    signal.signal(signal.SIGTERM, _interrupted)
    out: dict[str, Any] = {"levels": [], "bursts": []}
    with tempfile.TemporaryDirectory(prefix="moodlens-cluster-") as tmp:
        cluster = Cluster(Path(tmp))
        try:
            cluster.up()
            cluster.kill("asr2")  # first with one recogniser
            for asr in (["asr1"], ["asr1", "asr2"]):
                if "asr2" in asr:
                    cluster.start_asr("asr2")
                out["bursts"].append(
                    {"recognisers": len(asr), **asyncio.run(burst(cluster, answers, args.burst))}
                )
                out["levels"].append(live_level(cluster, args.sessions, answers, asr))
                print(json.dumps(out["levels"][-1]), file=sys.stderr, flush=True)
        finally:
            cluster.down()
    one, two = (b["speech_s_per_wall_s"] for b in out["bursts"])
    targets = {
        "cue_round_trip_p95_ms": CUE_P95_TARGET_MS,
        "speech_end_to_text_p95_s": TRANSCRIPT_P95_TARGET_S,
    }
    out.update(
        capacity_ratio_2_over_1=round(two / one, 2),
        targets={**targets, "lost_mixed_empty_unsaved_dead": 0},
        cores=psutil.cpu_count(),
        load_average_before=[round(x, 2) for x in load_before],
        load_average_after=[round(x, 2) for x in os.getloadavg()],
    )
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
