"""The report's `measured` flag is part of the typed contract, not an extra key (issue 15)."""

from __future__ import annotations

from typing import Any

from moodlens.reports.schemas import DimensionOut

BASE: dict[str, Any] = {
    "score": 50.0,
    "band": "low",
    "interval": [30.0, 70.0],
    "label": "Delivery",
    "level": "needs work",
    "factors": [],
    "warnings": ["Not measured: a typed answer has no voice or camera to judge delivery."],
}


def test_a_typed_dimension_says_it_was_not_measured() -> None:
    dim = DimensionOut.model_validate(BASE | {"measured": False})
    assert dim.measured is False
    assert dim.model_dump()["measured"] is False


def test_reports_stored_before_the_flag_read_as_measured() -> None:
    assert DimensionOut.model_validate(BASE).measured is True


def test_the_response_schema_declares_it_so_the_web_client_types_it() -> None:
    measured = DimensionOut.model_json_schema(mode="serialization")["properties"]["measured"]
    assert measured["type"] == "boolean"
    assert measured["default"] is True
