"""Institute figures leave out delivery where it was not measured (issue 15): a typed-only
session stores no delivery score (NULL), so no average, bin, weakest area or improvement
counts a placeholder for it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from moodlens.coaching.progress import SessionRecord
from moodlens.orgs.cohort import COHORT_THRESHOLD, MemberHistory, cohort, member_row

LABELS = {
    "communication": "Communication",
    "confidence": "Delivery",
    "structure": "Structure",
    "relevance": "Relevance",
}
TODAY = date(2026, 12, 3)
TEXT = ("communication", "structure", "relevance")


def _member(name: str, deliveries: list[float | None], text_score: float = 70.0) -> MemberHistory:
    m = MemberHistory(uuid.uuid4(), name, "member")
    start = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for i, delivery in enumerate(deliveries):
        at = start + timedelta(days=i)
        m.ended.append(at)
        dims = dict.fromkeys(TEXT, text_score)
        if delivery is not None:
            dims["confidence"] = delivery
        m.records.append(SessionRecord(f"{name}-{i}", at, text_score, dims))
    return m


def test_a_typed_only_member_has_no_delivery_figure() -> None:
    row = member_row(_member("Typed", [None, None]), LABELS)
    assert row.latest is not None and row.latest.confidence is None
    assert row.average is not None and row.average.confidence is None
    assert row.average.overall == 70.0
    assert row.weakest is not None and row.weakest.dimension != "confidence"


def test_cohort_delivery_averages_only_the_sessions_that_measured_it() -> None:
    # A low typed placeholder (the old stored baseline) would have pulled this down.
    mixed = _member("Mixed", [80.0, None, 80.0])
    others = [_member(f"M{i}", [60.0]) for i in range(COHORT_THRESHOLD - 2)]
    typed = _member("Typed", [None, None, None], text_score=50.0)
    out = cohort([mixed, *others, typed], LABELS, TODAY, 40.0)
    assert out.averages is not None
    # Four members measured delivery: (80 + 3 * 60) / 4 = 65; the typed-only member is out.
    assert out.averages.confidence == 65.0
    assert out.distribution is not None
    assert sum(b.count for b in out.distribution["confidence"]) == 4
    assert sum(b.count for b in out.distribution["overall"]) == 5
    # Improvement over three sessions: delivery only from members with it in both.
    assert out.improvement_after_3 is None  # fewer than five members with three sessions


def test_no_delivery_measured_anywhere_leaves_it_out_of_the_weakest_area() -> None:
    members = [_member(f"T{i}", [None], text_score=55.0 + i) for i in range(COHORT_THRESHOLD)]
    out = cohort(members, LABELS, TODAY, 40.0)
    assert out.averages is not None and out.averages.confidence is None
    assert out.weakest_dimension is not None
    assert out.weakest_dimension.dimension in TEXT
