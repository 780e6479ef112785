"""One migration chain for PostgreSQL and SQLite, and no drift between models and migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect

from moodlens.core.base import Base
from moodlens.core.db import make_engine
from moodlens.migrate import alembic_config
from tests.conftest import is_sqlite

pytestmark = pytest.mark.skipif(is_sqlite(), reason="runs PostgreSQL and SQLite explicitly")


def _run(url: str, *steps: tuple[str, str]) -> list[str]:
    """Apply alembic steps on `url` and return the tables that exist afterwards."""

    async def go() -> list[str]:
        engine = make_engine(url)
        async with engine.begin() as conn:
            tables: list[str] = await conn.run_sync(_steps, url, steps)
        await engine.dispose()
        return tables

    return asyncio.run(go())


def _steps(conn: Connection, url: str, steps: tuple[tuple[str, str], ...]) -> list[str]:
    cfg = alembic_config(url)
    cfg.attributes["connection"] = conn
    for verb, rev in steps:
        getattr(command, verb)(cfg, rev)
    return sorted(inspect(conn).get_table_names())


def _diff(conn: Connection) -> list[object]:
    ctx = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(ctx, Base.metadata))


def test_postgres_upgrade_downgrade_upgrade(pg_schema_url: str) -> None:
    expected = sorted(Base.metadata.tables)
    assert set(expected) <= set(_run(pg_schema_url, ("upgrade", "head")))
    assert _run(pg_schema_url, ("downgrade", "base")) == ["alembic_version"]
    assert set(expected) <= set(_run(pg_schema_url, ("upgrade", "head")))


def test_sqlite_upgrade(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    assert set(Base.metadata.tables) <= set(_run(url, ("upgrade", "head")))


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_models_and_migrations_do_not_drift(
    dialect: str, pg_schema_url: str, tmp_path: Path
) -> None:
    url = pg_schema_url if dialect == "postgresql" else f"sqlite+aiosqlite:///{tmp_path / 'd.db'}"
    _run(url, ("upgrade", "head"))

    async def diff() -> list[object]:
        engine = make_engine(url)
        async with engine.connect() as conn:
            result: list[object] = await conn.run_sync(_diff)
        await engine.dispose()
        return result

    assert asyncio.run(diff()) == []
