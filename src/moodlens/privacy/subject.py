"""Find and remove every row and file that belongs to a data subject (a user or a session).

Ownership is read from the schema instead of a hand-kept list, so a table added later is
covered without touching this module: a row belongs to the subject when a foreign key with
ON DELETE CASCADE leads (directly or through other owned rows) to the subject's row. A foreign
key with ON DELETE SET NULL is a reference, not ownership: it is cleared, the row stays (e.g. a
session keeps existing when its organization goes). Other foreign keys are not followed: the
database refuses the delete loudly instead of us guessing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Column, ColumnElement, Table, delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import Base
from moodlens.core.storage import Storage
from moodlens.models import Export, SessionRecording

# Columns that hold storage keys. Other domains can mark theirs with
# `mapped_column(..., info={"storage_key": True})` instead of editing this list.
_KNOWN_FILE_COLUMNS: tuple[Column[Any], ...] = (
    cast(Table, Export.__table__).c.file_url,
    cast(Table, SessionRecording.__table__).c.storage_key,
)


@dataclass
class Subject:
    owned: dict[Table, ColumnElement[bool]]
    nullify: list[tuple[Table, Column[Any], ColumnElement[bool]]] = field(default_factory=list)


def _pk(table: Table) -> Column[Any]:
    cols = list(table.primary_key.columns)
    if len(cols) != 1:
        raise ValueError(f"subject root {table.name} needs a single-column primary key")
    return cols[0]


def subject_of(root: Table, root_id: uuid.UUID) -> Subject:
    """WHERE clauses selecting the subject's rows in every table that depends on `root`."""
    subject = Subject(owned={root: _pk(root) == root_id})
    # sorted_tables lists parents before children, so a parent's clause exists when needed.
    for table in Base.metadata.sorted_tables:
        if table is root:
            continue
        conditions: list[ColumnElement[bool]] = []
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent not in subject.owned:
                continue
            member = fk.parent.in_(select(fk.column).where(subject.owned[parent]))
            ondelete = (fk.ondelete or "").upper()
            if ondelete == "CASCADE":
                conditions.append(member)
            elif ondelete == "SET NULL":
                subject.nullify.append((table, fk.parent, member))
        if conditions:
            subject.owned[table] = or_(*conditions)
    return subject


def file_columns() -> list[Column[Any]]:
    cols: list[Column[Any]] = list(_KNOWN_FILE_COLUMNS)
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            if col.info.get("storage_key") and col not in cols:
                cols.append(col)
    return cols


async def subject_file_keys(db: AsyncSession, subject: Subject) -> list[str]:
    """Storage keys that the subject's rows point at (wherever they were written)."""
    keys: list[str] = []
    for col in file_columns():
        table = col.table
        if not isinstance(table, Table) or table not in subject.owned:
            continue
        rows = await db.execute(select(col).where(subject.owned[table], col.is_not(None)))
        keys.extend(k for k in rows.scalars() if k)
    return keys


def delete_files(storage: Storage, keys: list[str], prefixes: list[str]) -> None:
    """Files go before rows: if the transaction then fails, the job retries and finds the
    rows again; the other order could leave files that nothing points at any more."""
    for key in keys:
        if "://" in key:
            # Not a storage key of ours (e.g. an external URL); nothing to delete here.
            continue
        storage.delete_prefix(key)
    for prefix in prefixes:
        storage.delete_prefix(prefix)


async def delete_subject_rows(db: AsyncSession, subject: Subject) -> dict[str, int]:
    """Delete children before parents; return the number of rows removed per table."""
    # Pending ORM changes go first so the bulk statements see them.
    await db.flush()
    loaded = await _loaded_subject_objects(db, subject)
    for table, column, member in subject.nullify:
        if table not in subject.owned:
            await db.execute(update(table).where(member).values({column.name: None}))
    counts: dict[str, int] = {}
    for table in reversed(Base.metadata.sorted_tables):
        condition = subject.owned.get(table)
        if condition is None:
            continue
        # By condition, not by an id list: a user's signal events can exceed bind limits.
        result = await db.execute(delete(table).where(condition))
        rowcount = int(getattr(result, "rowcount", 0) or 0)
        if rowcount:
            counts[table.name] = rowcount
    # Bulk deletes bypass the ORM: drop the deleted rows' objects from the session so a later
    # `db.get()` in the same transaction does not return a ghost.
    for obj in loaded:
        db.expunge(obj)
    return counts


async def _loaded_subject_objects(db: AsyncSession, subject: Subject) -> list[object]:
    by_table: dict[Table, list[tuple[tuple[Any, ...], object]]] = {}
    for key in list(db.identity_map.keys()):
        table = getattr(key[0], "__table__", None)
        obj = db.identity_map.get(key)
        if isinstance(table, Table) and table in subject.owned and obj is not None:
            by_table.setdefault(table, []).append((tuple(key[1]), obj))
    found: list[object] = []
    for table, entries in by_table.items():
        pk = list(table.primary_key.columns)
        idents = [ident for ident, _ in entries]
        stmt = select(*pk).where(subject.owned[table], tuple_(*pk).in_(idents))
        if len(pk) == 1:
            stmt = select(pk[0]).where(subject.owned[table], pk[0].in_([i[0] for i in idents]))
        hits = {tuple(r) for r in (await db.execute(stmt)).all()}
        found.extend(obj for ident, obj in entries if ident in hits)
    return found
