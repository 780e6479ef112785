"""The live "looking away" cue: sparse, debounced, relative to the candidate's own pose.

DESIGN §8b: attention = yaw/pitch within ~22/17 degrees of the candidate's baseline from the
first seconds; cue only after looking away for 3 s, and once back, say so once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Any

from moodlens.signals.face import FaceParams, FaceWindow

AWAY_CUE_AFTER_S = 3.0
BASELINE_UNTIL_S = 10.0


@dataclass
class AttentionCues:
    params: FaceParams = field(default_factory=FaceParams)
    _base_yaw: list[float] = field(default_factory=list)
    _base_pitch: list[float] = field(default_factory=list)
    _away_since: float | None = None
    _cued: bool = False

    def _oriented(self, w: FaceWindow) -> bool:
        if w.face_present_ratio < self.params.present_threshold or w.yaw is None or w.pitch is None:
            return False
        if not self._base_yaw:
            return True
        return (
            abs(w.yaw - median(self._base_yaw)) <= self.params.yaw_tolerance_deg
            and abs(w.pitch - median(self._base_pitch)) <= self.params.pitch_tolerance_deg
        )

    def update(self, w: FaceWindow) -> dict[str, Any] | None:
        seen = w.face_present_ratio >= self.params.present_threshold
        if w.ts <= BASELINE_UNTIL_S and seen and w.yaw is not None and w.pitch is not None:
            self._base_yaw.append(w.yaw)
            self._base_pitch.append(w.pitch)
        if self._oriented(w):
            self._away_since = None
            if self._cued:
                self._cued = False
                return {
                    "cue": "attention",
                    "level": "ok",
                    "value": None,
                    "t_ms": w.ts * 1000,
                    "message": "Back with the camera.",
                }
            return None
        if self._away_since is None:
            self._away_since = w.ts
        if not self._cued and w.ts - self._away_since >= AWAY_CUE_AFTER_S:
            self._cued = True
            in_view = w.face_present_ratio >= self.params.present_threshold
            return {
                "cue": "attention",
                "level": "warn",
                "value": round(w.ts - self._away_since, 1),
                "t_ms": w.ts * 1000,
                "message": "Look back at the camera." if in_view else "Your face is out of view.",
            }
        return None
