"""Cohort arithmetic for the institute dashboard: pure functions of the sharing members'
sessions, no database and no request. Who counts (sharing members the viewer may see) is
decided by the caller (`orgs.dashboard`); this module only applies the thresholds:

- cohort figures only from COHORT_THRESHOLD members, and each figure only when at least that
  many members contribute to it (an average over two people is their scores);
- averages are over each member's own mean, so one member's many sessions weigh like one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from moodlens.coaching.progress import SessionRecord, compute_progress, weak_areas
from moodlens.coaching.scoring.config import DIMENSIONS
from moodlens.orgs.schemas import (
    AttentionOut,
    CohortOut,
    DistributionBinOut,
    ImprovementOut,
    MemberRowOut,
    ScoresOut,
    WeakDimensionOut,
    WeekCountOut,
)

COHORT_THRESHOLD = 5
SCORE_KEYS: tuple[str, ...] = ("overall", *DIMENSIONS)
WEEKS_SHOWN = 8
BIN_WIDTH = 10


@dataclass
class MemberHistory:
    """One sharing member's completed sessions (`ended`) and the scored ones, oldest first."""

    user_id: uuid.UUID
    name: str
    role: str
    ended: list[datetime] = field(default_factory=list)
    records: list[SessionRecord] = field(default_factory=list)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _values(record: SessionRecord) -> dict[str, float]:
    return {"overall": record.overall, **dict(record.dimensions)}


def mean_scores(values: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Mean per key over the values that have it: a dimension not measured (a typed-only
    session's delivery, issue 15) is left out, not counted as a number."""
    out: dict[str, float] = {}
    for k in SCORE_KEYS:
        have = [v[k] for v in values if k in v]
        if have:
            out[k] = sum(have) / len(have)
    return out


def _scores_out(values: Mapping[str, float]) -> ScoresOut:
    return ScoresOut(**{k: round(values[k], 1) for k in SCORE_KEYS if k in values})


def weakest(m: MemberHistory, labels: Mapping[str, str]) -> WeakDimensionOut | None:
    # Recency-weighted, like the member's own weekly plan: one bad day long ago does not
    # keep someone on the list.
    areas = weak_areas(m.records)
    if not areas:
        return None
    first = areas[0]
    dim = str(first["dimension"])
    return WeakDimensionOut(dimension=dim, label=labels[dim], score=float(first["score"]))


def trend(m: MemberHistory) -> str | None:
    if len(m.records) < 2:
        return None
    direction: str = compute_progress(m.records)["trends"]["overall"]["direction"]
    return direction


def member_row(m: MemberHistory, labels: Mapping[str, str]) -> MemberRowOut:
    latest = m.records[-1] if m.records else None
    average = mean_scores([_values(r) for r in m.records]) if m.records else None
    return MemberRowOut(
        user_id=m.user_id,
        name=m.name,
        role=m.role,
        session_count=len(m.ended),
        scored_count=len(m.records),
        last_session_at=max(m.ended) if m.ended else None,
        latest=_scores_out(_values(latest)) if latest else None,
        average=_scores_out(average) if average else None,
        trend=trend(m),
        weakest=weakest(m, labels),
    )


def bins(values: Iterable[float]) -> list[DistributionBinOut]:
    """Counts per 10-point bin over 0-100; out-of-range values land in the end bins."""
    counts = [0] * (100 // BIN_WIDTH)
    for v in values:
        counts[min(max(int(v // BIN_WIDTH), 0), len(counts) - 1)] += 1
    return [
        DistributionBinOut(start=i * BIN_WIDTH, end=(i + 1) * BIN_WIDTH, count=n)
        for i, n in enumerate(counts)
    ]


def weeks(ended: Iterable[datetime], today: date) -> list[WeekCountOut]:
    """Completed sessions per ISO week (Monday first), the last WEEKS_SHOWN weeks, oldest first."""
    this_week = today - timedelta(days=today.weekday())
    starts = [this_week - timedelta(weeks=WEEKS_SHOWN - 1 - i) for i in range(WEEKS_SHOWN)]
    counts = dict.fromkeys(starts, 0)
    for moment in ended:
        d = moment.date()
        week = d - timedelta(days=d.weekday())
        if week in counts:
            counts[week] += 1
    return [WeekCountOut(week_start=w.isoformat(), count=n) for w, n in counts.items()]


def _improvement(scored: Sequence[MemberHistory], notes: list[str]) -> ImprovementOut | None:
    three = [m for m in scored if len(m.records) >= 3]
    if len(three) < COHORT_THRESHOLD:
        notes.append(
            f"Improvement after 3 sessions needs at least {COHORT_THRESHOLD} sharing members "
            f"with three scored sessions; {plural(len(three), 'member')} "
            f"{'has' if len(three) == 1 else 'have'} three so far."
        )
        return None
    changes = [
        {k: third[k] - first[k] for k in SCORE_KEYS if k in first and k in third}
        for m in three
        if (first := _values(m.records[0])) and (third := _values(m.records[2]))
    ]
    return ImprovementOut(members=len(three), change=_scores_out(mean_scores(changes)))


def _attention(
    scored: Sequence[MemberHistory], labels: Mapping[str, str], attention_below: float
) -> list[AttentionOut]:
    out: list[AttentionOut] = []
    for m in scored:
        weak = weakest(m, labels)
        assert weak is not None  # scored members have records
        reasons = []
        if weak.score < attention_below:
            reasons.append(
                f"{weak.label} is {weak.score:.0f}, below {attention_below:.0f} (needs work)."
            )
        if trend(m) == "declining":
            reasons.append("Overall score is going down over recent sessions.")
        if reasons:
            out.append(AttentionOut(user_id=m.user_id, name=m.name, weakest=weak, reasons=reasons))
    out.sort(key=lambda a: (a.weakest.score, a.name))
    return out


def cohort(
    members: Sequence[MemberHistory],
    labels: Mapping[str, str],
    today: date,
    attention_below: float,
) -> CohortOut:
    """The cohort's figures over `members` (the caller checked there are enough of them);
    a figure with too few contributors is withheld and `notes` says why."""
    notes: list[str] = []
    scored = [m for m in members if m.records]
    averages: ScoresOut | None = None
    distribution: dict[str, list[DistributionBinOut]] | None = None
    weakest_dim: WeakDimensionOut | None = None
    if len(scored) >= COHORT_THRESHOLD:
        per_member = [mean_scores([_values(r) for r in m.records]) for m in scored]
        means = {k: round(v, 1) for k, v in mean_scores(per_member).items()}
        distribution = {k: bins(pm[k] for pm in per_member if k in pm) for k in SCORE_KEYS}
        dim = min((d for d in DIMENSIONS if d in means), key=lambda d: (means[d], d))
        weakest_dim = WeakDimensionOut(dimension=dim, label=labels[dim], score=means[dim])
        averages = _scores_out(means)
    else:
        notes.append(
            f"Score averages and distribution need at least {COHORT_THRESHOLD} sharing members "
            f"with a scored session; {plural(len(scored), 'member')} "
            f"{'has' if len(scored) == 1 else 'have'} one so far."
        )
    improvement = _improvement(scored, notes)
    return CohortOut(
        members_with_scores=len(scored),
        session_count=sum(len(m.ended) for m in members),
        averages=averages,
        weakest_dimension=weakest_dim,
        distribution=distribution,
        sessions_per_week=weeks((t for m in members for t in m.ended), today),
        improvement_after_3=improvement,
        needs_attention=_attention(scored, labels, attention_below),
        notes=notes,
    )
