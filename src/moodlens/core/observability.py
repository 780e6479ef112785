"""JSON logs with request ids, Prometheus metrics, and a request body size guard."""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
import uuid
from typing import Any

from prometheus_client import Counter, Histogram
from sqlalchemy.exc import StatementError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from moodlens.core.request_context import current_request_id, set_request_id

REQUESTS = Counter("moodlens_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("moodlens_http_request_seconds", "HTTP request latency", ["method", "route"])


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = current_request_id()
        if rid:
            entry["request_id"] = rid
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            entry.update(extra)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if isinstance(ei, tuple) else None
        if isinstance(exc, BaseException) and _has_db_error(exc):
            return _scrubbed_db_traceback(exc)
        return super().formatException(ei)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _has_db_error(exc: BaseException) -> bool:
    return any(isinstance(e, StatementError) for e in _chain(exc))


def _scrubbed_db_traceback(exc: BaseException) -> str:
    """A database error's traceback without the values it was about. The driver's text (e.g.
    PostgreSQL's 'DETAIL: Key (email)=(...) already exists') quotes stored data, so each
    exception in the chain is shown by its class, the SQL statement and the SQLSTATE only."""
    parts: list[str] = []
    for e in reversed(_chain(exc)):
        frames = "".join(traceback.format_tb(e.__traceback__))
        line = f"{type(e).__module__}.{type(e).__qualname__}"
        if isinstance(e, StatementError):
            line += f" [SQL: {e.statement}]"
        sqlstate = getattr(e, "sqlstate", None) or getattr(
            getattr(e, "orig", None), "sqlstate", None
        )
        if sqlstate:
            line += f" [SQLSTATE {sqlstate}]"
        parts.append(f"Traceback (most recent call last):\n{frames}{line} (values not logged)")
    return "\n\n".join(parts)


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.handlers = [handler]
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True  # replaced by our request log


access_log = logging.getLogger("moodlens.access")


class RequestContextMiddleware:
    """Request id (echoed in X-Request-ID), access log line, metrics. Pure ASGI so that
    WebSockets and streaming responses pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        set_request_id(rid)
        start = time.perf_counter()
        status_holder = {"status": 0}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            if scope["type"] == "http":
                elapsed = time.perf_counter() - start
                route = scope.get("route")
                route_path = getattr(route, "path", "unmatched")
                REQUESTS.labels(scope["method"], route_path, str(status_holder["status"])).inc()
                LATENCY.labels(scope["method"], route_path).observe(elapsed)
                access_log.info(
                    "request",
                    extra={
                        "fields": {
                            "method": scope["method"],
                            "path": scope["path"],
                            "status": status_holder["status"],
                            "ms": round(elapsed * 1000, 1),
                        }
                    },
                )


class BodySizeLimitMiddleware:
    """Reject bodies over the limit before reading them whole (413 as JSON)."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        ctype = headers.get(b"content-type", b"").decode("latin-1")
        limit = (
            self.upload_max_bytes
            if ctype.startswith(("multipart/", "application/octet-stream"))
            else self.max_bytes
        )
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _reject(send, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _reject(send, limit)


class _TooLarge(Exception):
    pass


async def _reject(send: Send, limit: int) -> None:
    body = json.dumps(
        {"error": "PayloadTooLarge", "detail": f"The request body exceeds {limit} bytes."}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
