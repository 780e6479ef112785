"""What the sessions domain needs from the live capture of this process, as a protocol.

The live package (`live/hub.py`) implements it and main.py hands the hub in as
`app.state.live_hub`; the sessions domain never imports the live package (an import contract
in pyproject.toml), so the socket side of ending a session (which close code, which reason)
stays with the hub.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Protocol

from fastapi import Depends, Request

from moodlens.core.errors import ServiceUnavailable


class AnswersStillTranscribing(ServiceUnavailable):
    """The previous answer's transcript is not stored yet; retry shortly (Retry-After)."""


class LiveCapture(Protocol):
    async def finish(self, session_id: uuid.UUID) -> bool:
        """Store the session's pending answers and signal rows and drop its pipeline (the
        user ended it). Returns whether this process held one."""
        ...

    async def end_overdue(self, session_id: uuid.UUID) -> bool:
        """As `finish`, for an end the client did not ask for (the overdue sweep): a still
        connected socket is told first that the session is over, so it stops sending and does
        not reconnect. Returns whether this process held the session."""
        ...

    async def wait_for_answers(self, session_id: uuid.UUID) -> None:
        """Return once every ended answer held here is stored; AnswersStillTranscribing when
        that takes too long."""
        ...


def get_live_capture(request: Request) -> LiveCapture:
    capture: LiveCapture = request.app.state.live_hub
    return capture


LiveCaptureDep = Annotated[LiveCapture, Depends(get_live_capture)]
