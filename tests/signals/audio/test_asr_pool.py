"""The recognition process pool: same results, back-pressure, a free event loop, flat memory."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
from collections.abc import Iterator

import numpy as np
import pytest

from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.asr_pool import AsrPool, PoolConfig
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray, load_audio
from moodlens.signals.audio.errors import AsrBusyError
from tests.conftest import eventually

from .conftest import NAMES, wav

pytestmark = pytest.mark.models

# Memory soak: calls after the warm-up. The default (12 calls, ~60 s of speech) keeps the
# suite fast on 2 shared cores and would already expose a leak like moonshine_cpp's C
# library (~14 MB per second of audio, > 1 GB here); MOODLENS_POOL_SOAK_CALLS=360 with
# MOODLENS_POOL_SOAK_LENGTH=10 simulates an hour of 10 s utterances.
SOAK_CALLS = int(os.environ.get("MOODLENS_POOL_SOAK_CALLS", "12"))
SOAK_LENGTH = os.environ.get("MOODLENS_POOL_SOAK_LENGTH")
MAX_GROWTH_MB = 20.0
LENGTHS_S = (10.0, 2.0, 5.0, 3.0) if SOAK_LENGTH is None else (float(SOAK_LENGTH),)


@pytest.fixture(scope="module")
def pool() -> Iterator[AsrPool]:
    p = AsrPool(PoolConfig(workers=1, max_pending=2, policy="reject"))
    yield p
    p.close()


@pytest.fixture(scope="module")
def speech() -> FloatArray:
    """All fixture answers back to back: real speech to cut utterances from."""
    return np.concatenate([load_audio(wav(n)) for n in NAMES])


def _utterance(speech: FloatArray, i: int) -> FloatArray:
    n = int(LENGTHS_S[i % len(LENGTHS_S)] * SAMPLE_RATE)
    start = (i * 7919 * SAMPLE_RATE // 10) % (speech.size - n)
    return speech[start : start + n]


async def test_same_text_as_in_process(pool: AsrPool, asr: MoonshineAsr) -> None:
    x = load_audio(wav("beckett"))
    assert await pool.text(x) == asr.transcribe_robust(x).text


async def test_the_event_loop_stays_free(pool: AsrPool, speech: FloatArray) -> None:
    ticks = 0
    stop = False

    async def ticker() -> None:
        nonlocal ticks
        while not stop:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    await pool.transcribe(_utterance(speech, 0))  # 10 s of speech: about a second of work
    stop = True
    await task
    assert ticks >= 10


async def test_reject_policy_bounds_the_queue(pool: AsrPool, speech: FloatArray) -> None:
    x = _utterance(speech, 2)
    jobs = [asyncio.create_task(pool.transcribe(x)) for _ in range(3)]
    results = await asyncio.gather(*jobs, return_exceptions=True)
    assert sum(isinstance(r, AsrBusyError) for r in results) == 1
    assert pool.pending == 0


async def test_wait_policy_times_out(pool: AsrPool, speech: FloatArray) -> None:
    saved = pool.config
    pool.config = dataclasses.replace(saved, policy="wait", wait_timeout_s=0.05)
    try:
        x = _utterance(speech, 2)
        jobs = [asyncio.create_task(pool.transcribe(x)) for _ in range(3)]
        results = await asyncio.gather(*jobs, return_exceptions=True)
        assert sum(isinstance(r, AsrBusyError) for r in results) == 1
    finally:
        pool.config = saved


async def test_worker_memory_stays_flat(pool: AsrPool, speech: FloatArray) -> None:
    for i in range(len(LENGTHS_S)):  # warm-up: every length once, the longest first
        await pool.transcribe(_utterance(speech, i))
    pid, before = await pool.worker_info()
    seconds = 0.0
    for i in range(SOAK_CALLS):
        x = _utterance(speech, i + 1)
        seconds += x.size / SAMPLE_RATE
        await pool.transcribe(x)
    pid2, after = await pool.worker_info()
    growth = (after - before) / 2**20
    print(f"\nworker RSS {before / 2**20:.0f} -> {after / 2**20:.0f} MB after {SOAK_CALLS} calls, "
          f"{seconds:.0f} s of speech")  # fmt: skip
    assert pid2 == pid  # the same worker did all the work
    assert growth < MAX_GROWTH_MB


async def test_a_saturated_pool_queues_utterances_instead_of_refusing_them() -> None:
    one_second = (0.1 * np.sin(np.arange(SAMPLE_RATE) / SAMPLE_RATE * 2 * np.pi * 150)).astype(
        np.float32
    )
    async with AsrPool(PoolConfig(workers=1, max_pending=1, throttle_s_per_call=0.3)) as pool:
        jobs = [asyncio.create_task(pool.transcribe(one_second)) for _ in range(4)]

        async def queued() -> bool:
            return pool.waiting == 3 and pool.backlog_s == pytest.approx(4.0)

        await eventually(queued, within=120)
        results = await asyncio.gather(*jobs, return_exceptions=True)
        assert not [r for r in results if isinstance(r, BaseException)]
        assert pool.backlog_s == 0 and pool.waiting == 0


async def test_recognitions_share_one_process_that_is_restarted_if_it_dies(
    speech: FloatArray,
) -> None:
    async with AsrPool(PoolConfig(workers=2)) as pool:
        pid, _ = await pool.worker_info()
        x = _utterance(speech, 1)
        a, b = await asyncio.gather(pool.text(x), pool.text(x))
        assert a and a == b
        assert (await pool.worker_info())[0] == pid  # both ran in the one process
        os.kill(pid, signal.SIGKILL)
        assert await pool.text(x) == a  # a fresh process recognised it (retried once)
        assert (await pool.worker_info())[0] != pid
