"""`moodlens migrate`: the schema (Alembic, configured in code so the CLI and the tests share
it), then the data a fresh install needs, the interview templates from the content files."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from moodlens.coaching.content import load_content
from moodlens.core.db import make_engine, make_sessionmaker, unit_of_work
from moodlens.interview_templates.service import sync_templates

REPO_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str) -> Config:
    cfg = Config(str(REPO_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    cfg.attributes["url"] = url
    return cfg


async def sync_content(url: str) -> int:
    """Upsert the interview templates from the content files into the database at `url`;
    returns how many rows were written (0 when they already match)."""
    engine = make_engine(url)
    try:
        async with unit_of_work(make_sessionmaker(engine)) as db:
            return await sync_templates(db, load_content())
    finally:
        await engine.dispose()


def migrate(url: str) -> int:
    """Upgrade the schema to head, then sync the templates, so a fresh install lists them
    before any request (the request-time sync in `interview_templates.deps` stays: it heals a
    database that was wiped or given new content while the server ran). Returns the number of
    template rows written. Not for a running event loop: Alembic's env runs its own."""
    command.upgrade(alembic_config(url), "head")
    return asyncio.run(sync_content(url))
