"""Status columns hold the enum's strings (stored values unchanged) and read back as members
(`core.base.StoredStrEnum`): sessions' `status` and `report_status`, exports' `status`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest
from sqlalchemy import Column
from sqlalchemy.dialects import sqlite

from moodlens.core.base import StoredStrEnum
from moodlens.models import Export, ExportStatus, InterviewSession, ReportStatus, SessionStatus

_DIALECT = sqlite.dialect()


def _column() -> StoredStrEnum:
    column_type = InterviewSession.__table__.c.status.type
    assert isinstance(column_type, StoredStrEnum)
    return column_type


@pytest.mark.sqlite
def test_a_status_is_stored_as_its_string_and_read_back_as_the_enum() -> None:
    column = _column()
    assert column.process_bind_param(SessionStatus.LIVE, _DIALECT) == "live"
    assert column.process_bind_param("completed", _DIALECT) == "completed"
    assert column.process_result_value("live", _DIALECT) is SessionStatus.LIVE
    assert isinstance(SessionStatus.LIVE, str)  # code comparing with strings keeps working


@pytest.mark.sqlite
def test_a_status_outside_the_enum_is_refused_before_it_is_stored() -> None:
    with pytest.raises(ValueError, match="paused"):
        _column().process_bind_param("paused", _DIALECT)


@pytest.mark.sqlite
@pytest.mark.parametrize(
    ("column", "enum", "stored"),
    [
        (
            InterviewSession.__table__.c.report_status,
            ReportStatus,
            ("none", "building", "ready", "failed"),
        ),
        (Export.__table__.c.status, ExportStatus, ("pending", "ready", "failed", "expired")),
    ],
)
def test_report_and_export_statuses_keep_their_stored_strings(
    column: Column[Any], enum: type[StrEnum], stored: tuple[str, ...]
) -> None:
    column_type = column.type
    assert isinstance(column_type, StoredStrEnum)
    # The values already in the database read back as members, and are written unchanged.
    assert tuple(member.value for member in enum) == stored
    for value in stored:
        assert column_type.process_result_value(value, _DIALECT) is enum(value)
        assert column_type.process_bind_param(enum(value), _DIALECT) == value
    with pytest.raises(ValueError, match="queued"):
        column_type.process_bind_param("queued", _DIALECT)
