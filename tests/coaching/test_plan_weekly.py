"""Weekly plan: seven days sized to the practice time, leaning on the weakest areas."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from moodlens.coaching.plan import build_insights, weekly_plan
from moodlens.coaching.progress import SessionRecord

SCORES = {"communication": 45.0, "structure": 70.0, "relevance": 65.0, "confidence": 80.0}
START = date(2025, 3, 3)


@pytest.mark.parametrize("minutes", [5, 10, 15, 20, 30, 60])
def test_seven_days_fit_the_daily_time(minutes: int) -> None:
    plan = weekly_plan(SCORES, minutes, START)
    assert len(plan.days) == 7
    assert [d.day for d in plan.days] == [START + timedelta(days=i) for i in range(7)]
    for d in plan.days:
        assert d.items, d
        assert d.total_minutes <= minutes
        assert d.total_minutes >= minutes - 3
        assert len({i.drill_id for i in d.items}) == len(d.items)


def test_weakest_dimension_gets_the_most_time() -> None:
    plan = weekly_plan(SCORES, 20, START)
    minutes: Counter[str] = Counter()
    for d in plan.days:
        for i in d.items:
            minutes[i.dimension] += i.minutes
    assert minutes.most_common(1)[0][0] == "communication"
    assert plan.focus[0] == "communication"


def test_named_weaknesses_come_first_within_a_dimension() -> None:
    plan = weekly_plan(SCORES, 10, START, weakness_keys=["pace"])
    first_comm = next(i for d in plan.days for i in d.items if i.dimension == "communication")
    assert first_comm.drill_id == "metronome-pace"


def test_last_day_opens_with_a_mock_when_time_allows() -> None:
    assert weekly_plan(SCORES, 15, START).days[-1].items[0].drill_id == "mock-interview"
    assert all(
        i.drill_id != "mock-interview" for d in weekly_plan(SCORES, 5, START).days for i in d.items
    )


def test_plan_is_deterministic_with_stable_item_ids() -> None:
    a = weekly_plan(SCORES, 20, START).to_dict()
    b = weekly_plan(SCORES, 20, START).to_dict()
    assert a == b
    ids = [i["id"] for d in a["days"] for i in d["items"]]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("minutes", [0, 4, 121])
def test_out_of_range_daily_minutes_rejected(minutes: int) -> None:
    with pytest.raises(ValueError):
        weekly_plan(SCORES, minutes, START)


def test_insights_from_records() -> None:
    recs = [
        SessionRecord(
            "s1",
            datetime(2025, 3, 1, 9),
            60.0,
            {"communication": 70, "structure": 40, "relevance": 60, "confidence": 70},
            improvement_keys=("result",),
        ),
        SessionRecord(
            "s2",
            datetime(2025, 3, 2, 9),
            62.0,
            {"communication": 72, "structure": 45, "relevance": 66, "confidence": 70},
            improvement_keys=("star", "result"),
        ),
    ]
    out = build_insights(recs, 15, START)
    assert out["weak_areas"][0]["dimension"] == "structure"
    plan = out["weekly_plan"]
    assert plan["focus"][0] == "structure"
    first_structure = next(
        i for d in plan["days"] for i in d["items"] if i["dimension"] == "structure"
    )
    assert first_structure["drill_id"] == "star-skeleton"
    assert build_insights([], 15, START) == {"weak_areas": [], "weekly_plan": None}
