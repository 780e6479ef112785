"""`jobs.run_after_commit`, the job-side twin of the request's after-commit hooks, and
enqueueing by task name (how services send jobs without importing their tasks modules)."""

from __future__ import annotations

import pytest
from taskiq import BrokerMessage, InMemoryBroker

from moodlens import jobs
from moodlens.core.deps import AfterCommit
from moodlens.jobs import UnknownTask, enqueue_after_commit, run_after_commit, task_named


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


@pytest.mark.sqlite
def test_every_job_of_the_jobs_table_is_found_by_its_name() -> None:
    names = (
        "reports.build",
        "reports.export",
        "privacy.hard_delete",
        "privacy.export_user_data",
        "privacy.retention_sweep",
        "interview_sessions.close_overdue",
    )
    assert [task_named(name).task_name for name in names] == list(names)


@pytest.mark.sqlite
def test_an_unknown_task_name_fails_when_enqueued_not_after_the_commit() -> None:
    after: AfterCommit = []
    with pytest.raises(UnknownTask, match=r"reports\.bulid"):
        enqueue_after_commit(after, "reports.bulid", "x")
    assert after == []


@pytest.mark.sqlite
async def test_a_job_enqueued_by_name_is_sent_only_once_the_commit_callbacks_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not isinstance(jobs.broker, InMemoryBroker):
        pytest.skip("MOODLENS_REDIS_URL is set: the message would go to a real queue")
    sent: list[BrokerMessage] = []

    async def keep(message: BrokerMessage) -> None:
        sent.append(message)

    # The broker's own transport is replaced, not our code: the message stays here.
    monkeypatch.setattr(jobs.broker, "kick", keep)
    after: AfterCommit = []
    enqueue_after_commit(after, "reports.build", "0b7e6a0c-0000-4000-8000-000000000001")
    assert sent == []
    await run_after_commit(after)
    assert [m.task_name for m in sent] == ["reports.build"]
    assert b"0b7e6a0c-0000-4000-8000-000000000001" in sent[0].message
