"""`moodlens migrate` leaves a fresh database ready to use: schema at head and the interview
templates from the content files, without waiting for a first request."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from moodlens.cli import app as cli_app
from moodlens.coaching.content import load_content
from moodlens.config import get_settings
from moodlens.core.db import make_engine
from moodlens.migrate import migrate
from moodlens.models import InterviewTemplate


async def _template_versions(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(InterviewTemplate.content_version))
            return [v for (v,) in rows]
    finally:
        await engine.dispose()


async def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(InterviewTemplate)) or 0)
    finally:
        await engine.dispose()


def _check_fresh_install(url: str) -> None:
    content = load_content()
    assert migrate(url) == len(content.templates) > 0
    assert asyncio.run(_template_versions(url)) == [content.version] * len(content.templates)
    assert migrate(url) == 0  # again: schema and templates already current, nothing written
    assert asyncio.run(_count(url)) == len(content.templates)


@pytest.mark.sqlite
def test_migrate_loads_templates_into_a_fresh_sqlite_database(tmp_path: Path) -> None:
    _check_fresh_install(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")


def test_migrate_loads_templates_into_a_fresh_postgres_schema(pg_schema_url: str) -> None:
    _check_fresh_install(pg_schema_url)


@pytest.mark.sqlite
def test_cli_migrate_command(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    env = {"MOODLENS_DATABASE_URL": url, "MOODLENS_VAR_DIR": str(tmp_path / "var")}
    get_settings.cache_clear()  # the command reads MOODLENS_* through the cached settings
    try:
        result = CliRunner().invoke(cli_app, ["migrate"], env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    count = len(load_content().templates)
    assert f"({count} interview templates written)" in result.output
    assert asyncio.run(_count(url)) == count
