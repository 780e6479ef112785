"""The report as CSV: a row per stored second of signals, then a row per answer."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from moodlens.models import SignalEvent

CSV_COLUMNS = (
    "record",
    "t_s",
    "answer_index",
    "face_in_view_ratio",
    "gaze_on_camera",
    "attention",
    "composure",
    "pace_wpm",
    "speaking",
    "fillers_in_window",
    "volume_dbfs",
    "question",
    "input_mode",
    "start_s",
    "end_s",
    "word_count",
    "overall",
    "overall_band",
    "communication",
    "communication_band",
    "delivery",
    "delivery_band",
    "structure",
    "structure_band",
    "relevance",
    "relevance_band",
    "wpm",
    "filler_per_min",
    "long_pause_count",
    "response_latency_s",
)
# CSV headers use the candidate-facing name of the "confidence" dimension.
_CSV_DIMENSIONS = {
    "communication": "communication",
    "confidence": "delivery",
    "structure": "structure",
    "relevance": "relevance",
}


def _answer_at(spans: Sequence[Sequence[float | None]], t: float) -> int | None:
    for i, (s, e) in enumerate(spans):
        if s is not None and e is not None and s <= t <= e:
            return i
    return None


def report_csv(report: Mapping[str, Any], signals: Sequence[SignalEvent]) -> str:
    """One table: a `second` row per stored second of signals, then an `answer` row per
    answer with its scores. `attention` and `composure` are the report's smoothed series."""
    tl = report.get("timeline") or {}
    smooth = {
        t: (a, c)
        for t, a, c in zip(
            tl.get("t", []), tl.get("attention", []), tl.get("composure", []), strict=True
        )
    }
    spans = tl.get("answer_spans", [])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for s in signals:
        t = s.t_ms / 1000.0
        face = s.face_json or {}
        att, comp = smooth.get(round(t, 2), (None, None))
        writer.writerow(
            {
                "record": "second",
                "t_s": round(t, 2),
                "answer_index": _answer_at(spans, t),
                "face_in_view_ratio": face.get("face_present_ratio"),
                "gaze_on_camera": face.get("gaze_on_camera"),
                "attention": att,
                "composure": comp,
                "pace_wpm": s.pace_wpm,
                "speaking": s.speaking,
                "fillers_in_window": s.fillers_count_window,
                "volume_dbfs": s.volume_dbfs,
            }
        )
    for a in report.get("answers", []):
        m = a.get("metrics", {})
        row: dict[str, Any] = {
            "record": "answer",
            "answer_index": a["index"],
            "question": a["question_text"],
            "input_mode": a["input_mode"],
            "start_s": a.get("start"),
            "end_s": a.get("end"),
            "word_count": a.get("word_count"),
            "overall": a["overall"]["score"],
            "overall_band": a["overall"]["band"],
            "wpm": m.get("wpm"),
            "filler_per_min": m.get("filler_per_min"),
            "long_pause_count": m.get("long_pause_count"),
            "response_latency_s": m.get("latency_s"),
        }
        for key, name in _CSV_DIMENSIONS.items():
            if key in a["scores"]:
                dim = a["scores"][key]
                # Not measured (a typed answer's delivery): no number, and the band says why.
                measured = dim.get("measured") is not False
                row[name] = dim["score"] if measured else None
                row[f"{name}_band"] = dim["band"] if measured else "not measured"
        writer.writerow(row)
    return out.getvalue()
