"""`must_commit`: a write handed to it is committed exactly once, whether the caller's
transaction commits or rolls back (request boundary `get_db` and job/CLI `unit_of_work`)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from moodlens.core.audit import record_audit, record_refusal_audit
from moodlens.core.db import make_sessionmaker, unit_of_work
from moodlens.core.must_commit import commit_after_rollback
from moodlens.models import AuditEntry

pytestmark = pytest.mark.sqlite


class Refused(Exception):
    pass


async def _count(engine: AsyncEngine, action: str) -> int:
    async with AsyncSession(engine) as s:
        n = await s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        )
    return int(n or 0)


async def test_a_refusal_entry_survives_the_rollback_of_its_unit_of_work(
    real_database: AsyncEngine,
) -> None:
    maker = make_sessionmaker(real_database)
    with pytest.raises(Refused):
        async with unit_of_work(maker) as db:
            record_audit(db, actor_id=None, action="test.undone", target_type="test")
            await record_refusal_audit(db, actor_id=None, action="test.kept", target_type="test")
            raise Refused
    assert await _count(real_database, "test.kept") == 1
    assert await _count(real_database, "test.undone") == 0


async def test_a_committed_caller_writes_it_once(real_database: AsyncEngine) -> None:
    maker = make_sessionmaker(real_database)
    async with unit_of_work(maker) as db:
        await record_refusal_audit(db, actor_id=None, action="test.kept", target_type="test")
    # Nothing is left to replay on the committed session.
    await commit_after_rollback(maker, db)
    assert await _count(real_database, "test.kept") == 1


async def test_the_write_is_visible_inside_the_callers_transaction(
    real_database: AsyncEngine,
) -> None:
    maker = make_sessionmaker(real_database)
    async with maker() as db:
        await record_refusal_audit(db, actor_id=None, action="test.kept", target_type="test")
        seen = await db.scalar(select(AuditEntry.id).where(AuditEntry.action == "test.kept"))
        assert seen is not None
        await db.rollback()
        await commit_after_rollback(maker, db)
        # A second call finds nothing to replay: the writes run once.
        await commit_after_rollback(maker, db)
    assert await _count(real_database, "test.kept") == 1
