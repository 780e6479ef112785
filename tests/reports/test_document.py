"""The builder's document is checked against the report schema (reports/document.py).

Every test that builds a report (test_evidence, test_report, ...) passes through the check with
a real document; these show that a drifted one is refused when it is built."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from moodlens.reports.document import checked_document


def test_a_document_missing_the_contract_fields_is_refused() -> None:
    with pytest.raises(ValidationError, match="report_version"):
        checked_document({"status": "ready"})


def test_a_field_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(ValidationError, match="answers"):
        checked_document({"status": "ready", "answers": "not a list"})
