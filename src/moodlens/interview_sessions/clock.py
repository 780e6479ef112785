"""The time source for session timing (started_at, asked_at, time left).

Session pacing is driven by wall-clock time, so tests need to move time without sleeping:
they set `app.state.clock` to a clock they control. Other domains that stamp session times
(the live pipeline) should take `ClockDep` too, so one override moves every timestamp.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Protocol

from fastapi import Depends, Request


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


SYSTEM_CLOCK = SystemClock()


def get_clock(request: Request) -> Clock:
    clock: Clock | None = getattr(request.app.state, "clock", None)
    return clock if clock is not None else SYSTEM_CLOCK


ClockDep = Annotated[Clock, Depends(get_clock)]
