"""Timeline events: sustained dips and their recoveries, long pauses, filler bursts, pace
spikes and face-out-of-view stretches, plus the false-spike metric for live cues.

All times are seconds from session start. A dip is judged against the candidate's own level
in the same session (its median), never a population norm, and must last; a single bad second
is the frame-level noise the product promises not to report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from moodlens.signals.face import FaceSeries


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    type: str
    start: float
    end: float
    answer_index: int | None = None
    detail: dict[str, float | int | str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "start": round(self.start, 2),
            "end": round(self.end, 2),
            "answer_index": self.answer_index,
            **self.detail,
        }


@dataclass(frozen=True, slots=True)
class DipParams:
    min_drop: float = 12.0
    mad_factor: float = 2.5
    min_duration_s: float = 3.0
    merge_gap_s: float = 1.0
    recovery_fraction: float = 0.5


@dataclass(frozen=True, slots=True)
class Dip:
    start: float
    end: float
    baseline: float
    lowest: float
    recovered_at: float | None


def _runs(ts: Sequence[float], mask: Sequence[bool], merge_gap_s: float) -> list[tuple[int, int]]:
    """Index ranges [i, j] where mask holds, bridging gaps shorter than ``merge_gap_s``."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(mask)
    while i < n:
        if not mask[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and mask[j + 1]:
            j += 1
        if runs and ts[i] - ts[runs[-1][1]] <= merge_gap_s:
            runs[-1] = (runs[-1][0], j)
        else:
            runs.append((i, j))
        i = j + 1
    return runs


def detect_dips(
    ts: Sequence[float],
    values: Sequence[float],
    params: DipParams | None = None,
    baseline: float | None = None,
) -> list[Dip]:
    """Sustained drops below the candidate's own level, with the time they recovered.

    The threshold is the larger of a fixed drop and a multiple of the series' own robust
    spread, so a naturally jittery series does not fire on its normal wobble. Recovery is the
    first moment after the dip the value climbs back within ``recovery_fraction`` of the drop.
    """
    p = params or DipParams()
    v = np.asarray(values, dtype=np.float64)
    finite = v[~np.isnan(v)]
    if finite.size < 3:
        return []
    base = float(np.median(finite)) if baseline is None else baseline
    mad = float(np.median(np.abs(finite - np.median(finite)))) * 1.4826
    drop = max(p.min_drop, p.mad_factor * mad)
    threshold = base - drop
    below = [not math.isnan(x) and x < threshold for x in v]
    dips: list[Dip] = []
    for i, j in _runs(ts, below, p.merge_gap_s):
        if ts[j] - ts[i] < p.min_duration_s:
            continue
        seg = v[i : j + 1]
        recover_level = base - drop * p.recovery_fraction
        recovered = next(
            (ts[k] for k in range(j + 1, len(v)) if not math.isnan(v[k]) and v[k] >= recover_level),
            None,
        )
        dips.append(Dip(float(ts[i]), float(ts[j]), base, float(np.nanmin(seg)), recovered))
    return dips


def dip_events(
    ts: Sequence[float], values: Sequence[float], kind: str, params: DipParams | None = None
) -> list[TimelineEvent]:
    """``<kind>_dip`` events and, where found, ``<kind>_recovery`` points."""
    events: list[TimelineEvent] = []
    for d in detect_dips(ts, values, params):
        events.append(
            TimelineEvent(
                f"{kind}_dip",
                d.start,
                d.end,
                detail={"baseline": round(d.baseline, 1), "lowest": round(d.lowest, 1)},
            )
        )
        if d.recovered_at is not None:
            events.append(
                TimelineEvent(
                    f"{kind}_recovery",
                    d.recovered_at,
                    d.recovered_at,
                    detail={"dip_start": round(d.start, 2)},
                )
            )
    return events


def long_pause_events(
    pauses: Sequence[tuple[float, float]], min_s: float = 2.0
) -> list[TimelineEvent]:
    return [
        TimelineEvent("long_pause", s, e, detail={"duration_s": round(e - s, 2)})
        for s, e in pauses
        if e - s >= min_s
    ]


def filler_burst_events(
    filler_times: Sequence[float], window_s: float = 30.0, min_count: int = 3
) -> list[TimelineEvent]:
    """Stretches where ``min_count`` or more fillers fall inside ``window_s`` (DESIGN §8b)."""
    t = sorted(filler_times)
    spans: list[list[float]] = []
    j = 0
    for i in range(len(t)):
        j = max(j, i)
        while j + 1 < len(t) and t[j + 1] - t[i] <= window_s:
            j += 1
        if j - i + 1 < min_count:
            continue
        if spans and t[i] <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], t[j])
        else:
            spans.append([t[i], t[j]])
    out: list[TimelineEvent] = []
    for s, e in spans:
        n = sum(1 for x in t if s <= x <= e)
        out.append(TimelineEvent("filler_burst", s, e, detail={"count": n}))
    return out


def pace_events(
    ts: Sequence[float],
    wpm: Sequence[float],
    *,
    fast_wpm: float = 180.0,
    slow_wpm: float = 100.0,
    min_duration_s: float = 20.0,
) -> list[TimelineEvent]:
    """Sustained rolling pace above ``fast_wpm`` (``pace_spike``) or below ``slow_wpm``."""
    v = [math.nan if x is None else float(x) for x in wpm]
    out: list[TimelineEvent] = []
    for kind, mask in (
        ("pace_spike", [not math.isnan(x) and x > fast_wpm for x in v]),
        ("pace_slow", [not math.isnan(x) and x < slow_wpm for x in v]),
    ):
        for i, j in _runs(ts, mask, 1.0):
            if ts[j] - ts[i] >= min_duration_s:
                seg = [x for x in v[i : j + 1] if not math.isnan(x)]
                out.append(
                    TimelineEvent(
                        kind, ts[i], ts[j], detail={"mean_wpm": round(float(np.mean(seg)), 1)}
                    )
                )
    return out


def face_out_of_view_events(series: FaceSeries, min_s: float = 2.0) -> list[TimelineEvent]:
    """Debounced stretches without a face; the end is when the face is back."""
    out: list[TimelineEvent] = []
    absent = [not p for p in series.present]
    for i, j in _runs(series.ts, absent, 0.0):
        end = series.ts[j + 1] if j + 1 < len(series.ts) else series.ts[j]
        if end - series.ts[i] >= min_s:
            out.append(TimelineEvent("face_out_of_view", series.ts[i], end))
    return out


def pace_series_from_words(
    word_starts: Sequence[float], *, window_s: float = 20.0, step_s: float = 1.0
) -> tuple[list[float], list[float]]:
    """Trailing words-per-minute at ``step_s`` steps; NaN until a full window has passed.

    Short spans inflate WPM (DESIGN §8b), so no value is given before ``window_s`` of speech.
    """
    t = sorted(word_starts)
    if not t:
        return [], []
    times = list(np.arange(t[0] + window_s, t[-1] + step_s, step_s))
    arr = np.asarray(t)
    wpm = [
        float(np.count_nonzero((arr > x - window_s) & (arr <= x))) * 60.0 / window_s for x in times
    ]
    return [float(x) for x in times], wpm


def count_false_spikes(ts: Sequence[float], active: Sequence[bool], max_s: float = 2.0) -> int:
    """Cues that switch on and back off (or off and back on) within ``max_s`` seconds."""
    if len(ts) != len(active):
        raise ValueError("ts and active must have the same length")
    flips = [i for i in range(1, len(active)) if active[i] != active[i - 1]]
    count = 0
    k = 0
    while k + 1 < len(flips):
        if ts[flips[k + 1]] - ts[flips[k]] <= max_s:
            count += 1
            k += 2
        else:
            k += 1
    return count


def false_spike_rate(ts: Sequence[float], active: Sequence[bool], max_s: float = 2.0) -> float:
    """False spikes per minute of series; the live pipeline should keep this low."""
    if len(ts) < 2:
        return 0.0
    minutes = (ts[-1] - ts[0]) / 60.0
    return count_false_spikes(ts, active, max_s) / minutes if minutes > 0 else 0.0


def assign_answers(
    events: Sequence[TimelineEvent], answer_spans: Sequence[tuple[float, float]]
) -> list[TimelineEvent]:
    """Tag each event with the answer it overlaps most; sort by start time."""
    out: list[TimelineEvent] = []
    for ev in events:
        best, best_overlap = None, -1.0
        for idx, (s, e) in enumerate(answer_spans):
            overlap = min(ev.end, e) - max(ev.start, s)
            if overlap >= 0 and overlap > best_overlap:
                best, best_overlap = idx, overlap
        out.append(TimelineEvent(ev.type, ev.start, ev.end, best, dict(ev.detail)))
    return sorted(out, key=lambda e: (e.start, e.type))


@dataclass(frozen=True, slots=True)
class TimelineParams:
    dip: DipParams = field(default_factory=DipParams)
    long_pause_s: float = 2.0
    filler_window_s: float = 30.0
    filler_min_count: int = 3
    fast_wpm: float = 180.0
    slow_wpm: float = 100.0
    pace_min_duration_s: float = 20.0
    face_out_min_s: float = 2.0


def build_timeline(
    answer_spans: Sequence[tuple[float, float]],
    *,
    face: FaceSeries | None = None,
    pauses: Sequence[tuple[float, float]] = (),
    filler_times: Sequence[float] = (),
    pace: tuple[Sequence[float], Sequence[float]] | None = None,
    params: TimelineParams | None = None,
) -> list[TimelineEvent]:
    """Every timeline event of a session, tagged with its answer and sorted by time.

    Composure and attention dips need face windows; audio-only sessions simply get none.
    Dips are searched only inside answers: the gaps while a question is read are not the
    candidate's delivery.
    """
    p = params or TimelineParams()
    events: list[TimelineEvent] = []
    if face is not None and face.ts:
        inside = [any(s <= t <= e for s, e in answer_spans) for t in face.ts]
        for kind, series in (("composure", face.composure), ("attention", face.attention)):
            scale = 100.0 if kind == "attention" else 1.0
            vals = [x * scale if ok else math.nan for x, ok in zip(series, inside, strict=True)]
            events.extend(dip_events(face.ts, vals, kind, p.dip))
        events.extend(face_out_of_view_events(face, p.face_out_min_s))
    events.extend(long_pause_events(pauses, p.long_pause_s))
    # Bursts are counted inside each answer: fillers either side of a question being read
    # are two separate moments, not one burst.
    groups = (
        [[t for t in filler_times if s <= t <= e] for s, e in answer_spans]
        if answer_spans
        else [list(filler_times)]
    )
    for group in groups:
        events.extend(filler_burst_events(group, p.filler_window_s, p.filler_min_count))
    if pace is not None:
        events.extend(
            pace_events(
                pace[0],
                pace[1],
                fast_wpm=p.fast_wpm,
                slow_wpm=p.slow_wpm,
                min_duration_s=p.pace_min_duration_s,
            )
        )
    return assign_answers(events, answer_spans)
