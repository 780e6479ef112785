"""What crosses the fleet's Redis: key names, the deliver-once script, audio and result encoding.

One stream of utterances, one consumer group of recogniser workers (ADR 0015):

- ``asr:utterances`` (stream): ``uid``, ``reply`` (the requester's list key), ``dtype``,
  ``pcm``. Capped (MAXLEN) and expiring once nobody waits; an entry is deleted once
  acknowledged.
- ``asr:result:<uid>`` (string, EX): the first finished recognition of an utterance. Set with
  NX, so a second worker finishing the same utterance (it was claimed from under a slow one)
  delivers nothing.
- ``asr:reply:<uid>`` (list, EX): the requester waits on it with BLPOP.
- ``asr:worker:<name>`` (string, EX): a worker's heartbeat (pid, RSS); no key, no worker.

Nothing here is written to disk: that Redis runs with ``--save "" --appendonly no``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from moodlens.signals.audio.asr import AsrResult
from moodlens.signals.audio.decode import FloatArray

STREAM = "asr:utterances"
GROUP = "asr"
STREAM_MAXLEN = 1000
# The stream expires if nobody adds to it or waits on it for this long: forgotten audio
# does not linger (a requester renews it while it waits, pool.py).
STREAM_TTL_S = 60
RESULT_TTL_S = 300
HEARTBEAT_PREFIX = "asr:worker:"
HEARTBEAT_TTL_S = 10
# An entry taken this many times and never acknowledged is given up (it kills workers).
MAX_DELIVERIES = 3

# Store the outcome only if this utterance has none yet, then wake the requester. Atomic in
# Redis, so two workers finishing one utterance produce exactly one reply.
DELIVER_ONCE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


def result_key(uid: str) -> str:
    return f"asr:result:{uid}"


def reply_key(uid: str) -> str:
    return f"asr:reply:{uid}"


def encode_audio(audio: FloatArray) -> tuple[str, bytes]:
    """int16 when that is lossless (live audio arrives as int16), else float32: the worker
    must recognise exactly the samples the in-process pool would have."""
    x = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
    scaled = x * np.float32(32768.0)
    as_int = np.round(scaled)
    if np.array_equal(as_int, scaled) and (
        x.size == 0 or (as_int.min() >= -32768 and as_int.max() <= 32767)
    ):
        return "i16", as_int.astype("<i2").tobytes()
    return "f32", x.astype("<f4").tobytes()


def decode_audio(dtype: str, pcm: bytes) -> FloatArray:
    if dtype == "i16":
        return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / np.float32(32768.0)
    if dtype == "f32":
        return np.frombuffer(pcm, dtype="<f4").astype(np.float32)
    raise ValueError(f"unknown audio encoding {dtype!r}")


def encode_result(result: AsrResult) -> str:
    return json.dumps(
        {
            "text": result.text,
            "tokens": list(result.tokens),
            "truncated": result.truncated,
            "untranscribed": [list(span) for span in result.untranscribed],
        }
    )


def encode_failure(reason: str) -> str:
    return json.dumps({"error": reason})


class RecognitionFailed(RuntimeError):
    """The fleet gave this utterance up (see MAX_DELIVERIES); the reason says why."""


def decode_outcome(raw: bytes | str) -> AsrResult:
    data: dict[str, Any] = json.loads(raw)
    if "error" in data:
        raise RecognitionFailed(str(data["error"]))
    return AsrResult(
        text=str(data["text"]),
        tokens=tuple(int(t) for t in data["tokens"]),
        truncated=bool(data["truncated"]),
        untranscribed=tuple((float(a), float(b)) for a, b in data["untranscribed"]),
    )
