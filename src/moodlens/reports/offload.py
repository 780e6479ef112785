"""CPU-heavy report work (scoring, PDF rendering) in a separate process, so live sessions
served by the same API process never stall behind it.

Scoring (`builder.build_report`, numpy plus a lot of pure Python) and WeasyPrint both hold the
GIL for most of their run when put in a thread (`asyncio.to_thread`): the event loop that
serves every live WebSocket of the process then gets the interpreter only in 5 ms slices
between, so cue round trips grow by up to the build or render time. One long-lived worker
process (started on first use, scoring config and WeasyPrint imported once there) does the
work instead; the event loop only waits on a pipe. Inputs and results are plain pickled data:
the database read and the store stay in the API process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import multiprocessing
import threading
from collections.abc import Callable, Mapping
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any, TypeVar

from moodlens.reports import builder, render
from moodlens.reports.inputs import SessionInput

T = TypeVar("T")

_lock = threading.Lock()
_pool: concurrent.futures.ProcessPoolExecutor | None = None


class OffloadProcessDied(RuntimeError):
    """The report worker process died (e.g. killed for memory) before it returned a result.
    The next call starts a fresh process."""


def _executor() -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # forkserver: the child inherits no threads, sockets or event loop of the server.
            ctx = multiprocessing.get_context("forkserver")
            _pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        return _pool


def _discard(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Drop a broken pool, but only if it is still the current one: a concurrent caller may
    already have started a fresh pool that others are using."""
    global _pool
    with _lock:
        if _pool is not pool:
            return
        _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


async def _run(call: Callable[[], T]) -> T:
    pool = _executor()
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, call)
    except BrokenProcessPool as exc:
        _discard(pool)
        raise OffloadProcessDied(
            "The report worker process stopped before it finished (it may have run out of "
            "memory); a fresh one starts on the next attempt."
        ) from exc


async def build_report(data: SessionInput, *, built_at: datetime) -> builder.BuiltReport:
    """`builder.build_report` in the worker process. Not retried here: a process that died
    raises `OffloadProcessDied`, and the build job's own attempts (each recorded on the
    report) decide whether to try again."""
    return await _run(functools.partial(builder.build_report, data, built_at=built_at))


async def report_pdf(report: Mapping[str, Any]) -> bytes:
    """`render.report_pdf` in the worker process (restarted once if it died)."""
    call = functools.partial(render.report_pdf, dict(report))
    try:
        return await _run(call)
    except OffloadProcessDied:
        return await _run(call)


def shutdown() -> None:
    """Stop the worker process (app shutdown)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
