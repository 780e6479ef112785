"""`SyncedContent`: the loaded content, with the template rows guaranteed to match it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from moodlens.coaching.content import Content, load_content
from moodlens.core.deps import AfterCommitDep, DbSession
from moodlens.interview_templates import service


async def synced_content(request: Request, db: DbSession, after_commit: AfterCommitDep) -> Content:
    content = load_content()
    state = request.app.state
    if getattr(state, "templates_synced_version", None) == content.version:
        return content
    await service.sync_templates(db, content)

    async def _remember() -> None:
        # Only once the upsert committed: a rolled-back request must not mark the DB synced.
        state.templates_synced_version = content.version

    after_commit.append(_remember)
    return content


SyncedContent = Annotated[Content, Depends(synced_content)]
