"""One recognition process running several recognitions at once on shared model weights.

A process pool gave each worker its own copy of Moonshine (~500 MB each once the weights are
dequantised, prepared.py). Here one child process loads the models once and runs up to
``threads`` recognitions in a thread pool: onnxruntime's ``run`` releases the GIL, so the
threads use the cores in parallel, and the only per-thread cost is the activations (ADR 0014).

The parent talks to the child over one pipe: ``submit`` sends ``(job, kind, payload)`` and
returns a ``concurrent.futures.Future``; a reader thread resolves it from the child's
``(job, ok, value)`` replies. If the child dies (killed for memory, a crash in native code)
every unanswered future fails with ``WorkerDied``, a ``BrokenProcessPool`` like the process
pool raised, so callers can start a new process and retry.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

import numpy as np

from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, FloatArray

Throttle = tuple[float, float]  # (seconds per call, seconds per audio second)


class WorkerDied(BrokenProcessPool):
    """The recognition process ended before answering."""


def process_rss_bytes() -> int:
    """Resident memory of the calling process (Linux /proc; 0 if unavailable)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _recognise(asr: MoonshineAsr, audio: FloatArray, throttle: Throttle) -> Any:
    result = asr.transcribe_robust(audio)
    per_call, per_audio_s = throttle
    if per_call or per_audio_s:
        # Deliberate slowness for overload tests: the thread (a recognition slot) stays taken.
        time.sleep(per_call + per_audio_s * audio.size / SAMPLE_RATE)
    return result


def _serve(conn: Connection, threads: int, throttle: Throttle) -> None:
    """The child: load the models, then answer jobs until the pipe closes or says stop."""
    send_lock = threading.Lock()

    def reply(message: tuple[Any, ...]) -> None:
        with send_lock:
            conn.send(message)

    try:
        asr = MoonshineAsr(threads=1)
        # Warm-up: the first run allocates onnxruntime's buffers; do it before real work.
        t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
        asr.transcribe((0.1 * np.sin(2 * np.pi * 150 * t)).astype(np.float32))
    except BaseException as exc:  # reported to the parent, then exit
        reply(("failed", f"{type(exc).__name__}: {exc}"))
        return

    def run(job: int, audio: FloatArray) -> None:
        try:
            reply((job, True, _recognise(asr, audio, throttle)))
        except Exception as exc:  # the caller gets it; the process lives
            reply((job, False, RuntimeError(f"{type(exc).__name__}: {exc}")))

    with concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="asr") as executor:
        while True:
            try:
                message = conn.recv()
            except EOFError:
                break
            if message is None:
                break
            job, kind, payload = message
            if kind == "info":
                reply((job, True, (os.getpid(), process_rss_bytes())))
            else:
                executor.submit(run, job, payload)


class RecognitionProcess:
    """The parent's handle on one recognition child (see the module docstring)."""

    def __init__(self, ctx: BaseContext, threads: int, throttle: Throttle) -> None:
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, threads, throttle), name="moodlens-asr", daemon=True
        )
        self._proc.start()
        child.close()
        self._conn = parent
        self._futures: dict[int, concurrent.futures.Future[Any]] = {}
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._dead: str | None = None
        self._reader = threading.Thread(target=self._read, name="asr-reader", daemon=True)
        self._reader.start()

    @property
    def alive(self) -> bool:
        return self._dead is None

    def submit(self, kind: str, payload: object) -> concurrent.futures.Future[Any]:
        """Send one job; blocks only while the pipe takes the payload (call it off the loop)."""
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        with self._lock:
            if self._dead is not None:
                raise WorkerDied(self._dead)
            job = next(self._ids)
            self._futures[job] = future
        try:
            with self._send_lock:
                self._conn.send((job, kind, payload))
        except OSError as exc:
            self._fail_all(f"recognition process unreachable: {exc}")
        return future

    def _read(self) -> None:
        reason = "recognition process ended"
        try:
            while True:
                message = self._conn.recv()
                if message[0] == "failed":
                    reason = f"recognition process could not start: {message[1]}"
                    break
                job, ok, value = message
                with self._lock:
                    future = self._futures.pop(job, None)
                if future is None:
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (EOFError, OSError):
            code = self._proc.exitcode
            if code is not None:
                reason = f"recognition process ended (exit code {code})"
        self._fail_all(reason)

    def _fail_all(self, reason: str) -> None:
        with self._lock:
            self._dead = self._dead or reason
            futures, self._futures = list(self._futures.values()), {}
        for future in futures:
            if not future.done():
                future.set_exception(WorkerDied(reason))

    def close(self, timeout_s: float = 30.0) -> None:
        """Ask the child to stop after its running jobs; kill it if it does not in time."""
        with contextlib.suppress(OSError, ValueError), self._send_lock:
            self._conn.send(None)
        self._proc.join(timeout_s)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)
        self._conn.close()
        self._fail_all("recognition process closed")
