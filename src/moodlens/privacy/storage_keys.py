"""Where a user's files live in storage. Everything of a user sits under `users/{user_id}/`
and everything of a session under its session prefix, so deletion can remove a whole prefix
(plus any explicit keys rows point at) and nothing is left behind."""

from __future__ import annotations

import uuid


def user_prefix(user_id: uuid.UUID) -> str:
    return f"users/{user_id}"


def session_prefix(user_id: uuid.UUID, session_id: uuid.UUID) -> str:
    return f"{user_prefix(user_id)}/sessions/{session_id}"


def recording_key(user_id: uuid.UUID, session_id: uuid.UUID) -> str:
    return f"{session_prefix(user_id, session_id)}/recording"


def export_key(
    user_id: uuid.UUID,
    export_id: uuid.UUID,
    extension: str,
    session_id: uuid.UUID | None = None,
) -> str:
    """Session exports (PDF/CSV) live under the session, so deleting it removes them too."""
    base = session_prefix(user_id, session_id) if session_id else user_prefix(user_id)
    return f"{base}/exports/{export_id}.{extension}"
