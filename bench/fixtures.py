"""The benches' shared set-up: a migrated temporary SQLite database holding one completed
30-minute demo session (1 Hz signals, 15 answers) stored the way the live pipeline stores it
(`moodlens.reports.demo_data`). `bench/report.py` and `bench/loop_lag.py` measure on it."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moodlens.core.db import make_engine
from moodlens.migrate import alembic_config
from moodlens.models import User
from moodlens.reports import demo_data

ANSWERS = 15
REPEAT: dict[demo_data.Level, int] = {"weak": 3, "fair": 2, "strong": 2}
STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def demo_plan() -> list[demo_data.PlannedAnswer]:
    levels: tuple[demo_data.Level, ...] = ("weak", "fair", "strong")
    return [
        demo_data.PlannedAnswer(
            demo_data.QUESTIONS[i % len(demo_data.QUESTIONS)],
            levels[i % len(levels)],
            # Two typed answers, as candidates sometimes type when the microphone fails.
            "typed" if i in (4, 11) else "voice",
            # Answers said over again, ~90-300 words each: a 30-minute session in all.
            repeat=REPEAT[levels[i % len(levels)]],
        )
        for i in range(ANSWERS)
    ]


def migrate(url: str) -> None:
    async def go() -> None:
        engine = make_engine(url)
        async with engine.begin() as conn:

            def upgrade(sync_conn: Any) -> None:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = sync_conn
                command.upgrade(cfg, "head")

            await conn.run_sync(upgrade)
        await engine.dispose()

    asyncio.run(go())


@contextmanager
def bench_database(prefix: str) -> Iterator[str]:
    """The URL of a migrated SQLite database in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        migrate(url)
        yield url


async def demo_session(maker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    """Store the completed 30-minute demo session (committed, no report yet); its id."""
    async with maker() as db:
        user = User(email="bench@moodlens.local", full_name="Bench")
        db.add(user)
        await db.flush()
        template = await demo_data.demo_template(db)
        session = await demo_data.create_completed_session(
            db, user, template, demo_plan(), started_at=STARTED, seed=42, duration_minutes=30
        )
        await db.commit()
        return session.id
