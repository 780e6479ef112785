"""Declarative base, portable column types and mixins shared by every table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Integer, MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints keep Alembic migrations identical on PostgreSQL and SQLite.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY, so big ids fall back to Integer there.
BigIntId = BigInteger().with_variant(Integer(), "sqlite")
# none_as_null: a Python None is stored as SQL NULL, not as the JSON value `null`, so
# `IS NULL` means "absent" (e.g. a signal second without face numbers in an audio-only room).
PortableJSON = JSON(none_as_null=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on every database: SQLite hands back naive values even for
    timezone columns, so reads become UTC here, once, instead of `as_utc()` at each use.
    Stored the same way as `DateTime(timezone=True)` (no migration)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class StoredStrEnum(TypeDecorator[Any]):
    """A status column: stored as the enum's string value (the same VARCHAR as before, no
    migration), read back as the enum member. Writing a value outside the enum fails at once
    instead of storing a status nothing else understands."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        uuid.UUID: Uuid(),
        datetime: UTCDateTime(),
    }


class UUIDPk:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def as_utc(value: datetime) -> datetime:
    """A naive datetime read as UTC. Table columns are `UTCDateTime` and need no call; this is
    for values from elsewhere (raw SQL results, parsed input) that may be naive."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
