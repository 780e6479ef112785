"""The optional language model that rewords follow-ups (`coaching.llm`), as a dependency.

Off unless `MOODLENS_LLM_URL` (and `MOODLENS_LLM_MODEL`) are set. The rule engine's wording
is always complete first; any provider failure or unusable reply keeps it. Tests (and a
deployment that wants one shared client) can put a provider on `app.state.phrasing_provider`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from moodlens.coaching import llm
from moodlens.core.deps import SettingsDep


async def get_phrasing_provider(
    request: Request, settings: SettingsDep
) -> AsyncIterator[llm.PhrasingProvider | None]:
    shared: llm.PhrasingProvider | None = getattr(request.app.state, "phrasing_provider", None)
    if shared is not None:
        yield shared
        return
    # One client per request: follow-ups are a few per session, and this needs no app-wide
    # lifecycle. The provider bounds each call by its own timeout.
    provider = llm.build_provider(settings.llm_url, settings.llm_model)
    try:
        yield provider
    finally:
        if isinstance(provider, llm.OpenAICompatibleProvider):
            await provider.aclose()


PhrasingDep = Annotated[llm.PhrasingProvider | None, Depends(get_phrasing_provider)]
