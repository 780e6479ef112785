"""The dashboard's cohort arithmetic alone (orgs/cohort.py, no database): thresholds, averages
over each member's own mean, distribution bins, weeks, improvement and who needs attention."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from moodlens.coaching.progress import SessionRecord
from moodlens.orgs.cohort import (
    COHORT_THRESHOLD,
    MemberHistory,
    bins,
    cohort,
    member_row,
    weeks,
)

LABELS = {
    "communication": "Communication",
    "confidence": "Confidence",
    "structure": "Structure",
    "relevance": "Relevance",
}
TODAY = date(2026, 12, 3)  # a Thursday
ATTENTION_BELOW = 50.0


def _member(name: str, *overalls: float, dims: dict[str, float] | None = None) -> MemberHistory:
    m = MemberHistory(uuid.uuid4(), name, "member")
    start = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for i, overall in enumerate(overalls):
        at = start + timedelta(days=i)
        m.ended.append(at)
        d = dims or {k: overall for k in LABELS}
        m.records.append(SessionRecord(f"{name}-{i}", at, overall, d))
    return m


def test_bins_cover_0_to_100_and_clamp_the_ends() -> None:
    out = bins([0, 9.9, 10, 55, 100, 120, -5])
    assert [(b.start, b.end) for b in out][:2] == [(0, 10), (10, 20)]
    assert len(out) == 10 and out[-1].end == 100
    counts = {b.start: b.count for b in out}
    assert counts[0] == 3  # 0, 9.9 and the negative value
    assert counts[10] == 1 and counts[50] == 1
    assert counts[90] == 2  # 100 and 120 fall in the last bin


def test_weeks_are_the_last_eight_mondays_oldest_first() -> None:
    out = weeks([datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC)], TODAY)
    assert len(out) == 8
    assert out[-1].week_start == "2026-11-30" and out[-1].count == 1
    assert out[0].week_start == "2026-10-12"
    assert sum(w.count for w in out) == 1  # September is outside the window


def test_four_scored_members_withhold_averages_and_say_why() -> None:
    members = [_member(f"M{i}", 60) for i in range(COHORT_THRESHOLD - 1)]
    members.append(MemberHistory(uuid.uuid4(), "No scores", "member"))
    out = cohort(members, LABELS, TODAY, ATTENTION_BELOW)
    assert out.averages is None and out.distribution is None and out.weakest_dimension is None
    assert out.members_with_scores == 4
    assert "4 members have one so far" in out.notes[0]


def test_averages_are_over_each_members_own_mean() -> None:
    # One member with many sessions weighs like one member.
    members = [_member("Many", 90, 90, 90, 90, 30)] + [_member(f"M{i}", 50) for i in range(4)]
    out = cohort(members, LABELS, TODAY, ATTENTION_BELOW)
    assert out.averages is not None
    # Many's mean is 78; (78 + 4 * 50) / 5 = 55.6.
    assert out.averages.overall == 55.6
    assert out.session_count == 9
    assert out.distribution is not None
    assert sum(b.count for b in out.distribution["overall"]) == 5


def test_improvement_needs_five_members_with_three_sessions() -> None:
    four = [_member(f"M{i}", 50, 55, 60) for i in range(4)] + [_member("Short", 50)]
    assert cohort(four, LABELS, TODAY, ATTENTION_BELOW).improvement_after_3 is None
    five = [_member(f"M{i}", 50, 55, 50 + 2 * i) for i in range(5)]
    out = cohort(five, LABELS, TODAY, ATTENTION_BELOW)
    assert out.improvement_after_3 is not None
    # Session 3 minus session 1: 0, 2, 4, 6, 8 -> mean 4.
    assert out.improvement_after_3.members == 5
    assert out.improvement_after_3.change.overall == 4.0


def test_members_below_the_level_or_declining_need_attention_weakest_first() -> None:
    weak_dims = {"communication": 30.0, "confidence": 70.0, "structure": 70.0, "relevance": 70.0}
    members = [
        _member("Weak", 60, dims=weak_dims),
        _member("Falling", 90, 80, 70, 60),
        *[_member(f"Fine{i}", 75) for i in range(3)],
    ]
    out = cohort(members, LABELS, TODAY, ATTENTION_BELOW)
    names = [a.name for a in out.needs_attention]
    assert names[0] == "Weak" and "Communication is 30" in out.needs_attention[0].reasons[0]
    assert "Falling" in names and not any(n.startswith("Fine") for n in names)


def test_member_row_shows_latest_average_and_trend() -> None:
    row = member_row(_member("Ana", 60, 70, 80), LABELS)
    assert row.session_count == 3 and row.scored_count == 3
    assert row.latest is not None and row.latest.overall == 80
    assert row.average is not None and row.average.overall == 70
    assert row.trend == "improving"
    empty = member_row(MemberHistory(uuid.uuid4(), "New", "member"), LABELS)
    assert empty.latest is None and empty.trend is None and empty.weakest is None
