"""A job whose worker is killed with -9 while running it is run by another worker within
seconds (MOODLENS_JOB_RECLAIM_SECONDS), not left pending for ten minutes or until some other
job arrives: real Redis, real `taskiq worker` processes, the production stream broker."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from redis.asyncio import Redis
from taskiq.kicker import AsyncKicker

from moodlens.jobs import make_stream_broker
from tests.conftest import eventually

REDIS_URL = os.environ.get("MOODLENS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parents[1]
RECLAIM_S = 2


async def _redis_available() -> bool:
    client = Redis.from_url(REDIS_URL)
    try:
        return bool(await client.ping())
    except Exception:
        return False
    finally:
        await client.aclose()


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # A session of its own: kill -9 reaches the taskiq parent and its worker child at once.
    return subprocess.Popen(
        [sys.executable, "-m", "taskiq", "worker", "tests.reclaim_worker:broker", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _kill(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


@pytest.mark.timeout(240)
async def test_the_job_of_a_worker_killed_with_9_runs_on_another_worker(tmp_path: Path) -> None:
    if not await _redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    queue = f"moodlens-test-reclaim-{secrets.token_hex(4)}"
    marks, log = tmp_path / "marks", tmp_path / "workers.log"
    marks.touch()
    env = {
        **os.environ,
        "MOODLENS_REDIS_URL": REDIS_URL,
        "MOODLENS_TEST_QUEUE": queue,
        "MOODLENS_TEST_MARKS": str(marks),
        "MOODLENS_JOB_RECLAIM_SECONDS": str(RECLAIM_S),
        "PYTHONPATH": str(ROOT),
    }
    kicker_broker = make_stream_broker(REDIS_URL, queue_name=queue, reclaim_after_s=RECLAIM_S)
    await kicker_broker.startup()  # declares the consumer group before anything is sent
    redis = Redis.from_url(REDIS_URL)
    workers = [_worker(env, log)]
    try:
        kicker: AsyncKicker[[str], None] = AsyncKicker(
            "tests.hold_first_attempt", kicker_broker, {}
        )
        await kicker.kiq("job-1")

        async def attempts(n: int) -> bool:
            return len(marks.read_text().splitlines()) >= n

        await eventually(lambda: attempts(1), within=90)
        _kill(workers[0])
        pending = await redis.xpending(queue, "taskiq")
        assert pending["pending"] == 1  # taken, never acknowledged

        workers.append(_worker(env, log))
        await eventually(lambda: attempts(2), within=90)

        async def acknowledged() -> bool:
            return int((await redis.xpending(queue, "taskiq"))["pending"]) == 0

        await eventually(acknowledged, within=30)
    finally:
        for worker in workers:
            _kill(worker)
        await kicker_broker.shutdown()
        await redis.delete(queue)
        await redis.aclose()
    first, second = marks.read_text().splitlines()
    assert first.startswith("job-1") and second.startswith("job-1")
    assert first.split("pid=")[1] != second.split("pid=")[1], log.read_text()[-2000:]
