"""The recogniser fleet end to end: real `moodlens asr-worker` processes, a real redis-server
of the test's own (persistence off), the real model; the API side is RemoteAsrPool.

- a worker killed with SIGKILL mid-utterance: another worker redoes the utterance, the
  transcript is the one the in-process recogniser gives, answered once, nothing left behind;
- no worker alive: the pool says so (problem, gauge, worker_info) and waits; the fleet's
  Redis restarted empty meanwhile: the utterance is sent again; a worker that comes up
  answers it. Nothing is dropped.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from moodlens.recognition_fleet import FleetConfig, FleetUnavailable, RemoteAsrPool, wire
from moodlens.signals.audio.analyze import default_asr
from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import FloatArray, load_audio
from moodlens.signals.audio.models import beckett_wav
from tests.conftest import eventually
from tests.test_redis_outage import RedisProcess, _free_port

pytestmark = pytest.mark.models

# Worker start-up loads the models: generous on a busy 2-core machine, but a condition.
WORKER_UP_S = 180.0


class Worker:
    """One `moodlens asr-worker` process with its own log."""

    def __init__(self, url: str, log: Path, throttle: float = 0.0) -> None:
        env = {
            **os.environ,
            "MOODLENS_ASR_REDIS_URL": url,
            "MOODLENS_ASR_THROTTLE_S_PER_AUDIO_S": str(throttle),
            "MOODLENS_LOG_LEVEL": "INFO",
        }
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moodlens.cli", "asr-worker", "--claim-idle-ms", "1500"],
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    async def up(self, redis: Redis) -> None:
        key = f"{wire.HEARTBEAT_PREFIX}*-{self.proc.pid}"

        async def beating() -> bool:
            assert self.proc.poll() is None, self.log.read_text()[-2000:]
            return bool([k async for k in redis.scan_iter(match=key)])

        await eventually(beating, within=WORKER_UP_S)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    async def logged_an_answer(self) -> bool:
        return bool(self.answered())

    def answered(self) -> list[str]:
        return [ln for ln in self.log.read_text().splitlines() if "answered utterance" in ln]


@pytest.fixture(scope="module")
def speech() -> FloatArray:
    return load_audio(beckett_wav())


@pytest.fixture(scope="module")
def reference(speech: FloatArray) -> AsrResult:
    """What the in-process recogniser makes of it."""
    return default_asr().transcribe_robust(speech)


@pytest.fixture
async def fleet_redis(tmp_path: Path) -> AsyncIterator[RedisProcess]:
    server = RedisProcess(_free_port(), tmp_path / "redis.log")
    await server.start()
    yield server
    server.stop()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for w in started:
        w.kill()


async def _left_behind(r: Redis) -> tuple[int, int]:
    """(stream entries, pending entries) once everything is answered."""
    if not await r.exists(wire.STREAM):
        return 0, 0
    pending = await r.xpending(wire.STREAM, wire.GROUP)
    return int(await r.xlen(wire.STREAM)), int(pending["pending"])


async def test_a_killed_worker_has_its_utterance_redone_once(
    fleet_redis: RedisProcess,
    workers: list[Worker],
    tmp_path: Path,
    speech: FloatArray,
    reference: AsrResult,
) -> None:
    r = Redis.from_url(fleet_redis.url)
    # The doomed worker recognises, then "keeps working" on it for minutes: killed meanwhile.
    doomed = Worker(fleet_redis.url, tmp_path / "doomed.log", throttle=100.0)
    workers.append(doomed)
    await doomed.up(r)
    async with RemoteAsrPool(fleet_redis.url, FleetConfig(poll_s=0.2)) as pool:
        task = asyncio.create_task(pool.transcribe(speech))

        async def taken() -> bool:
            if not await r.exists(wire.STREAM):
                return False
            return int((await r.xpending(wire.STREAM, wire.GROUP))["pending"]) == 1

        await eventually(taken, within=60)
        doomed.kill()
        rescuer = Worker(fleet_redis.url, tmp_path / "rescuer.log")
        workers.append(rescuer)
        result = await asyncio.wait_for(task, WORKER_UP_S)
        assert result == reference
        assert pool.resent == 0  # the same entry was redone, never a second one added
    await eventually(rescuer.logged_an_answer, within=30)  # logged just after replying
    assert doomed.answered() == []
    assert len(rescuer.answered()) == 1 and "(delivery 2)" in rescuer.answered()[0]
    # The doomed worker's late answer, had it lived, is dropped: the result is set once.
    uid = rescuer.answered()[0].split("answered utterance ")[1].split()[0]
    late = await r.eval(wire.DELIVER_ONCE, 2, wire.result_key(uid), wire.reply_key(uid), "x", 5)
    assert late == 0 and not await r.exists(wire.reply_key(uid))
    assert await _left_behind(r) == (0, 0)  # no audio left in Redis
    await r.aclose()


async def test_no_worker_and_a_redis_restart_delay_the_transcript_never_lose_it(
    fleet_redis: RedisProcess,
    workers: list[Worker],
    tmp_path: Path,
    speech: FloatArray,
    reference: AsrResult,
) -> None:
    async with RemoteAsrPool(fleet_redis.url, FleetConfig(poll_s=0.2)) as pool:
        task = asyncio.create_task(pool.transcribe(speech))

        async def said() -> bool:
            return "no recogniser worker" in (pool.problem or "")

        await eventually(said, within=60)
        assert "since" in (pool.problem or "")
        assert REGISTRY.get_sample_value("moodlens_asr_fleet_workers") == 0.0
        assert pool.waiting == 0 and pool.pending == 1 and pool.backlog_s > 1.0
        with pytest.raises(FleetUnavailable):
            await pool.worker_info()

        # The fleet's Redis restarts empty: the queued audio is gone from it.
        fleet_redis.stop()
        await fleet_redis.start()

        async def resent() -> bool:
            return pool.resent >= 1

        await eventually(resent, within=60)
        r = Redis.from_url(fleet_redis.url)
        worker = Worker(fleet_redis.url, tmp_path / "worker.log")
        workers.append(worker)
        result = await asyncio.wait_for(task, WORKER_UP_S)
        assert result == reference
        assert pool.problem is None and pool.backlog_s == 0.0
        await eventually(worker.logged_an_answer, within=30)
        assert len(worker.answered()) == 1
        pid, rss = await pool.worker_info()
        assert pid == worker.proc.pid and rss > 0
    assert await _left_behind(r) == (0, 0)
    await r.aclose()


async def test_a_backlog_longer_than_the_stream_ttl_keeps_its_audio(
    fleet_redis: RedisProcess, speech: FloatArray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TTL is for audio nobody waits for: a waiting requester renews it, so a queue longer
    than the TTL (here 1 s, no worker at all) is not expired and resent."""
    monkeypatch.setattr(wire, "STREAM_TTL_S", 1)
    r = Redis.from_url(fleet_redis.url)
    async with RemoteAsrPool(fleet_redis.url, FleetConfig(poll_s=0.2)) as pool:
        task = asyncio.create_task(pool.transcribe(speech))

        async def waited_past_the_ttl() -> bool:
            return pool.polls >= 15  # >= 3 s of polls at 0.2 s, 3 TTLs

        await eventually(waited_past_the_ttl, within=60)
        assert pool.resent == 0 and int(await r.xlen(wire.STREAM)) == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    await r.aclose()
