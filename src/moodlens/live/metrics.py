"""Prometheus figures of the live path (served at /metrics with the HTTP ones).

The recognition backlog is the number to watch under load: it grows when sessions speak
faster than the pool recognises, and transcripts are late by about that much (never lost).
"""

from __future__ import annotations

from prometheus_client import Gauge, Histogram

from moodlens.signals.audio.recogniser import Recogniser

TRANSCRIPT_LATENCY = Histogram(
    "moodlens_live_transcript_seconds",
    "End of an utterance to its transcript sent",
    buckets=(0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 40.0, 80.0),
)
ASR_BACKLOG = Gauge(
    "moodlens_asr_backlog_seconds",
    "Seconds of speech accepted by the recognition pool and not yet recognised",
)
ASR_WAITING = Gauge(
    "moodlens_asr_waiting_utterances", "Utterances waiting for a free recognition slot"
)


def watch_pool(pool: Recogniser) -> None:
    """Read the pool's backlog at scrape time (the last pool created in the process wins)."""
    ASR_BACKLOG.set_function(lambda: pool.backlog_s)
    ASR_WAITING.set_function(lambda: float(pool.waiting))
