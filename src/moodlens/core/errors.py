"""The one domain error hierarchy; a single handler renders every one of them the same way."""

from __future__ import annotations

from collections.abc import Mapping
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


def error_responses(
    *errors: type[MoodLensError], shared: Mapping[int, str] | None = None
) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the errors an endpoint raises, one entry per status code.

    Errors that share a status code share one OpenAPI entry, so that entry needs one
    description naming each of them and when it happens (`shared`); a shared status without
    one, or a description for a status none of the errors has, is a mistake and raises at
    import time."""
    by_status: dict[int, list[type[MoodLensError]]] = {}
    for error in errors:
        by_status.setdefault(error.status_code, []).append(error)
    described = dict(shared or {})
    if unused := set(described) - set(by_status):
        raise ValueError(f"descriptions for statuses no listed error has: {sorted(unused)}")
    out: dict[int | str, dict[str, Any]] = {}
    for code, group in by_status.items():
        if code in described:
            out[code] = {"model": ErrorBody, "description": described[code]}
        elif len(group) == 1:
            out.update(group[0].openapi())
        else:
            names = ", ".join(e.__name__ for e in group)
            raise ValueError(f"{names} share status {code}: describe them in `shared`")
    return out


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
