"""PDF rendering in a separate process, so live sessions served by the same API process never
stall behind it.

WeasyPrint is mostly pure Python: in a thread (`asyncio.to_thread`) it holds the GIL for most
of a render (seconds for a report), and the event loop that serves every live WebSocket of the
process gets the interpreter only in 5 ms slices between, so cue round trips grow by up to the
render time. One long-lived worker process (started on the first export, WeasyPrint imported
once there) renders instead; the event loop only waits on a pipe.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import threading
from collections.abc import Mapping
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from moodlens.reports import render

_lock = threading.Lock()
_pool: concurrent.futures.ProcessPoolExecutor | None = None


def _executor() -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # forkserver: the child inherits no threads, sockets or event loop of the server.
            ctx = multiprocessing.get_context("forkserver")
            _pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        return _pool


async def report_pdf(report: Mapping[str, Any]) -> bytes:
    """`render.report_pdf` in the render process (restarted once if it died)."""
    loop = asyncio.get_running_loop()
    doc = dict(report)
    try:
        return await loop.run_in_executor(_executor(), render.report_pdf, doc)
    except BrokenProcessPool:
        shutdown()
        return await loop.run_in_executor(_executor(), render.report_pdf, doc)


def shutdown() -> None:
    """Stop the render process (app shutdown; a broken pool before a restart)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
