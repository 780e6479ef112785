"""Helpers every part of the printable report shares: escaping, score and time formats."""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from typing import Any

DIMENSION_ORDER = ("communication", "confidence", "structure", "relevance")


def e(value: object) -> str:
    return escape("" if value is None else str(value))


def score_html(value: Mapping[str, Any] | None) -> str:
    if not value:
        return "–"
    if value.get("measured") is False:
        # Nothing observed (a typed answer has no voice or camera): no number to show.
        return "<span class='muted'>not measured</span>"
    lo, hi = value.get("interval", [None, None])
    return f"{n(value['score'])} <span class='muted'>({n(lo)}–{n(hi)})</span>"


def n(score: float) -> str:
    """A whole number, halves rounded up (74.5 -> 75) as the summary text rounds them, not
    to even as Python's format does."""
    return str(math.floor(float(score) + 0.5))


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def labels(report: Mapping[str, Any]) -> Mapping[str, str]:
    out: Mapping[str, str] = report.get("labels", {})
    return out
