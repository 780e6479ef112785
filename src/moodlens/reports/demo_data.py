"""Realistic practice sessions written straight into the database, with built reports.

Used by `moodlens demo` (a new user sees a populated history and dashboard), by the report
benchmark and by tests. Voice answers get the same `analysis_json` the live pipeline stores:
timed words, fillers found by the speech library's own filler rules, pauses and
`SpeechMetrics`, computed by `moodlens.signals.audio.metrics.compute_metrics`. Face data is
per-second means of plausible head pose, like `signal_events.face_json` from the browser.
Everything is seeded, so the same call writes the same rows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.coaching.content import load_content
from moodlens.core.base import utcnow
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    Question,
    ReportStatus,
    Response,
    SessionStatus,
    SignalEvent,
    User,
)

DEMO_TEMPLATE = "sde-behavioral-medium"
Level = Literal["weak", "fair", "strong"]

# Answers to four bank questions at three levels, written for the demo (not real people).
ANSWERS: dict[str, dict[Level, str]] = {
    "sde-behavioral-01": {
        "weak": "Um, so I worked on a, like, a website thing at my last job. We built it "
        "together as a team and, uh, it was pretty good I guess. People used it. I did some "
        "of the backend stuff, you know, and some other things too. It went fine overall.",
        "fair": "At my last job we built an internal dashboard for the support team, because "
        "they needed to see customer tickets in one place. I built the backend API and chose "
        "Postgres for the database. Um, we launched it after two months and the support team "
        "started using it every day. I think it went well.",
        "strong": "At my last company the support team needed one place to see every customer "
        "ticket, because agents were switching between four tools. I owned the backend: I "
        "designed the API, chose Postgres over a document store for the reporting queries, "
        "and wrote the sync jobs. We launched in eight weeks, 40 agents adopted it in the "
        "first month, and average handling time dropped by 18 percent. What I am proudest of "
        "is that I wrote the architecture doc the next team reused. The hardest trade-off was "
        "freshness against load: agents wanted tickets in real time, but polling four tools "
        "every few seconds would have hit their rate limits. I measured how stale the data "
        "could be before agents noticed, which was about two minutes, and built incremental "
        "syncs every 60 seconds with webhooks for urgent tickets. That kept us at about 30 "
        "percent of the rate limits. If I did it again, I would involve two agents in the "
        "design from week one instead of week four.",
    },
    "sde-behavioral-02": {
        "weak": "Uh, there was this bug once that took a long time. Um, it was, like, really "
        "hard to find. We looked at it for a while and, you know, eventually it got fixed. "
        "I think it was something with the config or whatever.",
        "fair": "We had a bug where some orders were charged twice. It took about a week. I "
        "looked through the logs and, um, eventually it turned out to be a race condition in "
        "the payment retry code. We fixed it and things were fine after that.",
        "strong": "Customers were occasionally charged twice, about once in 2,000 orders. "
        "First I reproduced it by replaying a day of production traffic against staging. "
        "Then I added logging around the retry path and traced two workers picking up the "
        "same job. The root cause was a race condition: the lock expired before a slow "
        "payment call returned. I fixed it with an idempotency key, added a regression test "
        "that runs two workers in parallel, and set up an alert on duplicate charges. We "
        "have had zero duplicates in the six months since. The part that took longest was "
        "getting a reliable repro: the first week I only read code and guessed. Once I "
        "replayed real traffic it failed within an hour, and the stack trace pointed straight "
        "at the retry path. Since then, for any bug I cannot reproduce in a day, I build the "
        "replay first, and I wrote a short guide so the rest of the team does the same.",
    },
    "sde-behavioral-03": {
        "weak": "Um, a teammate was stuck on something and I helped them. Like, I just "
        "showed them how to do it. It was fine, they, uh, they figured it out.",
        "fair": "A new teammate was stuck on a failing integration test for two days. I paired "
        "with them for an hour and we debugged it together. It was a timezone issue. They "
        "fixed it and merged the change that afternoon.",
        "strong": "A new teammate was blocked for two days on an integration test that only "
        "failed in CI. Instead of fixing it for them, I paired with them and asked questions "
        "so they could narrow it down on their own: what differs between CI and your laptop? "
        "They found that CI ran in UTC. They fixed it, merged the change that afternoon, and "
        "afterwards they wrote a short guide on timezone bugs that the whole team now uses. "
        "What I took from it is that the fastest fix is not always the best help. Taking "
        "over would have saved an hour that day, but pairing meant they handled the next two "
        "CI-only failures alone, and their reviews started catching timezone issues in other "
        "people's code. I now offer a pairing slot every Friday for anyone who is stuck.",
    },
    "sde-behavioral-04": {
        "weak": "So, um, we had a deadline once and it was, like, really tight. We all worked "
        "a lot and, uh, you know, we got it done more or less. It was stressful for "
        "everybody I guess.",
        "fair": "We had a customer demo in five days and the export feature was not done. I "
        "made a list of what was essential and we cut the rest. I wrote the CSV export "
        "myself and, um, we shipped it the night before the demo.",
        "strong": "A customer demo moved up to five days away, and the export feature was only "
        "half built. First I listed the must-have cases with our product manager and cut "
        "scope to CSV only, which removed about 60 percent of the work. I split the "
        "remaining tasks with one colleague so we could work in parallel, and I automated "
        "the test data. We delivered on time, the demo went through without issues, and the "
        "customer signed a 12-month contract the next week. Two things made it work. First, "
        "cutting scope early: we agreed on day one what we would not build, so nobody "
        "argued about it on day four. Second, testing every evening against the customer's "
        "real file formats, which caught two encoding bugs before the demo. Afterwards we "
        "built the remaining formats properly over the next sprint, and the feature has "
        "had no support tickets since.",
    },
}
QUESTIONS = tuple(ANSWERS)

# How each level speaks and looks: pace, pauses, latency, face steadiness.
STYLE: dict[Level, dict[str, float]] = {
    "weak": {"wpm": 178.0, "long_pause_p": 0.10, "latency": 4.5, "away_s": 9.0, "jitter": 6.0},
    "fair": {"wpm": 158.0, "long_pause_p": 0.04, "latency": 2.5, "away_s": 4.0, "jitter": 3.5},
    "strong": {"wpm": 142.0, "long_pause_p": 0.0, "latency": 1.2, "away_s": 0.0, "jitter": 1.5},
}


@dataclass(frozen=True, slots=True)
class PlannedAnswer:
    bank_question_id: str
    level: Level
    mode: Literal["voice", "typed"] = "voice"
    # Say the answer this many times over: the benchmark's long answers.
    repeat: int = 1


@dataclass(frozen=True, slots=True)
class _Spoken:
    analysis: dict[str, Any]
    start: float
    end: float
    words: list[tuple[float, float]]
    fillers: list[float]


def _speak(text: str, t0: float, asked: float, level: Level, rng: random.Random) -> _Spoken:
    """Lay the words out in time like the live pipeline would have measured them."""
    # Imported here: the speech library loads onnxruntime, which only demo/bench code needs.
    from moodlens.signals.audio.fillers import lexical_fillers
    from moodlens.signals.audio.metrics import compute_metrics
    from moodlens.signals.audio.vad import Region
    from moodlens.signals.audio.words import Word

    style = STYLE[level]
    beat = 60.0 / style["wpm"]
    t = t0
    words: list[Word] = []
    voiced: list[Region] = []
    seg_start = t
    for token in text.split():
        dur = beat * rng.uniform(0.7, 0.9)
        words.append(Word(token, t, t + dur))
        t += dur
        gap = beat - dur
        if token.endswith((".", "?", ",", ":")):
            gap += rng.uniform(0.3, 0.7) if token.endswith(",") else rng.uniform(0.5, 1.0)
            if rng.random() < style["long_pause_p"] * 4:
                gap += rng.uniform(2.0, 3.0)
        if gap >= 0.25:
            voiced.append(Region(seg_start, t))
            seg_start = t + gap
        t += gap
    voiced.append(Region(seg_start, words[-1].end))
    end = words[-1].end + 0.4
    fillers = lexical_fillers(words)
    metrics = compute_metrics(words, fillers, voiced, t0 - 0.2, end, question_shown_at=asked)
    analysis = {
        "words": [w.to_dict() for w in words],
        "fillers": [f.to_dict() for f in fillers],
        "pauses": [{"start": round(p.start, 3), "end": round(p.end, 3)} for p in metrics.pauses],
        "metrics": metrics.to_dict(),
    }
    return _Spoken(
        analysis,
        t0 - 0.2,
        end,
        [(w.start, w.end) for w in words],
        [f.start for f in fillers],
    )


def _face(
    t: float, level: Level, away: Sequence[tuple[float, float]], rng: random.Random
) -> dict[str, Any]:
    jitter = STYLE[level]["jitter"]
    looking_away = any(s <= t < e for s, e in away)
    present = 0.0 if looking_away and rng.random() < 0.3 else 1.0
    yaw = (38.0 if looking_away else 4.0) + rng.gauss(0, jitter)
    return {
        "face_present_ratio": present,
        "yaw": round(yaw, 2) if present else None,
        "pitch": round(-3.0 + rng.gauss(0, jitter / 2), 2) if present else None,
        "roll": round(1.0 + rng.gauss(0, jitter / 3), 2) if present else None,
        "gaze_on_camera": round(0.2 if looking_away else rng.uniform(0.7, 0.95), 3)
        if present
        else None,
        "movement_energy": round(abs(rng.gauss(0.02 * jitter, 0.01)), 4),
        "smile": round(rng.uniform(0.05, 0.4), 3) if present else None,
        "windows": 2,
    }


async def demo_template(db: AsyncSession, slug: str = DEMO_TEMPLATE) -> InterviewTemplate:
    from moodlens.interview_templates.service import sync_templates

    await sync_templates(db, load_content())
    row = await db.scalar(select(InterviewTemplate).where(InterviewTemplate.slug == slug))
    if row is None:
        raise LookupError(f"template {slug} is not in the content")
    return row


def _signal_rows(
    sid: Any, started: datetime, end_s: int, signals: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        {"session_id": sid, "ts": started + timedelta(seconds=sec), "t_ms": sec * 1000, **vals}
        for sec, vals in sorted(signals.items())
        if sec <= end_s
    ]


async def create_completed_session(
    db: AsyncSession,
    user: User,
    template: InterviewTemplate,
    answers: Sequence[PlannedAnswer],
    *,
    started_at: datetime,
    camera: bool = True,
    seed: int = 0,
    duration_minutes: int = 20,
) -> InterviewSession:
    """A completed session with its questions, answers and per-second signals (no report)."""
    rng = random.Random(seed)
    content = load_content()
    session = InterviewSession(
        user_id=user.id,
        template_id=template.id,
        status=SessionStatus.COMPLETED,
        duration_minutes=duration_minutes,
        consent_version=None,
        content_version=content.version,
        seed=seed,
        started_at=started_at,
        created_at=started_at - timedelta(minutes=1),
        updated_at=started_at,
        report_status=ReportStatus.NONE,
    )
    db.add(session)
    await db.flush()

    t = 3.0
    speech: list[_Spoken] = []
    levels: list[Level] = []
    rows: list[Question | Response] = []
    for seq, plan in enumerate(answers, start=1):
        bank = content.question(plan.bank_question_id)
        if bank is None:
            raise LookupError(f"question {plan.bank_question_id} is not in the content")
        asked = t
        text = " ".join([ANSWERS[plan.bank_question_id][plan.level]] * plan.repeat)
        q = Question(
            session_id=session.id,
            sequence_no=seq,
            question_text=bank.text,
            source="template",
            bank_question_id=bank.id,
            expected_seconds=bank.target_seconds,
            difficulty=bank.difficulty,
            asked_at=started_at + timedelta(seconds=asked),
        )
        db.add(q)
        await db.flush()
        if plan.mode == "typed":
            typing_s = len(text.split()) * 1.5
            r = Response(
                session_id=session.id,
                question_id=q.id,
                transcript_text=text,
                input_mode="typed",
                started_at=started_at + timedelta(seconds=asked + 2),
                ended_at=started_at + timedelta(seconds=asked + 2 + typing_s),
                analysis_json={},
            )
            t = asked + 4 + typing_s
        else:
            spoken = _speak(text, asked + STYLE[plan.level]["latency"], asked, plan.level, rng)
            speech.append(spoken)
            levels.append(plan.level)
            r = Response(
                session_id=session.id,
                question_id=q.id,
                transcript_text=text,
                input_mode="voice",
                started_at=started_at + timedelta(seconds=spoken.start),
                ended_at=started_at + timedelta(seconds=spoken.end),
                analysis_json=spoken.analysis,
            )
            t = spoken.end + 4.0
        rows.append(r)
    db.add_all(rows)
    end_s = math.ceil(t)
    session.ended_at = started_at + timedelta(seconds=end_s)
    await db.flush()

    signals = _signals(speech, levels, end_s, camera, rng)
    # One executemany: a 30-minute session has 1,800 rows, too many for ORM objects.
    await db.execute(insert(SignalEvent), _signal_rows(session.id, started_at, end_s, signals))
    return session


def _signals(
    speech: Sequence[_Spoken],
    levels: Sequence[Level],
    end_s: int,
    camera: bool,
    rng: random.Random,
) -> dict[int, dict[str, Any]]:
    starts = sorted(s for sp in speech for s, _ in sp.words)
    fillers = sorted(f for sp in speech for f in sp.fillers)
    spans = [(sp.start, sp.end) for sp in speech]
    away: list[tuple[float, float]] = []
    for sp, level in zip(speech, levels, strict=True):
        length = STYLE[level]["away_s"]
        if length and sp.end - sp.start > length + 10:
            s = sp.start + (sp.end - sp.start) / 2
            away.append((s, s + length))
    out: dict[int, dict[str, Any]] = {}
    level_at = dict.fromkeys(range(end_s + 1), "strong")
    for (s, e), level in zip(spans, levels, strict=True):
        for sec in range(int(s), int(e) + 1):
            level_at[sec] = level
    for sec in range(end_s + 1):
        speaking = any(s <= sec + 0.5 <= e for s, e in spans)
        recent = sum(1 for x in starts if sec - 20 < x <= sec)
        out[sec] = {
            "face_json": _face(float(sec), level_at[sec], away, rng)  # type: ignore[arg-type]
            if camera
            else None,
            "attention_score": None,
            "composure_score": None,
            "pace_wpm": round(recent * 3.0, 1) if speaking and sec >= 20 else None,
            "fillers_count_window": sum(1 for f in fillers if sec - 30 < f <= sec),
            "speaking": speaking,
            "volume_dbfs": round(-22.0 + rng.gauss(0, 1.5), 1) if speaking else None,
        }
    return out


# ---- the demo user's history ----------------------------------------------------------------

# Four past sessions, oldest first: the candidate improves from rambling, filler-heavy
# answers to structured ones with numbers.
HISTORY: tuple[tuple[int, tuple[Level, ...]], ...] = (
    (24, ("weak", "weak", "weak", "fair")),
    (17, ("weak", "fair", "fair", "fair")),
    (10, ("fair", "fair", "strong", "fair")),
    (3, ("strong", "strong", "fair", "strong")),
)


async def seed_history(db: AsyncSession, user: User, *, now: datetime | None = None) -> int:
    """Give `user` a practice history with built reports; returns the number of sessions.

    Flushes only; the caller commits."""
    from moodlens.reports.build import run_build

    moment = now or utcnow()
    template = await demo_template(db)
    for n, (days_ago, levels) in enumerate(HISTORY):
        plan = [
            PlannedAnswer(
                QUESTIONS[(i + n) % len(QUESTIONS)],
                level,
                # One typed answer per session: the demo shows both input modes.
                "typed" if i == 2 else "voice",
            )
            for i, level in enumerate(levels)
        ]
        started = (moment - timedelta(days=days_ago)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        session = await create_completed_session(
            db, user, template, plan, started_at=started, seed=1000 + n, camera=n != 1
        )
        await run_build(db, session.id, now=session.ended_at)
    return len(HISTORY)
