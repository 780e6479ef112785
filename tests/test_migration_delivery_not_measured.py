"""Migration 0020c: existing typed-only rows lose their placeholder delivery (issue 15).

Rows written before it hold the role baseline in `session_scores.confidence_score` while
their summary says delivery was not measured; after the upgrade the column is NULL for them
and untouched for measured rows; the downgrade puts the stored number back."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, text

from moodlens.core.db import make_engine
from moodlens.migrate import alembic_config
from tests.conftest import is_sqlite

pytestmark = pytest.mark.skipif(is_sqlite(), reason="runs PostgreSQL and SQLite explicitly")

BEFORE = "2026_12_03_0017e"
THIS = "2026_12_03_0020c"


def _summary(measured: bool, score: float) -> str:
    dim = {"score": score, "band": "low", "interval": [40, 80], "measured": measured}
    return json.dumps({"dimensions": {"confidence": dim}})


_UUID = sa.Uuid()
_WHEN = datetime(2026, 12, 3, 10, tzinfo=UTC)


def _insert(conn: Connection, sql: str, **values: object) -> None:
    # UUIDs and datetimes need their types to bind alike on asyncpg and SQLite.
    binds: list[sa.BindParameter[Any]] = [
        sa.bindparam(k, type_=_UUID) for k, v in values.items() if isinstance(v, uuid.UUID)
    ]
    if "at" in values:
        binds.append(sa.bindparam("at", type_=sa.DateTime(timezone=True)))
    conn.execute(text(sql).bindparams(*binds), values)


def _scenario(conn: Connection, url: str) -> list[tuple[str, float | None]]:
    cfg = alembic_config(url)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, BEFORE)
    user, template = uuid.uuid4(), uuid.uuid4()
    _insert(
        conn,
        "INSERT INTO users (id, email, full_name, role, created_at, updated_at)"
        " VALUES (:id, 'm@example.com', 'M', 'candidate', :at, :at)",
        id=user,
        at=_WHEN,
    )
    _insert(
        conn,
        "INSERT INTO interview_templates (id, slug, role_track, round_type, difficulty, title,"
        " description, content_version, config_json) VALUES (:id, 'm', 'sde', 'behavioral',"
        " 'medium', 'M', 'M', 'v', '{}')",
        id=template,
    )
    typed, spoken = uuid.uuid4(), uuid.uuid4()
    for rid, measured, score in ((typed, False, 61.0), (spoken, True, 72.5)):
        sid = uuid.uuid4()
        _insert(
            conn,
            "INSERT INTO sessions (id, user_id, template_id, status, duration_minutes, seed,"
            " recording_enabled, shared_with_org, report_status, report_attempts, created_at,"
            " updated_at) VALUES (:id, :user, :template, 'completed', 10, 1, false, false,"
            " 'ready', 0, :at, :at)",
            id=sid,
            user=user,
            template=template,
            at=_WHEN,
        )
        _insert(
            conn,
            "INSERT INTO session_scores (id, session_id, overall_score, communication_score,"
            " confidence_score, structure_score, relevance_score, scoring_version,"
            " summary_json, report_json, created_at) VALUES (:id, :sid, 60, 60, :c, 60, 60,"
            " 'v', :s, '{}', :at)",
            id=rid,
            sid=sid,
            c=score,
            s=_summary(measured, score),
            at=_WHEN,
        )

    def read() -> tuple[float | None, float | None]:
        stmt = text("SELECT id, confidence_score FROM session_scores").columns(
            sa.column("id", _UUID), sa.column("confidence_score", sa.Double())
        )
        rows: dict[uuid.UUID, float | None] = {i: c for i, c in conn.execute(stmt).all()}
        return rows[typed], rows[spoken]

    out: list[tuple[str, float | None]] = []
    command.upgrade(cfg, THIS)
    t, s = read()
    out += [("upgraded typed", t), ("upgraded spoken", s)]
    command.downgrade(cfg, BEFORE)
    t, s = read()
    out += [("downgraded typed", t), ("downgraded spoken", s)]
    return out


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_upgrade_nulls_unmeasured_delivery_and_downgrade_restores_it(
    dialect: str, pg_schema_url: str, tmp_path: Path
) -> None:
    url = pg_schema_url if dialect == "postgresql" else f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"

    async def go() -> list[tuple[str, float | None]]:
        engine = make_engine(url)
        async with engine.begin() as conn:
            result: list[tuple[str, float | None]] = await conn.run_sync(_scenario, url)
        await engine.dispose()
        return result

    assert asyncio.run(go()) == [
        ("upgraded typed", None),
        ("upgraded spoken", 72.5),
        ("downgraded typed", 61.0),
        ("downgraded spoken", 72.5),
    ]
