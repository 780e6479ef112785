"""Reject text PostgreSQL cannot store before any endpoint sees it.

PostgreSQL text columns cannot hold the NUL character (U+0000): an answer, a name or a
template title containing one failed at INSERT time as a 500. No field of ours means anything
with NUL, so one check on every JSON body and query string answers 422 instead, naming the
field, whatever the endpoint.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

NUL_MESSAGE = "Text cannot contain the NUL character (\\u0000); remove it and send again."

# A JSON escape \u0000 that is not itself an escaped backslash followed by "u0000".
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _nul_path(value: Any, path: list[str]) -> list[str] | None:
    """Where the first NUL sits in a decoded JSON value (keys count too)."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return path
            found = _nul_path(item, [*path, key])
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, [*path, str(index)])
            if found is not None:
                return found
    return None


def body_nul_location(body: bytes) -> str | None:
    """`body.<field>` holding a NUL, or None. A body that is not JSON is left to the
    endpoint's own validation (it reports that better)."""
    if b"\x00" not in body and not _ESCAPED_NUL.search(body):
        return None
    try:
        decoded = json.loads(body)
    except ValueError:
        return None
    found = _nul_path(decoded, ["body"])
    return ".".join(found) if found is not None else None


def query_nul_location(query_string: bytes) -> str | None:
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if "\x00" in key or "\x00" in value:
            return f"query.{key.replace(chr(0), '')}"
    return None


class NulTextGuardMiddleware:
    """422 for a NUL in a JSON body or the query string (pure ASGI: the body is buffered only
    for JSON requests, which the size guard already bounds, and replayed unchanged)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = query_nul_location(scope.get("query_string", b""))
        if where is not None:
            await _reject(send, where)
            return
        headers = dict(scope.get("headers") or [])
        ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if not (ctype == b"application/json" or ctype.endswith(b"+json")):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                # The client left; let the app see that as it would have.
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        where = body_nul_location(body)
        if where is not None:
            await _reject(send, where)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body}], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    async def replayed() -> Message:
        if messages:
            return messages.pop(0)
        return await receive()

    return replayed


async def _reject(send: Send, where: str) -> None:
    body = json.dumps(
        {
            "error": "ValidationError",
            "detail": f"{where}: {NUL_MESSAGE}",
            "fields": [{"loc": where, "msg": NUL_MESSAGE}],
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
