"""Serve the built web client at / with an SPA fallback; the API stays under /v1."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

_API_PREFIXES = ("/v1/", "/healthz", "/readyz", "/metrics", "/docs", "/openapi.json", "/redoc")

_NOT_BUILT = """<!doctype html><meta charset=utf-8><title>MoodLens</title>
<p>The web client is not built. Run <code>make run</code>
(or <code>npm run build --prefix web</code>).
The API is available under <a href="/docs">/docs</a>.</p>"""


def mount_web_client(app: FastAPI, dist: Path) -> None:
    dist = dist.resolve()
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if request.url.path.startswith(_API_PREFIXES):
            return JSONResponse(
                {"error": "NotFound", "detail": f"No such endpoint: GET {request.url.path}"},
                status_code=404,
            )
        candidate = (dist / path).resolve()
        if path and dist in candidate.parents and candidate.is_file():
            return FileResponse(candidate)
        index = dist / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return HTMLResponse(_NOT_BUILT, status_code=503)
