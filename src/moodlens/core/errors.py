"""The one domain error hierarchy; a single handler renders every one of them the same way."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel


class MoodLensError(Exception):
    """Base for every expected failure: rendered as {"error": <class name>, "detail": message}."""

    status_code: ClassVar[int] = 400
    headers: dict[str, str] | None = None
    # The request field the message is about, so clients can show it next to that input.
    field: str | None = None

    def __init__(
        self, detail: str, *, headers: dict[str, str] | None = None, field: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        self.field = field

    @classmethod
    def openapi(cls) -> dict[int | str, dict[str, Any]]:
        """`responses=` entry so endpoints document the errors they raise."""
        return {cls.status_code: {"model": ErrorBody, "description": cls.__doc__ or cls.__name__}}


class BadRequest(MoodLensError):
    """The request cannot be processed as sent."""

    status_code = 400


class Unauthorized(MoodLensError):
    """Authentication is missing or no longer valid."""

    status_code = 401

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(MoodLensError):
    """Authenticated, but not allowed to do this."""

    status_code = 403


class NotFound(MoodLensError):
    """The resource does not exist (or belongs to someone else)."""

    status_code = 404


class Conflict(MoodLensError):
    """The resource is not in a state that allows this."""

    status_code = 409


class PayloadTooLarge(MoodLensError):
    """The request body is larger than allowed."""

    status_code = 413


class TooManyRequests(MoodLensError):
    """Too many attempts; wait before trying again."""

    status_code = 429

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))})


class NotImplementedYet(MoodLensError):
    """Part of the API contract that this release does not provide."""

    status_code = 501


class ServiceUnavailable(MoodLensError):
    """A component the request needs is not available."""

    status_code = 503


class FieldError(BaseModel):
    loc: str
    msg: str


class ErrorBody(BaseModel):
    error: str
    detail: str
    fields: list[FieldError] | None = None
