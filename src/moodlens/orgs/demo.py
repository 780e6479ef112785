"""A demo institute for `moodlens demo`: the demo account owns it, and fictional members
practise in it, so the cohort dashboard shows real figures from built reports.

Six members share their progress (above the cohort threshold of 5), one does not (their
sessions must never show), and one member shares one session explicitly so the admin's
member view shows a transcript. Seeded like `reports.demo_data`: the same call writes the
same rows. Flushes only; the caller commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.core.base import utcnow
from moodlens.models import InterviewSession, Organization, OrganizationMember, User
from moodlens.reports.demo_data import (
    QUESTIONS,
    Level,
    PlannedAnswer,
    create_completed_session,
    demo_template,
)

DEMO_ORG_NAME = "Demo Institute"

# Name, shares progress, sessions oldest first (one level per answer). Names are invented.
MEMBERS: tuple[tuple[str, bool, tuple[tuple[Level, ...], ...]], ...] = (
    (
        "Aarav Mehta",
        True,
        (("weak", "weak", "fair"), ("fair", "fair", "fair"), ("fair", "strong", "strong")),
    ),
    (
        "Bea Lindqvist",
        True,
        (("fair", "fair", "strong"), ("strong", "fair", "strong"), ("strong", "strong", "strong")),
    ),
    ("Chidi Okafor", True, (("weak", "weak", "weak"), ("weak", "fair", "weak"))),
    (
        "Dara Novak",
        True,
        (("fair", "weak", "fair"), ("fair", "fair", "strong"), ("strong", "fair", "strong")),
    ),
    (
        "Elif Yilmaz",
        True,
        (("strong", "fair", "fair"), ("fair", "fair", "fair"), ("fair", "weak", "fair")),
    ),
    (
        "Farid Haddad",
        True,
        (("weak", "fair", "fair"), ("fair", "strong", "fair"), ("strong", "strong", "fair")),
    ),
    ("Gwen Ito", False, (("fair", "fair", "fair"), ("strong", "strong", "strong"))),
)
# Days between a member's sessions, and how long ago the last one was.
SPACING_DAYS = 6
LAST_DAYS_AGO = 2


def _email(index: int) -> str:
    return f"demo-member-{index + 1}@moodlens.example"


async def _member_user(db: AsyncSession, index: int, name: str) -> tuple[User, bool]:
    """The demo member's account (no password: nobody signs in as them); reused if an earlier
    demo left it behind. Returns (user, created)."""
    existing = await db.scalar(select(User).where(User.email == _email(index)))
    if existing is not None:
        return existing, False
    user = User(email=_email(index), full_name=name, password_hash=None)
    db.add(user)
    await db.flush()
    return user, True


async def seed_demo_org(
    db: AsyncSession, owner: User, *, now: datetime | None = None
) -> Organization:
    """Create the demo institute owned by `owner`, with its members' built sessions."""
    from moodlens.reports.build import run_build

    moment = now or utcnow()
    template = await demo_template(db)
    org = Organization(name=DEMO_ORG_NAME, plan_tier="institute")
    db.add(org)
    await db.flush()
    db.add(OrganizationMember(organization_id=org.id, user_id=owner.id, member_role="owner"))
    for i, (name, shares, history) in enumerate(MEMBERS):
        user, created = await _member_user(db, i, name)
        db.add(OrganizationMember(organization_id=org.id, user_id=user.id, shares_progress=shares))
        if not created:
            continue
        sessions: list[InterviewSession] = []
        for n, levels in enumerate(history):
            days_ago = LAST_DAYS_AGO + SPACING_DAYS * (len(history) - 1 - n)
            started = (moment - timedelta(days=days_ago)).replace(
                hour=9 + i, minute=0, second=0, microsecond=0
            )
            plan = [
                PlannedAnswer(QUESTIONS[(j + n + i) % len(QUESTIONS)], level)
                for j, level in enumerate(levels)
            ]
            session = await create_completed_session(
                db, user, template, plan, started_at=started, seed=2000 + 10 * i + n
            )
            await run_build(db, session.id, now=session.ended_at)
            sessions.append(session)
        if i == 0:
            # One explicit share, so the admin's member view has a transcript to show.
            sessions[-1].organization_id = org.id
            sessions[-1].shared_with_org = True
    await db.flush()
    return org
