"""What changed between two attempts at one question, in plain sentences."""

from __future__ import annotations

from moodlens.practice.schemas import AttemptOut, Change

# Conversational pace (DESIGN §8b): an attempt nearer to it than the last one paced better.
CONVERSATIONAL_WPM = 140.0
_DIMENSION_STEP = 1.0
# Below a semitone, two measurements of one voice differ by chance (variety.py's resolution).
_RANGE_STEP_ST = 1.0


def _delta(old: float, new: float) -> str:
    d = round(new - old)
    return f"{round(old)} -> {round(new)} ({'+' if d >= 0 else ''}{d})"


def _voice(before: AttemptOut, after: AttemptOut) -> list[Change]:
    """Pitch range and flat stretches, as observable delivery (DESIGN §8): a wider range
    and fewer flat stretches count as better, never as a mood."""
    if before.voice_range_st is None or after.voice_range_st is None:
        return []
    out: list[Change] = []
    if abs(after.voice_range_st - before.voice_range_st) >= _RANGE_STEP_ST:
        out.append(
            Change(
                kind="voice",
                text=f"Pitch range {before.voice_range_st:.1f} -> {after.voice_range_st:.1f} "
                "semitones",
                better=after.voice_range_st > before.voice_range_st,
            )
        )
    old_flat, new_flat = before.flat_stretches or 0, after.flat_stretches or 0
    if old_flat != new_flat:
        out.append(
            Change(
                kind="voice",
                text=f"Flat stretches {old_flat} -> {new_flat}",
                better=new_flat < old_flat,
            )
        )
    return out


def changes(before: AttemptOut, after: AttemptOut) -> list[Change]:
    out: list[Change] = []
    if before.overall is not None and after.overall is not None:
        better = (
            None
            if round(after.overall) == round(before.overall)
            else after.overall > before.overall
        )
        out.append(
            Change(
                kind="overall",
                text=f"Overall {_delta(before.overall, after.overall)}",
                better=better,
            )
        )
    for dim, new in after.scores.items():
        old = before.scores.get(dim)
        if old is None or not (old.measured and new.measured):
            continue
        if old.score is None or new.score is None:
            continue
        if abs(new.score - old.score) >= _DIMENSION_STEP:
            out.append(
                Change(
                    kind="dimension",
                    text=f"{dim.capitalize()} {_delta(old.score, new.score)}",
                    better=new.score > old.score,
                )
            )
    if before.pace_wpm is not None and after.pace_wpm is not None:
        gap_old = abs(before.pace_wpm - CONVERSATIONAL_WPM)
        gap_new = abs(after.pace_wpm - CONVERSATIONAL_WPM)
        out.append(
            Change(
                kind="pace",
                text=f"Pace {round(before.pace_wpm)} -> {round(after.pace_wpm)} words per minute",
                better=None if round(gap_old) == round(gap_new) else gap_new < gap_old,
            )
        )
    if before.fillers != after.fillers:
        out.append(
            Change(
                kind="fillers",
                text=f"Fillers {before.fillers} -> {after.fillers}",
                better=after.fillers < before.fillers,
            )
        )
    if (
        before.long_pauses is not None
        and after.long_pauses is not None
        and before.long_pauses != after.long_pauses
    ):
        out.append(
            Change(
                kind="pauses",
                text=f"Long pauses {before.long_pauses} -> {after.long_pauses}",
                better=after.long_pauses < before.long_pauses,
            )
        )
    for label, old_n, new_n in (
        ("Hedges", before.hedges, after.hedges),
        ("Weak openers", before.weak_openers, after.weak_openers),
        ("Repeated words", before.repeats, after.repeats),
    ):
        if old_n != new_n:
            out.append(
                Change(kind="habits", text=f"{label} {old_n} -> {new_n}", better=new_n < old_n)
            )
    out += _voice(before, after)
    if after.star_expected:
        for part, sentence in after.star.items():
            had = before.star.get(part) is not None
            if sentence is not None and not had:
                out.append(
                    Change(
                        kind="star", text=f"Now has a {part}: \u201c{sentence}\u201d", better=True
                    )
                )
            elif sentence is None and had:
                out.append(Change(kind="star", text=f"No longer has a clear {part}", better=False))
    gained = [k for k in after.key_points_covered if k not in before.key_points_covered]
    lost = [k for k in before.key_points_covered if k not in after.key_points_covered]
    out += [Change(kind="key_point", text=f"Now covers {k}", better=True) for k in gained]
    out += [Change(kind="key_point", text=f"No longer covers {k}", better=False) for k in lost]
    if before.word_count != after.word_count:
        out.append(
            Change(
                kind="words",
                text=f"Length {before.word_count} -> {after.word_count} words",
                better=None,
            )
        )
    return out
