"""Writes that an error raised after them must not undo (ADR 0006).

Only the request or job boundary commits, and it rolls everything back when the request fails.
That is right for ordinary work, and wrong for a few security writes made just before a
refusal: the revoked token family of a replayed refresh token, the audit entry of a refused
account deletion. Services hand such a write to `must_commit`: it runs at once in the caller's
transaction (later reads there see it, and a successful request commits it as usual), and the
boundary runs it again in a short transaction of its own once the caller's has rolled back.

Replaying after the rollback, rather than committing from a second session straight away, is
what makes this safe on SQLite: the request's transaction may hold the database's only write
lock, so a second writer opened meanwhile would wait for it (or deadlock); after the rollback
the lock is free. Writes must therefore be safe to run twice on fresh sessions (a guarded
UPDATE, a new audit row), and must only need what they captured, not the rolled-back rows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

MustCommitWrite = Callable[[AsyncSession], Awaitable[None]]

# Where the pending writes live: on the session, so services need no extra parameter.
_KEY = "moodlens.must_commit"


async def must_commit(db: AsyncSession, write: MustCommitWrite) -> None:
    """Run `write` in `db`'s transaction now (flushed, so later reads there see it), and
    again in a transaction of its own if that one rolls back."""
    await write(db)
    await db.flush()
    db.info.setdefault(_KEY, []).append(write)


@event.listens_for(Session, "after_commit")
def _committed_with_the_caller(session: Session) -> None:
    # Committed as part of the caller's transaction: nothing is left to replay.
    session.info.pop(_KEY, None)


async def commit_after_rollback(
    maker: async_sessionmaker[AsyncSession], rolled_back: AsyncSession
) -> None:
    """Call after `rolled_back` was rolled back: commit the writes it must not lose, in a
    fresh transaction. A failure here is logged, not raised, so the caller's own error (the
    refusal the client is owed) is what propagates."""
    writes: list[MustCommitWrite] = rolled_back.info.pop(_KEY, [])
    if not writes:
        return
    try:
        async with maker() as session:
            for write in writes:
                await write(session)
            await session.commit()
    except Exception:
        log.exception(
            "a write that had to outlive the failed request could not be committed",
            extra={"fields": {"writes": [getattr(w, "__qualname__", "?") for w in writes]}},
        )
