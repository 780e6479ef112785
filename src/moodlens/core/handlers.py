"""Render every failure as {"error", "detail"} JSON; nothing expected becomes a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from moodlens.core.errors import MoodLensError

log = logging.getLogger("moodlens.errors")

_HTTP_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
}


def _loc(parts: tuple[int | str, ...] | list[int | str]) -> str:
    return ".".join(str(p) for p in parts)


def _validation_message(errors: list[dict[str, object]]) -> str:
    first = errors[0]
    loc = first.get("loc", ())
    where = _loc(loc) if isinstance(loc, tuple | list) else str(loc)
    if first.get("type") == "json_invalid":
        return "The request body is not valid JSON."
    return f"{where}: {first.get('msg')}" + (
        f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MoodLensError)
    async def _domain(_: Request, exc: MoodLensError) -> JSONResponse:
        body: dict[str, object] = {"error": type(exc).__name__, "detail": exc.detail}
        if exc.field:
            body["fields"] = [{"loc": exc.field, "msg": exc.detail}]
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        fields = [{"loc": _loc(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in errors]
        return JSONResponse(
            {"error": "ValidationError", "detail": _validation_message(errors), "fields": fields},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No such endpoint: {request.method} {request.url.path}"
        return JSONResponse(
            {"error": _HTTP_NAMES.get(exc.status_code, "HTTPError"), "detail": str(detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": "InternalError", "detail": "Something went wrong on our side; it is logged."},
            status_code=500,
        )
