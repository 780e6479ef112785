from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.models import User
from tests.factories import auth_headers, create_user
from tests.interview_sessions.factories import FakeClock, grant_consent


@pytest.fixture
def clock(app: FastAPI) -> FakeClock:
    """Session time under the test's control: the API reads `app.state.clock`."""
    fake = FakeClock()
    app.state.clock = fake
    return fake


@dataclass
class Candidate:
    user: User
    headers: dict[str, str]


@pytest.fixture
async def candidate(db: AsyncSession, settings: Settings) -> Candidate:
    """A signed-in user who accepted the current consent."""
    user = await create_user(db)
    await grant_consent(db, user)
    return Candidate(user, auth_headers(user, settings))


@pytest.fixture
async def stranger(db: AsyncSession, settings: Settings) -> Candidate:
    user = await create_user(db)
    await grant_consent(db, user)
    return Candidate(user, auth_headers(user, settings))
