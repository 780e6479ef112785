"""`moodlens demo` seeds an account that can sign in and sees a populated dashboard."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import httpx
import pytest
from alembic import command

from moodlens.config import Settings
from moodlens.demo import DEMO_EMAIL, seed_demo
from moodlens.main import create_app
from moodlens.migrate import alembic_config


@pytest.mark.sqlite
async def test_demo_account_signs_in_and_has_history(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    # Alembic's env runs its own event loop: keep it off this test's loop.
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
    settings = Settings(
        env="test", var_dir=tmp_path, database_url=url, secret_key=secrets.token_urlsafe(32)
    )
    assert await seed_demo(settings, "first-demo-password") == (DEMO_EMAIL, True)
    # Seeding again keeps the data and makes the newly printed password the valid one.
    assert await seed_demo(settings, "second-demo-password") == (DEMO_EMAIL, False)
    app = create_app(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        login = await client.post(
            "/v1/auth/login", json={"email": DEMO_EMAIL, "password": "second-demo-password"}
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        sessions = (await client.get("/v1/sessions", headers=headers)).json()
        assert sessions["total"] >= 3
        progress = await client.get("/v1/users/me/progress", headers=headers)
        assert progress.status_code == 200
    app.state.asr_pool.close()
    await app.state.engine.dispose()
