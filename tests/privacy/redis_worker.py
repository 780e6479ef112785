"""Entry point for the Redis end-to-end test's `taskiq worker` subprocess.

Same task code as production, on a RedisStreamBroker with a queue of its own so the test
never competes with other workers on the shared Redis. The broker must be swapped before the
task module is imported, because tasks bind to `moodlens.jobs.broker` when they are defined."""

from __future__ import annotations

import os

from taskiq_redis import RedisStreamBroker

import moodlens.jobs as jobs

broker = RedisStreamBroker(
    url=os.environ["MOODLENS_REDIS_URL"], queue_name=os.environ["MOODLENS_TEST_QUEUE"]
)
jobs.broker = broker

import moodlens.privacy.tasks  # noqa: E402,F401  (registers the privacy tasks on `broker`)
