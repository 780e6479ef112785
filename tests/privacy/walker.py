"""Independent of the code under test: find every trace of a data subject in the database
and the storage folder. It walks Base.metadata, so tables added later are searched too.

A row is a trace when a foreign key (any foreign key, whatever its ON DELETE) leads from it to
the subject, directly or through other traces, or when one of its text/JSON columns contains
one of the needles (ids, email, name, transcript). The audit log is left out: it is checked
separately, because it must keep a pseudonymous entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import JSON, String, Table, Text, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import Base

AUDIT_TABLE = "audit_log"


def _pk(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


async def traces_in_db(
    db: AsyncSession, root: str, root_id: object, needles: list[str]
) -> dict[str, list[dict[str, Any]]]:
    tables = [t for t in Base.metadata.sorted_tables if t.name != AUDIT_TABLE]
    found: dict[Table, dict[tuple[Any, ...], dict[str, Any]]] = {t: {} for t in tables}
    root_table = Base.metadata.tables[root]
    root_pk = next(iter(root_table.primary_key.columns))
    for row in (await db.execute(select(root_table).where(root_pk == root_id))).mappings():
        found[root_table][_pk(root_table, dict(row))] = dict(row)

    def add(table: Table, rows: Any) -> bool:
        new = False
        for row in rows:
            d = dict(row)
            key = _pk(table, d)
            if key not in found[table]:
                found[table][key] = d
                new = True
        return new

    # Text and JSON columns that mention the subject.
    for table in tables:
        for col in table.columns:
            if not isinstance(col.type, String | Text | JSON):
                continue
            for needle in needles:
                stmt = select(table).where(cast(col, Text).like(f"%{needle}%"))
                add(table, (await db.execute(stmt)).mappings())

    # Foreign keys, to a fixpoint (parents first, so one pass usually suffices).
    changed = True
    while changed:
        changed = False
        for table in tables:
            for fk in table.foreign_keys:
                parent = fk.column.table
                if not isinstance(parent, Table) or parent not in found:
                    continue
                values = {r[fk.column.name] for r in found[parent].values()}
                values.discard(None)
                if not values:
                    continue
                stmt = select(table).where(fk.parent.in_(list(values)))
                changed |= add(table, (await db.execute(stmt)).mappings())
    return {t.name: list(rows.values()) for t, rows in found.items() if rows}


def traces_in_storage(root: Path, needles: list[str]) -> list[Path]:
    hits: list[Path] = []
    if not root.exists():
        return hits
    raw = [n.encode() for n in needles]
    for path in root.rglob("*"):
        if any(n in str(path.relative_to(root)) for n in needles) or (
            path.is_file() and any(n in path.read_bytes() for n in raw)
        ):
            hits.append(path)
    return hits
