"""Live pipelines of this API process, one per live session, kept across reconnects.

A reconnecting client resumes the same pipeline (VAD state, rolling metrics, pending
transcripts). Pipelines live in this process: deployments with several API instances route a
session's WebSocket to one instance (sticky by session id), see docs/adr/0003.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Annotated

from fastapi import Depends, Request, WebSocket
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moodlens.interview_sessions.capture import AnswersStillTranscribing
from moodlens.live.audio import AudioServices
from moodlens.live.consent import CaptureConsent
from moodlens.live.pipeline import LivePipeline
from moodlens.live.socket import CloseCode
from moodlens.models import InterviewSession

log = logging.getLogger("moodlens.live")
FLUSH_INTERVAL_S = 2.0
IDLE_DROP_S = 15 * 60
# How long POST /questions/next waits for the previous answer's transcript before a 503.
ANSWER_WAIT_S = 90.0


__all__ = ["AnswersStillTranscribing", "LiveHub", "LiveHubDep", "get_live_hub"]


class LiveHub:
    """The live pipelines of this process; the sessions domain sees it as its `LiveCapture`
    (interview_sessions/capture.py)."""

    def __init__(self, maker: async_sessionmaker[AsyncSession], audio: AudioServices) -> None:
        self._maker = maker
        self._audio = audio
        self._pipelines: dict[uuid.UUID, LivePipeline] = {}
        self._lock = asyncio.Lock()
        self._flusher: asyncio.Task[None] | None = None

    def get(self, session_id: uuid.UUID) -> LivePipeline | None:
        return self._pipelines.get(session_id)

    async def attach(
        self, session: InterviewSession, websocket: WebSocket, consent: CaptureConsent
    ) -> tuple[LivePipeline, bool]:
        """The session's pipeline, now fed by `websocket` and carrying what `consent` allows
        (read at each connect: a reconnect after a consent change gets the new rule)."""
        async with self._lock:
            pipeline = self._pipelines.get(session.id)
            resumed = pipeline is not None
            if pipeline is None:
                self._audio.warm_up()
                pipeline = LivePipeline(session, self._maker, self._audio)
                self._pipelines[session.id] = pipeline
            old = pipeline.websocket
            pipeline.websocket = websocket
            pipeline.use_consent(consent)
            pipeline.last_seen = time.monotonic()
            if self._flusher is None or self._flusher.done():
                self._flusher = asyncio.create_task(self._flush_loop())
        if old is not None and old is not websocket:
            # One connection per session: the newest wins (a reconnect after a network switch).
            with contextlib.suppress(Exception):
                await old.close(4000, "Replaced by a newer connection.")
        return pipeline, resumed

    async def wait_for_answers(
        self, session_id: uuid.UUID, timeout_s: float = ANSWER_WAIT_S
    ) -> None:
        """Return once every ended answer of the session held here is stored, so the
        question engine sees the transcript its next question depends on (under load that
        transcript may be many seconds behind the speech). Raises AnswersStillTranscribing
        after `timeout_s`; returns at once when this process holds no pipeline for it."""
        pipeline = self._pipelines.get(session_id)
        if pipeline is None:
            return
        try:
            await asyncio.wait_for(pipeline.settled(), timeout_s)
        except TimeoutError as exc:
            raise AnswersStillTranscribing(
                "The previous answer is still being transcribed (the server is busy); "
                "ask for the next question again in a few seconds.",
                headers={"Retry-After": "5"},
            ) from exc

    async def detach(self, pipeline: LivePipeline, websocket: WebSocket) -> None:
        if pipeline.websocket is websocket:
            pipeline.websocket = None
            pipeline.last_seen = time.monotonic()
        await pipeline.flush()

    async def finish(self, session_id: uuid.UUID, *, close: tuple[int, str] | None = None) -> bool:
        """The session ended: store what is pending and drop the pipeline. Returns whether
        this process held one.

        `close` (code, reason) first closes a still-connected socket: for an end the client
        did not ask for (the overdue sweep), so it stops sending and does not reconnect."""
        pipeline = self._pipelines.pop(session_id, None)
        if pipeline is None:
            return False
        websocket = pipeline.websocket
        if close is not None and websocket is not None:
            with contextlib.suppress(Exception):
                await websocket.close(*close)
        await pipeline.finish()
        return True

    async def end_overdue(self, session_id: uuid.UUID) -> bool:
        """The overdue sweep ended the session: close its socket as "not live" (final for the
        client: it stops sending and does not reconnect), then store what is pending."""
        return await self.finish(
            session_id, close=(CloseCode.NOT_LIVE, "The session's time is up; it has ended.")
        )

    async def _flush_loop(self) -> None:
        while self._pipelines:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            now = time.monotonic()
            for sid, pipeline in list(self._pipelines.items()):
                try:
                    await pipeline.flush()
                except Exception:
                    log.exception("flushing live signals failed for %s", sid)
                if pipeline.websocket is None and now - pipeline.last_seen > IDLE_DROP_S:
                    await self.finish(sid)

    async def close(self) -> None:
        for sid in list(self._pipelines):
            await self.finish(sid)
        if self._flusher is not None:
            self._flusher.cancel()


def get_live_hub(request: Request) -> LiveHub:
    hub: LiveHub = request.app.state.live_hub
    return hub


LiveHubDep = Annotated[LiveHub, Depends(get_live_hub)]
