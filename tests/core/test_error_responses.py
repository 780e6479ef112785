"""`error_responses` documents an endpoint's errors from the classes themselves: one OpenAPI
entry per status code, and errors sharing a code must say together what each one means."""

from __future__ import annotations

import pytest

from moodlens.core.errors import Conflict, ErrorBody, Forbidden, NotFound, error_responses


class _Missing(NotFound):
    """The thing is not there."""


class _NotYours(Forbidden):
    """Someone else's."""


class _Locked(Forbidden):
    """Locked for now."""


class _Busy(Conflict):
    """Busy."""


def test_each_error_documents_its_own_status_and_docstring() -> None:
    assert error_responses(_Missing, _Busy) == {
        404: {"model": ErrorBody, "description": "The thing is not there."},
        409: {"model": ErrorBody, "description": "Busy."},
    }


def test_errors_sharing_a_status_get_one_entry_with_the_given_description() -> None:
    out = error_responses(_Missing, _NotYours, _Locked, shared={403: "_NotYours or _Locked."})
    assert list(out) == [404, 403]
    assert out[403] == {"model": ErrorBody, "description": "_NotYours or _Locked."}


def test_a_shared_status_without_a_description_is_refused() -> None:
    with pytest.raises(ValueError, match="_NotYours, _Locked share status 403"):
        error_responses(_NotYours, _Locked)


def test_a_description_for_a_status_no_error_has_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[409\]"):
        error_responses(_Missing, shared={409: "nothing raises this"})
