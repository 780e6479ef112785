"""Run an app on a real uvicorn server (TCP on 127.0.0.1, a free port) inside the test's event
loop, with the options `moodlens serve` uses: for behaviour that only the real server shows
(client addresses, WebSocket framing)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from moodlens.cli import server_config


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """Yield the base URL (http://127.0.0.1:<port>) while the server runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(server_config(app, "127.0.0.1", port))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
                raise AssertionError("the server stopped before it started")
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
