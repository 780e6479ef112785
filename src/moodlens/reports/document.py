"""The report document as the builder lays it out, checked against the API's schema.

`reports.schemas.ReportReadyOut` is the body of `GET /v1/sessions/{id}/report` and the web
client's types are generated from it (OpenAPI). The builder writes the same document, minus the
comparison with the previous session, which is added when the report is read (it may be deleted
later). Checking the built document here means a builder that drifts from the contract fails
when the report is built, in tests, instead of in the browser.
"""

from __future__ import annotations

from typing import Any

from moodlens.reports.schemas import ComparisonOut, ReportReadyOut


class BuiltReportDocument(ReportReadyOut):
    """A stored report: the API's ready report before its comparison is attached."""

    comparison: ComparisonOut | None = None  # type: ignore[assignment]


def checked_document(report: dict[str, Any]) -> dict[str, Any]:
    """The document unchanged, once it matches the schema (raises ValidationError)."""
    BuiltReportDocument.model_validate(report)
    return report
