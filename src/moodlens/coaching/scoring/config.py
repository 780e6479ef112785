"""Typed, validated view of ``content/scoring.yaml``.

Validated at load so a bad edit to the content file fails at start-up and in tests, not in
the middle of a report build.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import yaml

from moodlens.signals.events import DipParams, TimelineParams
from moodlens.signals.face import FaceParams

DIMENSIONS: tuple[str, ...] = ("communication", "confidence", "structure", "relevance")


class ScoringConfigError(ValueError):
    """The scoring content file is malformed."""


@dataclass(frozen=True, slots=True)
class Norm:
    anchors: tuple[tuple[float, float], ...]
    sources: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def score(self, x: float, *, x_scale: float = 1.0, x_shift: float = 0.0) -> float:
        """Map a raw value to 0-100; ``x_scale``/``x_shift`` move the anchors for a role."""
        xs = [a * x_scale + x_shift for a, _ in self.anchors]
        ys = [b for _, b in self.anchors]
        return float(np.interp(x, xs, ys))


@dataclass(frozen=True, slots=True)
class RoleProfile:
    key: str
    baseline: Mapping[str, float]
    pace_shift_wpm: float
    latency_scale: float
    specifics_target: float
    structure_weights: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class EvidenceRules:
    min_words: int
    full_words: int
    min_speaking_s: float
    full_speaking_s: float
    min_face_seen: float
    min_face_windows: int
    asr_good: float
    asr_floor: float
    audio_only_quality: float
    # The score a text dimension falls toward when the answer has almost no words: a
    # six-word answer is weak evidence of a weak answer, not of a typical one (issue 15).
    thin_answer_score: float = 5.0


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    version: str
    weights: Mapping[str, float]
    labels: Mapping[str, str]
    levels: Mapping[str, float]
    band_high: float
    band_medium: float
    min_half_width: float
    extra_half_width: float
    missing_half_width: float
    evidence: EvidenceRules
    norms: Mapping[str, Norm]
    off_topic_cap: float
    sub_weights: Mapping[str, Mapping[str, float]]
    # An answer to another question earns little structure or overall credit for this one.
    off_topic_structure_cap: float
    off_topic_overall_cap: float
    # Structure weights per answer format (rubric parts differ by format, coaching/rubric.py).
    format_structure: Mapping[str, Mapping[str, float]]
    sources: Mapping[str, str]
    face: FaceParams
    timeline: TimelineParams
    _roles: Mapping[str, Mapping[str, Any]]
    _role_aliases: Mapping[str, str]
    _rounds: Mapping[str, Mapping[str, Any]]

    def norm(self, key: str) -> Norm:
        return self.norms[key]

    def role(self, role: str | None = None, round_type: str | None = None) -> RoleProfile:
        """The role's profile, with the round's overrides; unknown names fall back to default."""
        key = _slug(role or "default")
        key = self._role_aliases.get(key, key)
        if key not in self._roles:
            key = "default"
        merged: dict[str, Any] = dict(self._roles["default"])
        merged["baseline"] = dict(self._roles["default"]["baseline"])
        for k, v in self._roles[key].items():
            if k == "baseline":
                merged["baseline"].update(v)
            else:
                merged[k] = v
        rnd = self._rounds.get(_slug(round_type or ""), {})
        # Role and round allowances compound, but a think longer than ~1.75x the norm would
        # stop meaning anything to an interviewer.
        latency_scale = min(
            1.75, float(merged["latency_scale"]) * float(rnd.get("latency_scale", 1.0))
        )
        return RoleProfile(
            key=key,
            baseline={d: float(merged["baseline"][d]) for d in DIMENSIONS},
            pace_shift_wpm=float(merged["pace_shift_wpm"]),
            latency_scale=latency_scale,
            specifics_target=float(merged["specifics_target"]),
            structure_weights=dict(rnd.get("structure", self.sub_weights["structure"])),
        )

    def source_texts(self, keys: tuple[str, ...]) -> list[str]:
        return [self.sources[k] for k in keys if k in self.sources]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _require(cond: bool, msg: str) -> None:
    if not cond:
        raise ScoringConfigError(msg)


def _norms(raw: Mapping[str, Any], sources: Mapping[str, str]) -> dict[str, Norm]:
    out: dict[str, Norm] = {}
    for key, spec in raw.items():
        anchors = tuple((float(x), float(y)) for x, y in spec["anchors"])
        _require(len(anchors) >= 2, f"norm {key}: needs at least two anchors")
        xs = [x for x, _ in anchors]
        _require(xs == sorted(xs), f"norm {key}: anchors must be sorted by x")
        _require(all(0 <= y <= 100 for _, y in anchors), f"norm {key}: scores must be 0-100")
        refs = tuple(spec.get("sources", ()))
        _require(all(r in sources for r in refs), f"norm {key}: unknown source in {refs}")
        extra = {k: v for k, v in spec.items() if k not in ("anchors", "sources")}
        out[key] = Norm(anchors, refs, extra)
    return out


def _weights(raw: Mapping[str, Any], name: str) -> dict[str, float]:
    w = {k: float(v) for k, v in raw.items()}
    _require(all(v >= 0 for v in w.values()), f"{name}: weights must be non-negative")
    _require(abs(sum(w.values()) - 1.0) < 1e-6, f"{name}: weights must sum to 1")
    return w


def _evidence(ev: Mapping[str, Any]) -> EvidenceRules:
    return EvidenceRules(
        min_words=int(ev["min_words"]),
        full_words=int(ev["full_words"]),
        min_speaking_s=float(ev["min_speaking_s"]),
        full_speaking_s=float(ev["full_speaking_s"]),
        min_face_seen=float(ev["min_face_seen"]),
        min_face_windows=int(ev["min_face_windows"]),
        asr_good=float(ev["asr_good"]),
        asr_floor=float(ev["asr_floor"]),
        audio_only_quality=float(ev["audio_only_quality"]),
        thin_answer_score=float(ev.get("thin_answer_score", 5.0)),
    )


def parse_config(data: Mapping[str, Any]) -> ScoringConfig:
    """Validate a parsed YAML mapping and build the config."""
    try:
        version = str(data["version"])
        weights = _weights(data["weights"], "weights")
        _require(set(weights) == set(DIMENSIONS), "weights: need exactly the four dimensions")
        sources = {str(k): str(v) for k, v in data["sources"].items()}
        norms = _norms(data["norms"], sources)
        sub = {k: _weights(v, f"sub_weights.{k}") for k, v in data["sub_weights"].items()}
        roles = {str(k): dict(v) for k, v in data["roles"].items()}
        _require("default" in roles, "roles: a default role is required")
        _require(
            set(roles["default"]["baseline"]) == set(DIMENSIONS),
            "roles.default.baseline: need all four dimensions",
        )
        rounds = {str(k): dict(v) for k, v in data.get("rounds", {}).items()}
        for rk, rv in rounds.items():
            if "structure" in rv:
                _weights(rv["structure"], f"rounds.{rk}.structure")
        formats = {
            str(k): _weights(v, f"format_structure.{k}")
            for k, v in data.get("format_structure", {}).items()
        }
        ev, iv, tl = data["evidence"], data["interval"], data["timeline"]
        return ScoringConfig(
            version=version,
            weights=weights,
            labels={d: str(data["labels"][d]) for d in DIMENSIONS},
            levels={k: float(v) for k, v in data["levels"].items()},
            band_high=float(data["bands"]["high"]),
            band_medium=float(data["bands"]["medium"]),
            min_half_width=float(iv["min_half_width"]),
            extra_half_width=float(iv["extra_half_width"]),
            missing_half_width=float(iv["missing_half_width"]),
            evidence=_evidence(ev),
            norms=norms,
            off_topic_cap=float(data["off_topic_cap"]),
            sub_weights=sub,
            off_topic_structure_cap=float(data.get("off_topic_structure_cap", 100.0)),
            off_topic_overall_cap=float(data.get("off_topic_overall_cap", 100.0)),
            format_structure=formats,
            sources=sources,
            face=FaceParams(**data.get("face", {})),
            timeline=TimelineParams(
                dip=DipParams(
                    min_drop=float(tl["dip_min_drop"]),
                    mad_factor=float(tl["dip_mad_factor"]),
                    min_duration_s=float(tl["dip_min_duration_s"]),
                    merge_gap_s=float(tl["dip_merge_gap_s"]),
                    recovery_fraction=float(tl["dip_recovery_fraction"]),
                ),
                **{k: v for k, v in tl.items() if not k.startswith("dip_")},
            ),
            _roles=roles,
            _role_aliases={_slug(k): _slug(v) for k, v in data.get("role_aliases", {}).items()},
            _rounds={_slug(k): v for k, v in rounds.items()},
        )
    except (KeyError, TypeError) as exc:
        raise ScoringConfigError(f"scoring config is missing or mistypes {exc}") from exc


@functools.cache
def load_config() -> ScoringConfig:
    """The packaged scoring config (cached: it is immutable for the life of the process)."""
    text = resources.files("moodlens.content").joinpath("scoring.yaml").read_text("utf-8")
    return parse_config(yaml.safe_load(text))
