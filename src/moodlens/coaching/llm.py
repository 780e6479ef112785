"""Optional language-model phrasing for follow-ups and summaries (off by default).

The rule engine always produces a complete wording first; a provider may only rephrase it.
Whenever the provider is off, slow, failing, or returns something we cannot show (not a
question, too long, inner-state wording), the rule wording is used unchanged, so a session
never waits on or breaks because of a model.

Configuration is the caller's job (`MOODLENS_LLM_URL`, `MOODLENS_LLM_MODEL` in settings):
pass them to `build_provider`. The endpoint is OpenAI-compatible (`POST {url}/chat/completions`),
e.g. a local llama.cpp or vLLM server. Prompts describe only the answer's content and never
ask for judgements about the candidate as a person.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import httpx

from moodlens.coaching.content import Gap
from moodlens.coaching.turns import NextQuestion
from moodlens.coaching.wording import find_banned_words

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 4.0
MAX_FOLLOW_UP_CHARS = 280
MAX_SUMMARY_CHARS = 1200

# What each gap asks for, in words a model can act on.
GAP_INTENT: dict[Gap, str] = {
    "missing_situation": "ask for the context: where, when, and what was at stake",
    "missing_action": "ask what the candidate personally did, step by step",
    "missing_result": "ask for the outcome of what they did, ideally measurable",
    "no_numbers": "ask them to quantify the impact with a number or rough estimate",
    "vague_we": "ask which part the candidate did themselves, as opposed to the team",
    "off_topic": "steer politely back to the question that was asked",
    "too_short": "ask them to expand with a specific example",
    "too_long": "ask for the main point in one or two sentences",
}

FOLLOW_UP_SYSTEM = (
    "You are the interviewer in a mock job interview. Rewrite the draft follow-up question so "
    "it sounds natural and refers to something specific the candidate said. Keep the intent "
    "of the draft. Reply with exactly one question of at most 30 words and nothing else. "
    "Talk only about the content of the answer: events, actions, decisions, results, "
    "numbers. Do not comment on the candidate as a person or on how they come across."
)
SUMMARY_SYSTEM = (
    "You edit written feedback for a mock job interview. Rewrite the draft summary in two to "
    "four plain sentences addressed to the candidate. Keep every fact and number and add "
    "nothing new. Refer only to what was said and done in the answers and to the listed "
    "scores. Do not comment on the candidate as a person. Reply with the summary only."
)


class ProviderError(Exception):
    """The provider failed or returned something unusable."""


@dataclass(frozen=True)
class FollowUpRequest:
    gap: Gap
    question_text: str
    answer_excerpt: str
    draft: str

    @classmethod
    def from_next_question(cls, q: NextQuestion) -> FollowUpRequest | None:
        if q.kind != "follow_up" or q.follow_up_reason is None:
            return None
        return cls(
            gap=q.follow_up_reason,
            question_text=q.parent_question_text or "",
            answer_excerpt=q.answer_excerpt or "",
            draft=q.question_text,
        )


@dataclass(frozen=True)
class SummaryRequest:
    draft: str
    strengths: Sequence[str] = ()
    improvements: Sequence[str] = ()


class PhrasingProvider(Protocol):
    """Rephrases drafts; raise (any exception) to fall back to the draft."""

    async def rephrase_follow_up(self, request: FollowUpRequest) -> str: ...

    async def rephrase_summary(self, request: SummaryRequest) -> str: ...


class OpenAICompatibleProvider:
    """Chat-completions client with a hard overall timeout per call."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        client: httpx.AsyncClient | None = None,
        temperature: float = 0.3,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout_s = timeout_s
        self.temperature = temperature
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def rephrase_follow_up(self, request: FollowUpRequest) -> str:
        user = (
            f"Interview question: {request.question_text}\n"
            f"Candidate's answer (excerpt): {request.answer_excerpt}\n"
            f"Goal of the follow-up: {GAP_INTENT[request.gap]}.\n"
            f"Draft follow-up: {request.draft}"
        )
        return await self._complete(FOLLOW_UP_SYSTEM, user, max_tokens=80)

    async def rephrase_summary(self, request: SummaryRequest) -> str:
        lines = [f"Draft summary: {request.draft}"]
        if request.strengths:
            lines.append("Strengths: " + "; ".join(request.strengths))
        if request.improvements:
            lines.append("To improve: " + "; ".join(request.improvements))
        return await self._complete(SUMMARY_SYSTEM, "\n".join(lines), max_tokens=300)

    async def _complete(self, system: str, user: str, *, max_tokens: int) -> str:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": self.temperature,
            "max_tokens": max_tokens,
        }
        try:
            # httpx timeouts apply per read; this bounds the whole exchange.
            async with asyncio.timeout(self.timeout_s):
                response = await self._client.post(self.url, json=payload, headers=self._headers)
            response.raise_for_status()
            text = response.json()["choices"][0]["message"]["content"]
        except TimeoutError as exc:
            raise ProviderError(f"no reply within {self.timeout_s} s") from exc
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(text, str):
            raise ProviderError("reply content is not text")
        return text


def build_provider(
    url: str | None,
    model: str | None,
    *,
    api_key: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> PhrasingProvider | None:
    """A provider when both URL and model are configured, else None (rule phrasing)."""
    if not url or not model:
        return None
    return OpenAICompatibleProvider(url, model, api_key=api_key, timeout_s=timeout_s)


def clean_follow_up(text: str) -> str | None:
    """The model's follow-up if it is one short question we may show, else None."""
    line = " ".join(text.strip().strip("\"'“”").split())
    if not line or len(line) > MAX_FOLLOW_UP_CHARS or "?" not in line:
        return None
    if find_banned_words(line) or "\n" in text.strip():
        return None
    return line


def clean_summary(text: str, draft: str) -> str | None:
    """The model's summary unless it is empty, too long or adds inner-state wording."""
    out = " ".join(text.split())
    if not out or len(out) > MAX_SUMMARY_CHARS:
        return None
    if set(find_banned_words(out)) - set(find_banned_words(draft)):
        return None
    return out


async def phrase_follow_up(
    provider: PhrasingProvider | None, question: NextQuestion
) -> NextQuestion:
    """`question` with its follow-up reworded by `provider`, or unchanged on any failure."""
    request = FollowUpRequest.from_next_question(question)
    if provider is None or request is None:
        return question
    try:
        text = clean_follow_up(await provider.rephrase_follow_up(request))
    except Exception as exc:  # any provider failure means the rule wording is used
        log.warning("follow-up phrasing fell back to rules: %s", exc)
        return question
    if text is None:
        log.info("follow-up phrasing rejected the model's reply; using rules")
        return question
    return replace(question, question_text=text)


async def phrase_summary(provider: PhrasingProvider | None, request: SummaryRequest) -> str:
    """The summary reworded by `provider`, or the draft on any failure."""
    if provider is None:
        return request.draft
    try:
        text = clean_summary(await provider.rephrase_summary(request), request.draft)
    except Exception as exc:  # any provider failure means the draft is used
        log.warning("summary phrasing fell back to the draft: %s", exc)
        return request.draft
    return text if text is not None else request.draft
