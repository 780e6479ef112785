"""Aggregate the browser's 500 ms face windows into attention and composure series.

Everything here is observable behaviour only (face in view, facing the camera, head and
expression movement). Nothing is read as an inner state: EU AI Act Art. 5(1)(f) forbids
emotion inference in education and workplace settings, and the product is both.

Attention is judged against the candidate's own pose in the first seconds of the session
(DESIGN §8b): people sit at different angles to their camera, so an absolute "yaw == 0" rule
would mark a side-mounted webcam as permanent looking away.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from moodlens.signals.smoothing import FloatArray, debounce, ema, one_euro, rolling_median


@dataclass(frozen=True, slots=True)
class FaceWindow:
    """One 500 ms window of face features computed in the browser.

    ``ts`` is seconds from session start. Pose angles are degrees; ``gaze_on_camera`` and
    ``smile`` are 0-1 means over the window; any of them is None when no face was seen.
    """

    ts: float
    face_present_ratio: float
    yaw: float | None = None
    pitch: float | None = None
    roll: float | None = None
    gaze_on_camera: float | None = None
    movement_energy: float | None = None
    smile: float | None = None


@dataclass(frozen=True, slots=True)
class FaceParams:
    """Tunables; :func:`moodlens.coaching.scoring.config.load_config` fills them from YAML."""

    present_threshold: float = 0.5
    presence_debounce_windows: int = 2
    baseline_min_s: float = 5.0
    baseline_max_s: float = 10.0
    baseline_min_windows: int = 6
    yaw_tolerance_deg: float = 22.5
    pitch_tolerance_deg: float = 17.5
    gaze_weight: float = 0.3
    pose_speed_scale_deg_s: float = 20.0
    movement_energy_scale: float = 0.2
    expression_speed_scale: float = 1.0
    max_gap_s: float = 2.0
    median_window_s: float = 2.5
    attention_tau_s: float = 1.5
    composure_tau_s: float = 2.0
    pose_min_cutoff: float = 0.5
    pose_beta: float = 0.05


@dataclass(frozen=True, slots=True)
class PoseBaseline:
    yaw: float
    pitch: float
    roll: float
    n_windows: int


@dataclass(frozen=True, slots=True)
class FaceSeries:
    """Per-window series over a whole session, aligned with ``ts``.

    ``attention`` is 0-1 (0 while the face is out of view); ``composure`` is 0-100 and NaN
    before the face is first seen.
    """

    ts: tuple[float, ...]
    present: tuple[bool, ...]
    seen: tuple[bool, ...]
    attention: tuple[float, ...]
    composure: tuple[float, ...]
    oriented: tuple[bool, ...]
    baseline: PoseBaseline | None


@dataclass(frozen=True, slots=True)
class FaceSummary:
    """One answer's face evidence, ready for scoring."""

    n_windows: int
    seen_ratio: float
    attention: float | None
    composure: float | None
    looking_away_ratio: float | None
    smile_share: float | None
    head_movement_deg_s: float | None


def _nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


def pose_baseline(windows: Sequence[FaceWindow], params: FaceParams) -> PoseBaseline | None:
    """Median pose over the first seconds the face is in view.

    If the first ``baseline_max_s`` hold too few usable windows (camera warming up, candidate
    settling), fall back to the first ``baseline_min_windows`` usable windows wherever they
    are, so a slow start does not leave the whole session without a baseline.
    """
    usable = [
        w
        for w in sorted(windows, key=lambda w: w.ts)
        if w.face_present_ratio >= params.present_threshold
        and w.yaw is not None
        and w.pitch is not None
    ]
    if not usable:
        return None
    t0 = usable[0].ts
    early = [w for w in usable if w.ts - t0 <= params.baseline_max_s]
    chosen = (
        early
        if len(early) >= params.baseline_min_windows
        else usable[: max(params.baseline_min_windows, len(early))]
    )
    return PoseBaseline(
        yaw=float(np.median([_nan(w.yaw) for w in chosen])),
        pitch=float(np.median([_nan(w.pitch) for w in chosen])),
        roll=float(np.nanmedian([_nan(w.roll) for w in chosen]))
        if any(w.roll is not None for w in chosen)
        else 0.0,
        n_windows=len(chosen),
    )


def _orientation(yaw: float, pitch: float, base: PoseBaseline, p: FaceParams) -> float:
    """1 inside the tolerance cone around the baseline, falling to 0 at 1.5x the tolerance."""
    if math.isnan(yaw) or math.isnan(pitch):
        return 1.0
    worst = max(
        abs(yaw - base.yaw) / p.yaw_tolerance_deg, abs(pitch - base.pitch) / p.pitch_tolerance_deg
    )
    return float(min(1.0, max(0.0, (1.5 - worst) / 0.5)))


def _instability(parts: list[tuple[float, float]]) -> float:
    """Weighted mean of the available (weight, normalised value) parts; NaN if none."""
    avail = [(w, v) for w, v in parts if not math.isnan(v)]
    if not avail:
        return math.nan
    total = sum(w for w, _ in avail)
    return sum(w * v for w, v in avail) / total


def face_series(
    windows: Sequence[FaceWindow],
    params: FaceParams | None = None,
    baseline: PoseBaseline | None = None,
) -> FaceSeries:
    """Build smoothed attention and composure series for a session's windows."""
    p = params or FaceParams()
    ws = sorted(windows, key=lambda w: w.ts)
    if not ws:
        return FaceSeries((), (), (), (), (), (), None)
    base = baseline or pose_baseline(ws, p)
    ts = [w.ts for w in ws]
    present = debounce(
        [w.face_present_ratio >= p.present_threshold for w in ws], p.presence_debounce_windows
    )
    raw_present = [w.face_present_ratio >= p.present_threshold for w in ws]

    def pose(attr: str) -> FloatArray:
        vals = [
            _nan(getattr(w, attr)) if ok else math.nan
            for w, ok in zip(ws, raw_present, strict=True)
        ]
        return one_euro(ts, vals, min_cutoff=p.pose_min_cutoff, beta=p.pose_beta)

    yaw, pitch, roll = pose("yaw"), pose("pitch"), pose("roll")

    attention_raw: list[float] = []
    oriented: list[bool] = []
    composure_raw: list[float] = []
    for i, w in enumerate(ws):
        ok = raw_present[i]
        orient = (
            _orientation(float(yaw[i]), float(pitch[i]), base, p)
            if ok and base
            else (1.0 if ok else 0.0)
        )
        gaze = 1.0 if w.gaze_on_camera is None else w.gaze_on_camera
        attention_raw.append(
            min(1.0, w.face_present_ratio) * orient * ((1 - p.gaze_weight) + p.gaze_weight * gaze)
        )
        oriented.append(ok and orient >= 0.5)
        composure_raw.append(_window_composure(ws, i, yaw, pitch, roll, raw_present, p))

    # Median first so a one-second glitch disappears instead of being smeared by the EMA into a
    # longer, shallower drop that would then pass the dip duration test.
    attention = ema(ts, rolling_median(ts, attention_raw, p.median_window_s), p.attention_tau_s)
    composure = ema(ts, rolling_median(ts, composure_raw, p.median_window_s), p.composure_tau_s)
    return FaceSeries(
        ts=tuple(ts),
        present=tuple(present),
        seen=tuple(raw_present),
        attention=tuple(float(x) for x in attention),
        composure=tuple(float(x) for x in composure),
        oriented=tuple(oriented),
        baseline=base,
    )


def _window_composure(
    ws: Sequence[FaceWindow],
    i: int,
    yaw: FloatArray,
    pitch: FloatArray,
    roll: FloatArray,
    present: Sequence[bool],
    p: FaceParams,
) -> float:
    if not present[i]:
        return math.nan
    w = ws[i]
    pose_part = expr_part = math.nan
    if i > 0 and present[i - 1]:
        dt = w.ts - ws[i - 1].ts
        if 0 < dt <= p.max_gap_s:
            deltas = [float(a[i] - a[i - 1]) for a in (yaw, pitch, roll)]
            finite = [d for d in deltas if not math.isnan(d)]
            if finite:
                pose_part = math.sqrt(sum(d * d for d in finite)) / dt / p.pose_speed_scale_deg_s
            prev_smile = ws[i - 1].smile
            if w.smile is not None and prev_smile is not None:
                expr_part = abs(w.smile - prev_smile) / dt / p.expression_speed_scale
    energy_part = (
        math.nan if w.movement_energy is None else w.movement_energy / p.movement_energy_scale
    )
    inst = _instability([(0.5, pose_part), (0.3, energy_part), (0.2, expr_part)])
    # A present face with nothing measurable yet (first frame) is treated as steady.
    return 100.0 * math.exp(-(0.0 if math.isnan(inst) else inst))


def summarise_face(
    windows: Sequence[FaceWindow],
    series: FaceSeries,
    start_s: float,
    end_s: float,
) -> FaceSummary | None:
    """Summarise the windows of one answer; None when the answer had no face windows."""
    idx = [i for i, t in enumerate(series.ts) if start_s <= t <= end_s]
    if not idx:
        return None
    by_ts = {w.ts: w for w in windows}
    seen = [by_ts[series.ts[i]].face_present_ratio for i in idx if series.ts[i] in by_ts]
    seen_ratio = float(np.clip(np.mean(seen), 0.0, 1.0)) if seen else 0.0
    # Raw presence, not the debounced flag: a summary should count exactly what was seen.
    present_idx = [i for i in idx if series.seen[i]]
    attention = float(np.mean([series.attention[i] for i in idx]))
    comp_vals = [series.composure[i] for i in present_idx if not math.isnan(series.composure[i])]
    smiles = [by_ts[series.ts[i]].smile for i in present_idx if series.ts[i] in by_ts]
    smile_vals = [s for s in smiles if s is not None]
    return FaceSummary(
        n_windows=len(idx),
        seen_ratio=seen_ratio,
        attention=attention if present_idx else None,
        composure=float(np.mean(comp_vals)) if comp_vals else None,
        looking_away_ratio=(
            1.0 - sum(series.oriented[i] for i in present_idx) / len(present_idx)
            if present_idx and series.baseline is not None
            else None
        ),
        smile_share=(sum(s >= 0.5 for s in smile_vals) / len(smile_vals)) if smile_vals else None,
        head_movement_deg_s=_head_movement(
            [by_ts[series.ts[i]] for i in present_idx if series.ts[i] in by_ts]
        ),
    )


def _head_movement(ws: Sequence[FaceWindow]) -> float | None:
    speeds: list[float] = []
    for a, b in itertools.pairwise(ws):
        dt = b.ts - a.ts
        if (
            a.yaw is None
            or b.yaw is None
            or a.pitch is None
            or b.pitch is None
            or not (0 < dt <= 2.0)
        ):
            continue
        speeds.append(math.hypot(b.yaw - a.yaw, b.pitch - a.pitch) / dt)
    return float(np.median(speeds)) if speeds else None
