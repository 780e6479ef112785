"""`jobs.run_after_commit`: the job-side twin of the request's after-commit hooks."""

from __future__ import annotations

import pytest

from moodlens.core.deps import AfterCommit
from moodlens.jobs import run_after_commit


@pytest.mark.sqlite
async def test_every_callback_runs_even_after_a_failure_then_the_first_error_is_raised() -> None:
    ran: list[str] = []

    def callback(name: str, fail: bool = False) -> AfterCommit:
        async def _run() -> None:
            ran.append(name)
            if fail:
                raise RuntimeError(f"{name} failed")

        return [_run]

    callbacks = [
        *callback("a"),
        *callback("b", fail=True),
        *callback("c"),
        *callback("d", fail=True),
    ]
    with pytest.raises(RuntimeError, match="b failed"):
        await run_after_commit(callbacks)
    assert ran == ["a", "b", "c", "d"]  # one lost enqueue does not lose the others
    await run_after_commit([])
