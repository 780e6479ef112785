"""A PDF renders in its own process, so the event loop serving live sessions in the same API
process is never held by WeasyPrint (which in a thread holds the GIL for most of a render)."""

from __future__ import annotations

import asyncio
import io
import os

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from moodlens.config import Settings
from moodlens.reports import offload
from tests.factories import auth_headers
from tests.reports import factories

pytestmark = pytest.mark.sqlite


def _pid() -> int:
    return os.getpid()


async def _render_pid() -> int:
    return await asyncio.get_running_loop().run_in_executor(offload._executor(), _pid)


async def test_pdf_renders_in_another_process_and_a_dead_one_is_replaced(
    client: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    user = await factories.user(db)
    session = await factories.built_session(db, user)
    headers = auth_headers(user, settings)
    report = (await client.get(f"/v1/sessions/{session.id}/report", headers=headers)).json()

    pdf = await offload.report_pdf(report)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    pid = await _render_pid()
    assert pid != os.getpid()

    os.kill(pid, 9)  # e.g. killed for memory: the next export starts a fresh renderer
    pdf = await offload.report_pdf(report)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert await _render_pid() not in (pid, os.getpid())
