"""Organizations (institutes): membership, invite codes, members' sharing choices, the admin
cohort dashboard and an admin's view of one member's sessions.

Privacy rules (DESIGN §8) this module enforces:
- admins see scores and progress only of members with `shares_progress`; answers and face cues
  only of sessions the member shared explicitly with that organization;
- cohort figures only when at least COHORT_THRESHOLD members share, and each figure only when
  at least that many members contribute to it (an average over two people is their scores);
- soft-deleted sessions never count (`visible_sessions()`), and every admin view of a member's
  data is audited so it shows in the member's own activity trail.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.auth.oidc_accounts import ProviderRequired, has_identity
from moodlens.coaching.progress import SessionRecord, compute_progress, weak_areas
from moodlens.coaching.scoring import load_config
from moodlens.coaching.scoring.config import DIMENSIONS
from moodlens.core.audit import record_audit
from moodlens.core.base import as_utc
from moodlens.core.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    MoodLensError,
    NotFound,
    TooManyRequests,
)
from moodlens.core.ratelimit import RateLimiter
from moodlens.models import (
    InterviewSession,
    InterviewTemplate,
    Organization,
    OrganizationInvite,
    OrganizationMember,
    OrgGroup,
    OrgGroupMember,
    Question,
    Response,
    SessionScore,
    User,
)
from moodlens.orgs import access
from moodlens.orgs.access import ADMIN_ROLES, OrgAdminRequired, OrgNotFound
from moodlens.privacy.service import record_member_data_view, visible_sessions

__all__ = ["ADMIN_ROLES", "OrgAdminRequired", "OrgNotFound"]

COHORT_THRESHOLD = 5
SCORE_KEYS: tuple[str, ...] = ("overall", *DIMENSIONS)
WEEKS_SHOWN = 8
BIN_WIDTH = 10

# 12 characters from 30 unambiguous ones (no 0/O, 1/I/L, U): about 59 random bits, plenty for
# a code that expires within days and whose guessing is rate-limited.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 12
JOIN_FAILURES_ALLOWED = 10
JOIN_WINDOW_S = 15 * 60


# ---- errors --------------------------------------------------------------------------------


class OwnerRequired(Forbidden):
    """Only the organization's owner may do this."""


class InviteNotFound(NotFound):
    """No invite with this code."""


class InviteExpired(MoodLensError):
    """The invite code expired or was used up."""

    status_code = 410


class MemberNotFound(NotFound):
    """This person is not a member of the organization."""


class MemberNotSharing(Forbidden):
    """The member has not agreed to share their progress with the organization."""


class OwnerCannotLeave(Conflict):
    """The only owner cannot leave while other members remain."""


class SessionNotFound(NotFound):
    """No session with this id for the signed-in user (or it was deleted)."""


class NoOrganization(Conflict):
    """You are not a member of any organization to share with."""


class OrganizationChoiceNeeded(BadRequest):
    """You belong to several organizations: say which one may see the session."""


# ---- membership helpers --------------------------------------------------------------------


_membership = access.membership
_require_admin = access.require_admin


async def _member_count(db: AsyncSession, org_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(OrganizationMember.organization_id == org_id)
    return int(await db.scalar(stmt) or 0)


def _org_out(org: Organization, me: OrganizationMember, member_count: int) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "plan_tier": org.plan_tier,
        "required_provider": org.required_provider,
        "created_at": as_utc(org.created_at),
        "my_role": me.member_role,
        "shares_progress": me.shares_progress,
        "member_count": member_count,
        "joined_at": as_utc(me.created_at),
    }


def _membership_out(org: Organization, me: OrganizationMember) -> dict[str, Any]:
    return {
        "organization_id": org.id,
        "organization_name": org.name,
        "role": me.member_role,
        "shares_progress": me.shares_progress,
        "joined_at": as_utc(me.created_at),
    }


# ---- organizations and membership ----------------------------------------------------------


async def create_org(db: AsyncSession, user: User, name: str, now: datetime) -> dict[str, Any]:
    org = Organization(name=name.strip(), created_at=now)
    db.add(org)
    await db.flush()
    # The creator administers the org; sharing their own progress stays their choice.
    me = OrganizationMember(
        organization_id=org.id, user_id=user.id, member_role="owner", created_at=now
    )
    db.add(me)
    await db.flush()
    record_audit(
        db, actor_id=user.id, action="org.create", target_type="organization", target_id=org.id
    )
    return _org_out(org, me, 1)


async def list_my_orgs(db: AsyncSession, user: User) -> list[dict[str, Any]]:
    counts = (
        select(
            OrganizationMember.organization_id.label("org_id"),
            func.count().label("n"),
        )
        .group_by(OrganizationMember.organization_id)
        .subquery()
    )
    rows = (
        await db.execute(
            select(Organization, OrganizationMember, counts.c.n)
            .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
            .join(counts, counts.c.org_id == Organization.id)
            .where(OrganizationMember.user_id == user.id)
            .order_by(Organization.name, Organization.id)
        )
    ).all()
    return [_org_out(org, me, int(n)) for org, me, n in rows]


def _normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def _hash_code(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


async def create_invite(
    db: AsyncSession,
    user: User,
    org_id: uuid.UUID,
    *,
    role: str,
    expires_in_days: int,
    max_uses: int | None,
    now: datetime,
) -> dict[str, Any]:
    org, me = await _require_admin(db, org_id, user, "create invite codes")
    if role == "admin" and me.member_role != "owner":
        raise OwnerRequired(
            f"Only the owner of {org.name} can invite admins; create a member invite instead.",
            field="body.role",
        )
    code = _new_code()
    invite = OrganizationInvite(
        organization_id=org.id,
        code_hash=_hash_code(code),
        member_role=role,
        expires_at=now + timedelta(days=expires_in_days),
        max_uses=max_uses,
        created_at=now,
    )
    db.add(invite)
    await db.flush()
    record_audit(
        db,
        actor_id=user.id,
        action="org.invite_create",
        target_type="organization",
        target_id=org.id,
        details={"invite_id": str(invite.id), "role": role, "days": expires_in_days},
    )
    return {
        "code": code,
        "organization_id": org.id,
        "role": role,
        "expires_at": invite.expires_at,
        "max_uses": max_uses,
    }


async def join_with_code(
    db: AsyncSession, limiter: RateLimiter, user: User, code: str, now: datetime
) -> dict[str, Any]:
    """Join with an invite code. Idempotent for an existing member (no use is counted)."""
    key = f"orgjoin:{user.id}"
    wait = await limiter.hit(key, JOIN_FAILURES_ALLOWED, JOIN_WINDOW_S, record=False)
    if wait:
        raise TooManyRequests("Too many wrong invite codes; try again later.", wait)
    invite = (
        await db.execute(
            select(OrganizationInvite)
            .where(OrganizationInvite.code_hash == _hash_code(code))
            .with_for_update()
        )
    ).scalar_one_or_none()
    if invite is None:
        # Only failures count, so a cohort joining from one account's retries is not blocked.
        await limiter.hit(key, JOIN_FAILURES_ALLOWED, JOIN_WINDOW_S)
        raise InviteNotFound(
            "No invite matches this code. Check it with the person who gave it to you.",
            field="body.code",
        )
    org = await db.get(Organization, invite.organization_id)
    assert org is not None  # the invite's foreign key cascades with the org
    existing = (
        await db.execute(
            select(OrganizationMember).where(
                OrganizationMember.organization_id == org.id,
                OrganizationMember.user_id == user.id,
            )
        )
    ).scalar_one_or_none()
    if existing is not None:
        return _membership_out(org, existing)
    if as_utc(invite.expires_at) <= now:
        raise InviteExpired(
            f"This invite code for {org.name} has expired; ask an admin for a new one.",
            field="body.code",
        )
    if invite.max_uses is not None and invite.use_count >= invite.max_uses:
        raise InviteExpired(
            f"This invite code for {org.name} has been used up; ask an admin for a new one.",
            field="body.code",
        )
    if org.required_provider and not await has_identity(db, user.id, org.required_provider):
        raise ProviderRequired(
            f"{org.name} asks its members to sign in with its provider "
            f"({org.required_provider}): sign out, sign in with it, then join again.",
            field="body.code",
        )
    invite.use_count += 1
    # Sharing is off until the member opts in (DESIGN §8): joining alone shows admins nothing.
    me = OrganizationMember(
        organization_id=org.id,
        user_id=user.id,
        member_role=invite.member_role,
        shares_progress=False,
        created_at=now,
    )
    db.add(me)
    await db.flush()
    await limiter.reset(key)
    record_audit(
        db,
        actor_id=user.id,
        action="org.join",
        target_type="organization",
        target_id=org.id,
        details={"invite_id": str(invite.id), "role": invite.member_role},
    )
    return _membership_out(org, me)


async def set_sharing(
    db: AsyncSession, user: User, org_id: uuid.UUID, shares_progress: bool
) -> dict[str, Any]:
    org, me = await _membership(db, org_id, user)
    if me.shares_progress != shares_progress:
        me.shares_progress = shares_progress
        await db.flush()
        record_audit(
            db,
            actor_id=user.id,
            action="org.sharing_on" if shares_progress else "org.sharing_off",
            target_type="organization",
            target_id=org.id,
        )
    return _membership_out(org, me)


async def leave(db: AsyncSession, user: User, org_id: uuid.UUID) -> None:
    org, me = await _membership(db, org_id, user)
    deleted_org = False
    if me.member_role == "owner":
        owners = await db.scalar(
            select(func.count()).where(
                OrganizationMember.organization_id == org.id,
                OrganizationMember.member_role == "owner",
            )
        )
        members = await _member_count(db, org.id)
        if int(owners or 0) <= 1 and members > 1:
            raise OwnerCannotLeave(
                f"You are the only owner of {org.name}, so you cannot leave while "
                f"{members - 1} other member{'s' if members > 2 else ''} remain."
            )
        deleted_org = members == 1
    # Session shares with this org end with the membership, so rejoining later does not
    # silently reveal answers shared in the past.
    await db.execute(
        update(InterviewSession)
        .where(InterviewSession.user_id == user.id, InterviewSession.organization_id == org.id)
        .values(shared_with_org=False, organization_id=None)
    )
    await db.execute(delete(OrganizationMember).where(OrganizationMember.id == me.id))
    db.expunge(me)
    if deleted_org:
        # The last member leaving: an organization nobody can administer is only clutter.
        await db.execute(delete(Organization).where(Organization.id == org.id))
        db.expunge(org)
    record_audit(
        db,
        actor_id=user.id,
        action="org.leave",
        target_type="organization",
        target_id=org.id,
        details={"organization_deleted": deleted_org},
    )


async def _own_session(db: AsyncSession, user: User, session_id: uuid.UUID) -> InterviewSession:
    session = (
        await db.execute(
            select(InterviewSession).where(
                InterviewSession.id == session_id,
                InterviewSession.user_id == user.id,
                visible_sessions(),
            )
        )
    ).scalar_one_or_none()
    if session is None:
        raise SessionNotFound(f"No session with id {session_id}.")
    return session


async def _memberships_of(db: AsyncSession, user: User) -> dict[uuid.UUID, OrganizationMember]:
    return {
        m.organization_id: m
        for m in (
            await db.execute(
                select(OrganizationMember).where(OrganizationMember.user_id == user.id)
            )
        ).scalars()
    }


def _share_out(
    session: InterviewSession, memberships: Mapping[uuid.UUID, OrganizationMember]
) -> dict[str, Any]:
    member = memberships.get(session.organization_id) if session.organization_id else None
    return {
        "session_id": session.id,
        "shared_with_org": session.shared_with_org,
        "organization_id": session.organization_id,
        "visible_to_admins": bool(
            session.shared_with_org and member is not None and member.shares_progress
        ),
    }


async def session_share(db: AsyncSession, user: User, session_id: uuid.UUID) -> dict[str, Any]:
    """The sharing state of one of the caller's sessions, for the report page's switch."""
    session = await _own_session(db, user, session_id)
    return _share_out(session, await _memberships_of(db, user))


async def share_session(
    db: AsyncSession,
    user: User,
    session_id: uuid.UUID,
    shared: bool,
    org_id: uuid.UUID | None,
) -> dict[str, Any]:
    session = await _own_session(db, user, session_id)
    memberships = await _memberships_of(db, user)
    if shared:
        if org_id is not None:
            if org_id not in memberships:
                raise OrgNotFound(
                    f"You are not a member of an organization with id {org_id}.",
                    field="body.organization_id",
                )
            target = org_id
        elif session.organization_id in memberships:
            target = session.organization_id
        elif len(memberships) == 1:
            target = next(iter(memberships))
        elif not memberships:
            raise NoOrganization(
                "Join an organization with an invite code before sharing a session with it."
            )
        else:
            raise OrganizationChoiceNeeded(
                "You belong to several organizations: send `organization_id` to say which one "
                "may see this session's answers.",
                field="body.organization_id",
            )
        session.organization_id = target
    changed = session.shared_with_org != shared
    session.shared_with_org = shared
    await db.flush()
    if changed:
        record_audit(
            db,
            actor_id=user.id,
            action="session.share" if shared else "session.unshare",
            target_type="session",
            target_id=session.id,
            details={"organization_id": str(session.organization_id)},
        )
    return _share_out(session, memberships)


# ---- dashboard -----------------------------------------------------------------------------


@dataclass
class _Member:
    user_id: uuid.UUID
    name: str
    role: str
    ended: list[datetime] = field(default_factory=list)
    records: list[SessionRecord] = field(default_factory=list)


def _scores(overall: float, dims: Mapping[str, float]) -> dict[str, float]:
    return {"overall": round(overall, 1), **{d: round(dims[d], 1) for d in DIMENSIONS}}


def _values(record: SessionRecord) -> dict[str, float]:
    return {"overall": record.overall, **dict(record.dimensions)}


def _mean_scores(values: Sequence[Mapping[str, float]]) -> dict[str, float]:
    return {k: sum(v[k] for v in values) / len(values) for k in SCORE_KEYS}


def _weakest(m: _Member, labels: Mapping[str, str]) -> dict[str, Any] | None:
    # Recency-weighted, like the member's own weekly plan: one bad day long ago does not
    # keep someone on the list.
    areas = weak_areas(m.records)
    if not areas:
        return None
    first = areas[0]
    return {
        "dimension": first["dimension"],
        "label": labels[first["dimension"]],
        "score": first["score"],
    }


def _trend(m: _Member) -> str | None:
    if len(m.records) < 2:
        return None
    direction: str = compute_progress(m.records)["trends"]["overall"]["direction"]
    return direction


def _row(m: _Member, labels: Mapping[str, str]) -> dict[str, Any]:
    latest = m.records[-1] if m.records else None
    average = _mean_scores([_values(r) for r in m.records]) if m.records else None
    return {
        "user_id": m.user_id,
        "name": m.name,
        "role": m.role,
        "session_count": len(m.ended),
        "scored_count": len(m.records),
        "last_session_at": max(m.ended) if m.ended else None,
        "latest": _scores(latest.overall, latest.dimensions) if latest else None,
        "average": {k: round(v, 1) for k, v in average.items()} if average else None,
        "trend": _trend(m),
        "weakest": _weakest(m, labels),
    }


def _bins(values: Iterable[float]) -> list[dict[str, int]]:
    counts = [0] * (100 // BIN_WIDTH)
    for v in values:
        counts[min(max(int(v // BIN_WIDTH), 0), len(counts) - 1)] += 1
    return [
        {"start": i * BIN_WIDTH, "end": (i + 1) * BIN_WIDTH, "count": n}
        for i, n in enumerate(counts)
    ]


def _weeks(ended: Iterable[datetime], today: date) -> list[dict[str, Any]]:
    this_week = today - timedelta(days=today.weekday())
    starts = [this_week - timedelta(weeks=WEEKS_SHOWN - 1 - i) for i in range(WEEKS_SHOWN)]
    counts = dict.fromkeys(starts, 0)
    for moment in ended:
        d = moment.date()
        week = d - timedelta(days=d.weekday())
        if week in counts:
            counts[week] += 1
    return [{"week_start": w.isoformat(), "count": n} for w, n in counts.items()]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cohort(members: Sequence[_Member], labels: Mapping[str, str], today: date) -> dict[str, Any]:
    notes: list[str] = []
    scored = [m for m in members if m.records]
    averages: dict[str, float] | None = None
    distribution: dict[str, list[dict[str, int]]] | None = None
    weakest: dict[str, Any] | None = None
    if len(scored) >= COHORT_THRESHOLD:
        per_member = [_mean_scores([_values(r) for r in m.records]) for m in scored]
        means = {k: round(v, 1) for k, v in _mean_scores(per_member).items()}
        distribution = {k: _bins(pm[k] for pm in per_member) for k in SCORE_KEYS}
        dim = min(DIMENSIONS, key=lambda d: (means[d], d))
        weakest = {"dimension": dim, "label": labels[dim], "score": means[dim]}
        averages = means
    else:
        notes.append(
            f"Score averages and distribution need at least {COHORT_THRESHOLD} sharing members "
            f"with a scored session; {_plural(len(scored), 'member')} "
            f"{'has' if len(scored) == 1 else 'have'} one so far."
        )
    three = [m for m in scored if len(m.records) >= 3]
    improvement: dict[str, Any] | None = None
    if len(three) >= COHORT_THRESHOLD:
        changes = [
            {k: _values(m.records[2])[k] - _values(m.records[0])[k] for k in SCORE_KEYS}
            for m in three
        ]
        mean = _mean_scores(changes)
        improvement = {"members": len(three), "change": {k: round(v, 1) for k, v in mean.items()}}
    else:
        notes.append(
            f"Improvement after 3 sessions needs at least {COHORT_THRESHOLD} sharing members "
            f"with three scored sessions; {_plural(len(three), 'member')} "
            f"{'has' if len(three) == 1 else 'have'} three so far."
        )
    attention: list[dict[str, Any]] = []
    attention_below = load_config().levels["developing"]
    for m in scored:
        weak = _weakest(m, labels)
        assert weak is not None
        reasons = []
        if weak["score"] < attention_below:
            reasons.append(
                f"{weak['label']} is {weak['score']:.0f}, below {attention_below:.0f} (needs work)."
            )
        if _trend(m) == "declining":
            reasons.append("Overall score is going down over recent sessions.")
        if reasons:
            attention.append(
                {"user_id": m.user_id, "name": m.name, "weakest": weak, "reasons": reasons}
            )
    attention.sort(key=lambda a: (a["weakest"]["score"], a["name"]))
    return {
        "members_with_scores": len(scored),
        "session_count": sum(len(m.ended) for m in members),
        "averages": averages,
        "weakest_dimension": weakest,
        "distribution": distribution,
        "sessions_per_week": _weeks((t for m in members for t in m.ended), today),
        "improvement_after_3": improvement,
        "needs_attention": attention,
        "notes": notes,
    }


async def _sharing_members(
    db: AsyncSession, rows: Sequence[tuple[OrganizationMember, str]], hidden: set[uuid.UUID]
) -> list[_Member]:
    """Members who share their progress and let this viewer see it (`hidden`: those who
    chose other staff)."""
    members = {
        m.user_id: _Member(m.user_id, name, m.member_role)
        for m, name in rows
        if m.shares_progress and m.id not in hidden
    }
    if not members:
        return []
    sessions = await db.execute(
        select(
            InterviewSession.user_id,
            InterviewSession.id,
            InterviewSession.ended_at,
            SessionScore.overall_score,
            SessionScore.communication_score,
            SessionScore.confidence_score,
            SessionScore.structure_score,
            SessionScore.relevance_score,
        )
        .outerjoin(SessionScore, SessionScore.session_id == InterviewSession.id)
        .where(
            InterviewSession.user_id.in_(list(members)),
            InterviewSession.status == "completed",
            InterviewSession.ended_at.is_not(None),
            visible_sessions(),
        )
        .order_by(InterviewSession.ended_at, InterviewSession.id)
    )
    for user_id, sid, ended, overall, comm, conf, struct, rel in sessions.all():
        m = members[user_id]
        assert ended is not None  # filtered in the query
        at = as_utc(ended)
        m.ended.append(at)
        if overall is not None:
            dims = {
                "communication": comm,
                "confidence": conf,
                "structure": struct,
                "relevance": rel,
            }
            m.records.append(SessionRecord(str(sid), at, float(overall), dims))
    return list(members.values())


async def dashboard(
    db: AsyncSession,
    user: User,
    org_id: uuid.UUID,
    today: date,
    group: OrgGroup | None = None,
) -> dict[str, Any]:
    """The whole institute's figures, or one group's (`group`, already checked to belong to
    the org): the threshold then applies to the group's own sharing members."""
    org, me = await _require_admin(db, org_id, user, "see the cohort dashboard")
    stmt = (
        select(OrganizationMember, User.full_name)
        .join(User, User.id == OrganizationMember.user_id)
        .where(OrganizationMember.organization_id == org.id)
        .order_by(User.full_name, User.id)
    )
    if group is not None:
        stmt = stmt.join(OrgGroupMember, OrgGroupMember.member_id == OrganizationMember.id).where(
            OrgGroupMember.group_id == group.id
        )
    rows = [(m, name) for m, name in (await db.execute(stmt)).all()]
    members = await _sharing_members(db, rows, await access.hidden_member_ids(db, me))
    labels = dict(load_config().labels)
    cohort: dict[str, Any] | None = None
    message: str | None = None
    if len(members) >= COHORT_THRESHOLD:
        cohort = _cohort(members, labels, today)
    else:
        message = (
            f"Cohort figures appear once at least {COHORT_THRESHOLD} members "
            f"{'of ' + group.name + ' ' if group else ''}share their "
            f"progress. {len(members)} of {_plural(len(rows), 'member')} "
            f"{'shares' if len(members) == 1 else 'share'} now."
        )
    for m in members:
        record_member_data_view(
            db,
            admin_id=user.id,
            member_id=m.user_id,
            resource="org_dashboard",
            organization_id=org.id,
        )
    return {
        "organization_id": org.id,
        "organization_name": org.name,
        "group_id": group.id if group else None,
        "group_name": group.name if group else None,
        "my_role": me.member_role,
        "member_count": len(rows),
        "sharing_count": len(members),
        "threshold": COHORT_THRESHOLD,
        "cohort": cohort,
        "message": message,
        "labels": labels,
        "members": [_row(m, labels) for m in members],
    }


# ---- one member's sessions -----------------------------------------------------------------


async def member_sessions(
    db: AsyncSession, user: User, org_id: uuid.UUID, member_id: uuid.UUID
) -> dict[str, Any]:
    org, me = await _require_admin(db, org_id, user, "see members' sessions")
    row = (
        await db.execute(
            select(OrganizationMember, User.full_name)
            .join(User, User.id == OrganizationMember.user_id)
            .where(
                OrganizationMember.organization_id == org.id,
                OrganizationMember.user_id == member_id,
            )
        )
    ).first()
    if row is None:
        raise MemberNotFound(f"No member with id {member_id} in {org.name}.")
    member, name = row
    if not member.shares_progress:
        raise MemberNotSharing(
            f"{name} has not agreed to share their progress with {org.name}, so their "
            "sessions and scores stay private. Members turn sharing on themselves."
        )
    if not await access.sees(db, me, member):
        raise MemberNotSharing(
            f"{name} has chosen which staff of {org.name} see what they share, and you are "
            "not among them, so their sessions and scores stay private to you."
        )
    sessions = (
        await db.execute(
            select(
                InterviewSession,
                InterviewTemplate.title,
                InterviewTemplate.role_track,
                InterviewTemplate.round_type,
                SessionScore,
            )
            .join(InterviewTemplate, InterviewTemplate.id == InterviewSession.template_id)
            .outerjoin(SessionScore, SessionScore.session_id == InterviewSession.id)
            .where(
                InterviewSession.user_id == member_id,
                InterviewSession.status == "completed",
                InterviewSession.ended_at.is_not(None),
                visible_sessions(),
            )
            .order_by(InterviewSession.ended_at.desc(), InterviewSession.id)
        )
    ).all()
    # Shared with this organization, not with any org the member belongs to.
    shared_ids = [s.id for s, *_ in sessions if s.shared_with_org and s.organization_id == org.id]
    answers = await _answers(db, shared_ids)
    record_member_data_view(
        db,
        admin_id=user.id,
        member_id=member_id,
        resource="member_sessions",
        organization_id=org.id,
    )
    out = []
    for session, title, role_track, round_type, score in sessions:
        shared = session.id in answers
        if shared:
            record_member_data_view(
                db,
                admin_id=user.id,
                member_id=member_id,
                resource="shared_session",
                session_id=session.id,
                organization_id=org.id,
            )
        out.append(
            {
                "session_id": session.id,
                "title": title,
                "role_track": role_track,
                "round_type": round_type,
                "ended_at": as_utc(session.ended_at) if session.ended_at else None,
                "shared_with_org": shared,
                "scores": _score_row(score) if score is not None else None,
                "shared": _shared_detail(score, answers[session.id]) if shared else None,
            }
        )
    return {
        "organization_id": org.id,
        "user_id": member_id,
        "name": name,
        "labels": dict(load_config().labels),
        "sessions": out,
    }


def _score_row(score: SessionScore) -> dict[str, float]:
    return {
        "overall": score.overall_score,
        "communication": score.communication_score,
        "confidence": score.confidence_score,
        "structure": score.structure_score,
        "relevance": score.relevance_score,
    }


def _shared_detail(score: SessionScore | None, answers: list[dict[str, Any]]) -> dict[str, Any]:
    summary = score.summary_json if score is not None else {}
    metrics = summary.get("metrics") or {}
    return {
        "summary_text": summary.get("summary_text"),
        "answers": answers,
        "metrics": {
            str(k): (None if v is None else float(v))
            for k, v in metrics.items()
            if v is None or isinstance(v, int | float)
        },
    }


async def _answers(
    db: AsyncSession, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    out: dict[uuid.UUID, list[dict[str, Any]]] = {sid: [] for sid in session_ids}
    if not session_ids:
        return out
    rows = await db.execute(
        select(
            Question.session_id,
            Question.id,
            Question.sequence_no,
            Question.question_text,
            Response.transcript_text,
            Response.input_mode,
        )
        .join(Response, Response.question_id == Question.id)
        .where(Question.session_id.in_(list(session_ids)))
        .order_by(Question.session_id, Question.sequence_no, Response.started_at)
    )
    for sid, qid, seq, question, transcript, mode in rows.all():
        out[sid].append(
            {
                "question_id": qid,
                "sequence_no": seq,
                "question_text": question,
                "transcript": transcript,
                "input_mode": mode,
            }
        )
    return out
