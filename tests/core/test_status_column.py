"""Session status columns hold the enum's strings (stored values unchanged) and read back as
`SessionStatus` members (`core.base.StoredStrEnum`)."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import sqlite

from moodlens.core.base import StoredStrEnum
from moodlens.models import InterviewSession, SessionStatus

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
