"""What does handing an utterance to a recogniser on another machine cost? (issue 14, ADR 0015)

Round trip of one utterance (16 kHz mono; 1 s, 5 s, 15 s) from an asyncio client to a worker
and of a short text back, with a trivial worker that answers the utterance's sample count
("token count"), because the recogniser's own cost is measured elsewhere (bench/asr.py). Cases:

- `direct`: the client calls the echo itself (the floor: numpy conversion only).
- `process_pipe`: today's embedded path (`asr_pool.py`): float32 samples over a
  multiprocessing pipe to a child process, the send in a thread (`asyncio.to_thread`).
- `redis_streams`: the fleet path: int16 PCM XADDed to a stream (MAXLEN, key TTL) of a Redis
  started by this script with persistence off (`--save "" --appendonly no`); a worker process
  reads it with XREADGROUP, writes the result with SET NX keyed by utterance id (a second
  result for the same id is dropped) and RPUSH on the client's reply list, then XACK + XDEL;
  the client waits with BLPOP.

Then the redo rule: a worker is killed (SIGKILL) after reading an utterance and before
answering; a second worker takes it with XAUTOCLAIM after `--claim-idle-ms` and answers; the
killed worker's would-be late answer is replayed and must be dropped. Counts are printed.

Prints JSON: per case and length p50/p95/mean in ms, client CPU ms per round trip, bytes.

    .venv/bin/python bench/fleet_transport.py [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
import redis
import redis.asyncio as aioredis

RATE = 16_000
LENGTHS_S = (1, 5, 15)
STREAM = "asr:utterances"
GROUP = "asr"
# Audio must not outlive its use: the stream is capped and expires if nobody touches it.
STREAM_MAXLEN = 1000
KEY_TTL_S = 60
RESULT_TTL_S = 300
NO_PERSISTENCE = ("--save", "", "--appendonly", "no")

# Stores the result only if no result for this utterance exists yet, then replies.
# Atomic in Redis, so two workers finishing the same utterance yield one reply.
DELIVER_ONCE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


def tokens(pcm: bytes, dtype: str) -> int:
    """The trivial 'recogniser': how many samples arrived (proves the bytes were read)."""
    return int(np.frombuffer(pcm, dtype=dtype).size)


# --- in-process baselines --------------------------------------------------------------------


def pipe_child(conn: Connection) -> None:
    while True:
        msg = conn.recv()
        if msg is None:
            return
        uid, samples = msg
        conn.send((uid, int(samples.size)))


async def run_direct(audio: np.ndarray) -> int:
    return tokens(audio.astype(np.int16).tobytes(), "int16")


def make_pipe_case(ctx: Any) -> tuple[Callable[[np.ndarray], Awaitable[int]], Callable[[], None]]:
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=pipe_child, args=(child,), daemon=True)
    proc.start()

    def round_trip(samples: np.ndarray) -> int:
        parent.send((uuid.uuid4().hex, samples))
        _uid, count = parent.recv()
        return int(count)

    async def call(audio: np.ndarray) -> int:
        return await asyncio.to_thread(round_trip, audio.astype(np.float32) / 32768.0)

    def close() -> None:
        parent.send(None)
        proc.join(5)

    return call, close


# --- Redis Streams ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_redis(port: int, workdir: str) -> subprocess.Popen[bytes]:
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed")
    proc = subprocess.Popen(
        # Persistence off: audio in this Redis never reaches a disk (ADR 0015).
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir, *NO_PERSISTENCE],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("own redis-server did not answer")


def deliver(r: redis.Redis, entry_id: bytes, fields: dict[bytes, bytes], late: bool = False) -> int:
    """Answer one entry: result once per utterance, then ack and delete the audio."""
    uid = fields[b"uid"].decode()
    count = tokens(fields[b"pcm"], "int16")
    stored = r.eval(DELIVER_ONCE, 2, f"asr:result:{uid}", fields[b"reply"], count, RESULT_TTL_S)
    if not late:
        pipe = r.pipeline(transaction=False)
        pipe.xack(STREAM, GROUP, entry_id)
        pipe.xdel(STREAM, entry_id)
        pipe.execute()
    return int(stored)


def stream_worker(port: int, name: str, mode: str, claim_idle_ms: int) -> None:
    """A recogniser worker: claims entries idle longer than `claim_idle_ms` (a dead worker's),
    else reads new ones. `mode`: "normal"; "doomed" reads one entry and waits to be killed;
    "claim_only" only takes over idle entries (so it cannot race the doomed one for new ones)."""
    r = redis.Redis(port=port)
    die_after_read = mode == "doomed"
    while True:
        _next, claimed, _deleted = r.xautoclaim(
            STREAM, GROUP, name, min_idle_time=claim_idle_ms, start_id="0-0", count=1
        )
        entries = claimed
        if not entries and mode == "claim_only":
            time.sleep(0.05)
            continue
        if not entries:
            got: Any = r.xreadgroup(GROUP, name, {STREAM: ">"}, count=1, block=200)
            entries = got[0][1] if got else []
        for entry_id, fields in entries:
            if die_after_read:
                time.sleep(3600)  # "recognising" until SIGKILL
            deliver(r, entry_id, fields)


async def send(client: aioredis.Redis, reply: str, audio: np.ndarray) -> tuple[str, int]:
    uid = uuid.uuid4().hex
    pipe = client.pipeline(transaction=False)
    pipe.xadd(
        STREAM,
        {"uid": uid, "reply": reply, "pcm": audio.astype(np.int16).tobytes()},
        maxlen=STREAM_MAXLEN,
        approximate=True,
    )
    pipe.expire(STREAM, KEY_TTL_S)
    await pipe.execute()
    got = await client.blpop([reply], timeout=120)
    if got is None:
        raise RuntimeError(f"no answer for utterance {uid}")
    return uid, int(got[1])


async def measure(call: Callable[[np.ndarray], Awaitable[int]], runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rng = np.random.default_rng(7)
    for seconds in LENGTHS_S:
        audio = rng.integers(-3000, 3000, seconds * RATE).astype(np.float64)
        for _ in range(5):  # warm-up: connections, page faults
            await call(audio)
        times, cpu0 = [], time.process_time()
        for _ in range(runs):
            t0 = time.perf_counter()
            count = await call(audio)
            times.append((time.perf_counter() - t0) * 1000)
            assert count == seconds * RATE, count
        cpu = (time.process_time() - cpu0) * 1000 / runs
        times.sort()
        out[f"{seconds}s"] = {
            "runs": runs,
            "int16_bytes": seconds * RATE * 2,
            "p50_ms": round(times[len(times) // 2], 3),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 3),
            "mean_ms": round(statistics.fmean(times), 3),
            "client_cpu_ms": round(cpu, 3),
        }
    return out


async def redo_check(port: int, ctx: Any, claim_idle_ms: int) -> dict[str, Any]:
    """Kill a worker mid-utterance; another must answer it exactly once."""
    r = redis.Redis(port=port)
    client = aioredis.Redis(port=port)
    reply = f"asr:reply:{uuid.uuid4().hex}"
    doomed = ctx.Process(target=stream_worker, args=(port, "doomed", "doomed", 10**9))
    rescuer = ctx.Process(target=stream_worker, args=(port, "rescuer", "claim_only", claim_idle_ms))
    doomed.start()
    rescuer.start()
    audio = np.ones(5 * RATE)
    task = asyncio.create_task(send(client, reply, audio))
    # Poll (bench only): wait until the doomed worker holds the utterance, then kill it.
    while not r.xpending(STREAM, GROUP)["pending"]:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    t0 = time.perf_counter()
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join()
    uid, count = await task
    redo_ms = (time.perf_counter() - t0) * 1000
    # The killed worker's late answer (as if it had been a slow, not dead, worker) is dropped.
    late = deliver(
        r,
        b"0-0",
        {b"uid": uid.encode(), b"pcm": audio.astype(np.int16).tobytes(), b"reply": reply.encode()},
        late=True,
    )
    await asyncio.sleep(0.2)
    extra = await client.llen(reply)
    rescuer.kill()
    rescuer.join()
    left = r.xlen(STREAM)
    await client.aclose()
    return {
        "claim_idle_ms": claim_idle_ms,
        "answered_samples_ok": count == 5 * RATE,
        "redo_ms_after_kill": round(redo_ms, 1),
        "late_duplicate_stored": late,
        "extra_replies": extra,
        "audio_entries_left_in_stream": left,
        "pending_left": r.xpending(STREAM, GROUP)["pending"],
    }


async def main_async(runs: int, claim_idle_ms: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    report: dict[str, Any] = {"runs_per_length": runs, "load_1min_start": os.getloadavg()[0]}
    report["direct"] = await measure(run_direct, runs)
    pipe_call, pipe_close = make_pipe_case(ctx)
    report["process_pipe"] = await measure(pipe_call, runs)
    pipe_close()
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = start_redis(port, workdir)
        try:
            redis.Redis(port=port).xgroup_create(STREAM, GROUP, id="$", mkstream=True)
            worker = ctx.Process(target=stream_worker, args=(port, "w1", "normal", claim_idle_ms))
            worker.start()
            client = aioredis.Redis(port=port)
            reply = f"asr:reply:{uuid.uuid4().hex}"

            async def via_redis(audio: np.ndarray) -> int:
                return (await send(client, reply, audio))[1]

            report["redis_streams"] = await measure(via_redis, runs)
            # The worker deletes the entry just after replying; give it a moment.
            for _ in range(100):
                if not await client.xlen(STREAM):
                    break
                await asyncio.sleep(0.02)
            report["redis_streams_audio_entries_left"] = await client.xlen(STREAM)
            report["redis_used_memory_peak_bytes"] = (await client.info("memory"))[
                "used_memory_peak"
            ]
            await client.aclose()
            worker.kill()
            worker.join()
            report["redo"] = await redo_check(port, ctx, claim_idle_ms)
        finally:
            server.terminate()
            server.wait(10)
    report["load_1min_end"] = os.getloadavg()[0]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="round trips per length and case")
    parser.add_argument("--claim-idle-ms", type=int, default=2000, help="XAUTOCLAIM idle time")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args.runs, args.claim_idle_ms)), indent=2))


if __name__ == "__main__":
    main()
