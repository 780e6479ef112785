"""Browser hardening headers on every HTTP response: a Content-Security-Policy, nosniff, no
framing, no referrer.

The policy is what the built client needs and no more:
- scripts and the AudioWorklet module from our origin only; 'wasm-unsafe-eval' lets tfjs
  compile its WebAssembly backend (face analysis) without allowing eval of JavaScript;
- workers from our origin or blob: (tfjs may start its wasm threads from a blob);
- images from our origin, data: (inline icons, chart exports) and blob:;
- inline style attributes (React and the charts set element styles), no inline scripts;
- fetch/WebSocket to our origin only ('self' covers ws:/wss: on the same host);
- never framed (frame-ancestors 'none', clickjacking), no plugins, forms post to us only.
The API docs pages (/docs, /redoc) load Swagger UI / ReDoc from their CDN with an inline
bootstrap script, so they get a policy that allows exactly that.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "worker-src 'self' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {_DOCS_CDN}",
        f"style-src 'self' 'unsafe-inline' {_DOCS_CDN} https://fonts.googleapis.com",
        "font-src 'self' https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com",
        f"worker-src 'self' blob: {_DOCS_CDN}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)
_DOCS_PATHS = ("/docs", "/redoc")

COMMON_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Report and share links must not leak to other sites through the Referer header.
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    # Camera and microphone for this origin only (the interview room); nothing else.
    (b"permissions-policy", b"camera=(self), microphone=(self), geolocation=(), payment=()"),
]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        policy = DOCS_POLICY if path.startswith(_DOCS_PATHS) else APP_POLICY
        added = [*COMMON_HEADERS, (b"content-security-policy", policy.encode())]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in added if h[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
