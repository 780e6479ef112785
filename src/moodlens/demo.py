"""Demo data so a fresh install has something to sign in to."""

from __future__ import annotations

from sqlalchemy import select

from moodlens.config import Settings
from moodlens.core.db import make_engine, make_sessionmaker, unit_of_work
from moodlens.core.security import hash_password
from moodlens.models import User
from moodlens.orgs.demo import seed_demo_org
from moodlens.reports.demo_data import seed_history

DEMO_EMAIL = "demo@moodlens.example"


async def seed_demo(settings: Settings, password: str) -> tuple[str, bool]:
    """Create the demo account and its history once; returns (email, created).

    An existing demo account gets `password` again, so `make run` always prints a password
    that works (the demo account holds demo data only)."""
    # The history below imports the speech and report libraries lazily; importing them takes
    # seconds on a busy machine, which must not happen while this transaction holds the
    # (SQLite) database's write lock and a running server's requests wait for it.
    import moodlens.reports.build
    import moodlens.signals.audio.fillers
    import moodlens.signals.audio.metrics  # noqa: F401

    engine = make_engine(settings.resolved_database_url)
    try:
        async with unit_of_work(make_sessionmaker(engine)) as db:
            existing = await db.scalar(select(User).where(User.email == DEMO_EMAIL))
            if existing is not None:
                existing.password_hash = hash_password(password)
                return DEMO_EMAIL, False
            user = User(
                email=DEMO_EMAIL,
                full_name="Demo Candidate",
                password_hash=hash_password(password),
            )
            db.add(user)
            await db.flush()
            # The demo account also owns an institute with a sharing cohort (orgs dashboard).
            await seed_demo_org(db, user)
            # Past sessions with built reports, so progress and the plan are populated.
            await seed_history(db, user)
        return DEMO_EMAIL, True
    finally:
        await engine.dispose()
