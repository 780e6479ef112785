"""The scoring content file: versioned, validated, role baselines with fallbacks."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from moodlens.coaching.scoring.config import (
    DIMENSIONS,
    ScoringConfigError,
    load_config,
    parse_config,
)


def raw() -> dict[str, Any]:
    text = resources.files("moodlens.content").joinpath("scoring.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_packaged_config_loads_with_spec_weights() -> None:
    cfg = load_config()
    assert cfg.version
    assert dict(cfg.weights) == {
        "communication": 0.30,
        "confidence": 0.25,
        "structure": 0.25,
        "relevance": 0.20,
    }
    assert set(cfg.labels) == set(DIMENSIONS)


@pytest.mark.parametrize("role", ["sde", "product", "data_analyst", "sales", "hr"])
def test_every_product_role_has_a_complete_profile(role: str) -> None:
    p = load_config().role(role)
    assert p.key == role
    assert set(p.baseline) == set(DIMENSIONS)
    assert p.latency_scale > 0 and p.specifics_target > 0


def test_role_names_are_normalised_and_unknown_roles_fall_back() -> None:
    cfg = load_config()
    assert cfg.role("Data Analyst").key == "data_analyst"
    assert cfg.role("SWE").key == "sde"
    assert cfg.role("astronaut").key == "default"
    assert cfg.role(None).key == "default"


def test_round_overrides_structure_weights_and_latency() -> None:
    cfg = load_config()
    behavioural = cfg.role("sde", "behavioral")
    case = cfg.role("sde", "case")
    assert case.structure_weights["signposting"] > behavioural.structure_weights["signposting"]
    assert case.latency_scale >= behavioural.latency_scale
    assert case.latency_scale <= 1.75


def test_every_norm_cites_known_sources() -> None:
    cfg = load_config()
    for key, norm in cfg.norms.items():
        assert norm.sources, key
        assert all(s in cfg.sources for s in norm.sources)


def test_norms_interpolate_and_clamp() -> None:
    norm = load_config().norm("filler_per_min")
    assert norm.score(-5) == 100
    assert norm.score(100) == norm.anchors[-1][1]
    assert norm.score(3) == 80


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["weights"].update(communication=0.5),
        lambda d: d["weights"].pop("relevance"),
        lambda d: d["norms"]["pace_wpm"].update(anchors=[[200, 10], [100, 50]]),
        lambda d: d["norms"]["pace_wpm"].update(anchors=[[100, 150], [200, 50]]),
        lambda d: d["norms"]["pace_wpm"].update(sources=["nobody2020"]),
        lambda d: d["roles"].pop("default"),
        lambda d: d.pop("version"),
        lambda d: d["rounds"]["case"]["structure"].update(star=0.9),
    ],
)
def test_malformed_config_is_rejected(mutate: Any) -> None:
    data = copy.deepcopy(raw())
    mutate(data)
    with pytest.raises(ScoringConfigError):
        parse_config(data)
