"""Drill catalogue coverage and the weakness -> drill mapping."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from moodlens.coaching.drills import (
    DrillCatalogueError,
    Weakness,
    load_catalogue,
    parse_catalogue,
    recommend_drills,
)

# Every factor key the scorer can emit as a weakness.
FACTOR_KEYS = [
    "pace",
    "fillers",
    "long_pauses",
    "hedges",
    "sentence_length",
    "star",
    "result",
    "signposting",
    "length",
    "ownership",
    "key_points",
    "specificity",
    "off_topic",
    "composure",
    "attention",
    "vocal",
    "latency",
]


def test_catalogue_loads_with_version_and_unique_ids() -> None:
    cat = load_catalogue()
    assert cat.version
    assert len({d.id for d in cat.drills}) == len(cat.drills)
    assert all(d.how and d.why and 0 < d.min_minutes <= d.minutes for d in cat.drills)


@pytest.mark.parametrize("key", FACTOR_KEYS)
def test_every_weakness_has_a_drill(key: str) -> None:
    assert load_catalogue().for_target(key), key


@pytest.mark.parametrize("dim", ["communication", "confidence", "structure", "relevance"])
def test_every_dimension_has_drills(dim: str) -> None:
    assert len(load_catalogue().for_dimension(dim)) >= 2


def test_weaknesses_come_first_then_weak_dimensions() -> None:
    recs = recommend_drills(
        [
            Weakness("fillers", "communication", "7 fillers"),
            Weakness("result", "structure", "no result"),
        ],
        {"communication": 55, "structure": 60, "relevance": 45, "confidence": 80},
    )
    assert [r.drill.targets[0] for r in recs[:2]] == ["fillers", "result"]
    assert recs[0].priority == "high"
    assert recs[2].drill.dimension == "relevance"
    assert len(recs) == 3


def test_no_weakness_and_strong_scores_gives_no_drills() -> None:
    assert (
        recommend_drills(
            [], dict.fromkeys(("communication", "structure", "relevance", "confidence"), 85.0)
        )
        == []
    )


def test_recommendations_are_deterministic_and_unique() -> None:
    args: Any = (
        [Weakness("fillers", "communication", "x"), Weakness("hedges", "communication", "y")],
        {"communication": 40.0, "structure": 45.0, "relevance": 50.0, "confidence": 55.0},
    )
    a = recommend_drills(*args, limit=5)
    b = recommend_drills(*args, limit=5)
    assert [r.drill.id for r in a] == [r.drill.id for r in b]
    assert len({r.drill.id for r in a}) == len(a)


def test_reasons_use_labels_not_the_dimension_key() -> None:
    recs = recommend_drills([], {"confidence": 40.0})
    assert recs and "Delivery" in recs[0].reason and "onfidence" not in recs[0].reason


def test_malformed_catalogue_is_rejected() -> None:
    text = resources.files("moodlens.content").joinpath("drills.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    bad = copy.deepcopy(data)
    bad["drills"][0]["dimension"] = "charisma"
    with pytest.raises(DrillCatalogueError):
        parse_catalogue(bad)
    dup = copy.deepcopy(data)
    dup["drills"].append(dup["drills"][0])
    with pytest.raises(DrillCatalogueError):
        parse_catalogue(dup)
    missing = copy.deepcopy(data)
    del missing["drills"][0]["how"]
    with pytest.raises(DrillCatalogueError):
        parse_catalogue(missing)
