"""The optional LLM phrasing provider against a real HTTP server on 127.0.0.1.

The model endpoint is a third-party boundary, so the tests run a tiny OpenAI-compatible
server in a thread and exercise the real httpx client: success, timeout, HTTP errors,
malformed replies, and replies we refuse to show.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from moodlens.coaching.content import load_content
from moodlens.coaching.engine import next_question
from moodlens.coaching.llm import (
    FOLLOW_UP_SYSTEM,
    GAP_INTENT,
    SUMMARY_SYSTEM,
    OpenAICompatibleProvider,
    SummaryRequest,
    build_provider,
    clean_follow_up,
    clean_summary,
    phrase_follow_up,
    phrase_summary,
)
from moodlens.coaching.turns import NextQuestion, Turn
from moodlens.coaching.wording import find_banned_words


class FakeModelServer(ThreadingHTTPServer):
    mode = "ok"
    reply = "You mentioned the composite index. How much faster did search get?"
    delay_s = 0.0

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeModelServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, dict(self.headers), body))
        if self.server.delay_s:
            time.sleep(self.server.delay_s)
        if self.server.mode == "error":
            self._send(500, b'{"error": "overloaded"}')
        elif self.server.mode == "garbage":
            self._send(200, b"<html>not json</html>")
        else:
            reply = {"choices": [{"message": {"role": "assistant", "content": self.server.reply}}]}
            self._send(200, json.dumps(reply).encode())

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[FakeModelServer]:
    srv = FakeModelServer()
    srv.block_on_close = False
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _follow_up() -> NextQuestion:
    q = load_content().question("sde-behavioral-07")
    assert q is not None
    answer = (
        "In my previous role our search endpoint was getting slow as the catalogue grew. "
        "I was on call for that service, so I took it on. I looked at the query plan and "
        "I added a composite index on category and popularity."
    )
    turn = Turn(q.text, "template", q.id, None, 0.0, answer, 60.0)
    r = next_question("sde-behavioral-medium", 20, [turn], seed=3, elapsed_s=80)
    assert isinstance(r, NextQuestion) and r.kind == "follow_up"
    return r


async def test_follow_up_is_rephrased_through_the_endpoint(server: FakeModelServer) -> None:
    provider = OpenAICompatibleProvider(server.url, "tiny-local", api_key="secret", timeout_s=3)
    draft = _follow_up()
    out = await phrase_follow_up(provider, draft)
    await provider.aclose()

    assert out.question_text == server.reply
    assert replace(out, question_text=draft.question_text) == draft
    (path, headers, body) = server.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer secret"
    assert body["model"] == "tiny-local"
    system, user = body["messages"]
    assert system == {"role": "system", "content": FOLLOW_UP_SYSTEM}
    assert draft.question_text in user["content"]
    assert "composite index" in user["content"]
    assert GAP_INTENT["missing_result"] in user["content"]
    assert find_banned_words(system["content"] + user["content"]) == []


async def test_timeout_falls_back_to_rule_wording_quickly(server: FakeModelServer) -> None:
    # The reply would come after 30 s; giving up at the 0.3 s timeout is far inside that,
    # even on a loaded machine (a tight wall-clock bound here failed at load 17).
    server.delay_s = 30.0
    provider = OpenAICompatibleProvider(server.url, "tiny-local", timeout_s=0.3)
    draft = _follow_up()
    started = time.monotonic()
    out = await phrase_follow_up(provider, draft)
    took = time.monotonic() - started
    await provider.aclose()
    assert out == draft
    assert took < 15.0
    # Never retried. (On a loaded machine the server thread may not have read the request
    # before the client gave up, so "exactly one recorded" would be a race.)
    assert len(server.requests) <= 1


@pytest.mark.parametrize(
    ("mode", "reply"),
    [
        ("error", ""),
        ("garbage", ""),
        ("ok", "You seemed nervous there. What was the result?"),  # inner-state label
        ("ok", "Tell me more about the index."),  # not a question
        ("ok", "What changed?\nAlso, what did you learn?"),  # more than one line
        ("ok", "Why? " * 80),  # far too long
    ],
)
async def test_unusable_replies_fall_back(server: FakeModelServer, mode: str, reply: str) -> None:
    server.mode, server.reply = mode, reply
    provider = OpenAICompatibleProvider(server.url, "tiny-local", timeout_s=3)
    draft = _follow_up()
    assert await phrase_follow_up(provider, draft) == draft
    await provider.aclose()


async def test_unreachable_endpoint_falls_back() -> None:
    provider = OpenAICompatibleProvider("http://127.0.0.1:9/v1", "tiny-local", timeout_s=1)
    draft = _follow_up()
    assert await phrase_follow_up(provider, draft) == draft
    await provider.aclose()


async def test_off_by_default_and_main_questions_untouched(server: FakeModelServer) -> None:
    assert build_provider(None, "tiny-local") is None
    assert build_provider(server.url, None) is None
    assert build_provider("", "") is None
    draft = _follow_up()
    assert await phrase_follow_up(None, draft) == draft

    main = next_question("sde-behavioral-medium", 20, [], seed=1)
    assert isinstance(main, NextQuestion)
    provider = build_provider(server.url, "tiny-local", timeout_s=3)
    assert isinstance(provider, OpenAICompatibleProvider)
    assert await phrase_follow_up(provider, main) == main
    await provider.aclose()
    assert server.requests == []


async def test_summary_is_rephrased_or_falls_back(server: FakeModelServer) -> None:
    request = SummaryRequest(
        draft="Structure 72. Your answers had clear actions; results were missing twice.",
        strengths=["clear actions"],
        improvements=["state the result with a number"],
    )
    server.reply = "Your answers set out clear actions. Twice the result was missing."
    provider = OpenAICompatibleProvider(server.url, "tiny-local", timeout_s=3)
    assert await phrase_summary(provider, request) == server.reply
    body = server.requests[0][2]
    assert body["messages"][0]["content"] == SUMMARY_SYSTEM
    assert "state the result with a number" in body["messages"][1]["content"]

    server.delay_s = 2.0
    slow = OpenAICompatibleProvider(server.url, "tiny-local", timeout_s=0.3)
    assert await phrase_summary(slow, request) == request.draft
    assert await phrase_summary(None, request) == request.draft
    await provider.aclose()
    await slow.aclose()


def test_output_checks() -> None:
    assert clean_follow_up('  "What was the result?"  ') == "What was the result?"
    assert clean_follow_up("How did you feel about it?") is None
    assert clean_follow_up("") is None
    draft = "Confidence delivery 60: steady pace."
    assert clean_summary("Confidence delivery was 60 with a steady pace.", draft) is not None
    assert clean_summary("You seemed nervous but kept a steady pace.", draft) is None


def test_prompts_never_ask_for_inner_states() -> None:
    texts = [FOLLOW_UP_SYSTEM, SUMMARY_SYSTEM, *GAP_INTENT.values()]
    assert all(find_banned_words(t) == [] for t in texts)
