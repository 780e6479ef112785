"""Entry point for the reclaim test's `taskiq worker` subprocesses: the production stream
broker (`jobs.make_stream_broker`) on a queue of the test's own, with one test task.

`tests.hold_first_attempt` appends a line per attempt to MOODLENS_TEST_MARKS; the first
attempt then hangs (its worker is killed with -9 while it runs), later ones finish at once."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from moodlens.jobs import make_stream_broker

broker = make_stream_broker(
    os.environ["MOODLENS_REDIS_URL"],
    queue_name=os.environ["MOODLENS_TEST_QUEUE"],
    reclaim_after_s=int(os.environ["MOODLENS_JOB_RECLAIM_SECONDS"]),
)


def _mark(job: str) -> int:
    """Record this attempt; return how many attempts there were so far."""
    marks = Path(os.environ["MOODLENS_TEST_MARKS"])
    with marks.open("a") as f:
        f.write(f"{job} pid={os.getpid()}\n")
    return len(marks.read_text().splitlines())


@broker.task(task_name="tests.hold_first_attempt")
async def hold_first_attempt(job: str) -> None:
    if await asyncio.to_thread(_mark, job) == 1:
        await asyncio.sleep(3600)
