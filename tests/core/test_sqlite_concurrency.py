"""The embedded default under concurrent load (issue 11, docs/adr/0007).

`moodlens serve` on the default set-up (SQLite file, in-process jobs, local files), driven over
real HTTP and WebSockets: 8 live sessions stream speech and face windows and end while their
streams are still writing, while other clients sign up, answer in writing, end, wait for their
reports and export them, and a second process runs `moodlens migrate` on the same database
file. Checks: no response >= 500, every session ended, every answer stored exactly once, the
migrations succeeded.
"""

from __future__ import annotations

import contextlib
import importlib.util
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile as sf

from moodlens.live.client import LiveClient, frames_of
from tests.embedded_server import EmbeddedServer, embedded_server, run_cli

pytestmark = pytest.mark.models

LIVE_SESSIONS = 8
TYPED_CLIENTS = 2
TYPED_ANSWERS = 2
SIGNUP_CLIENTS = 1
MIGRATE_RUNS = 2
FRAME_MS = 40
SPEECH_S = 3.0
# Hang guards only (the load itself is bounded by the clients' fixed work): a broken server
# must fail the test instead of stalling the suite.
LOAD_DEADLINE_S = 420.0
WAIT_S = 150.0
FACE = {
    "face_present_ratio": 1.0,
    "yaw": 2.0,
    "pitch": -1.0,
    "roll": 0.5,
    "gaze_on_camera": 0.9,
    "movement_energy": 0.02,
    "smile": 0.1,
}


@dataclass
class Ledger:
    """Every HTTP response any client got: (method, path, status, seconds)."""

    rows: list[tuple[str, str, int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, response: httpx.Response) -> None:
        response.read()
        row = (
            response.request.method,
            response.request.url.path,
            response.status_code,
            response.elapsed.total_seconds(),
        )
        with self.lock:
            self.rows.append(row)

    @contextlib.contextmanager
    def client(self, base: str) -> Iterator[httpx.Client]:
        with httpx.Client(base_url=base, timeout=120, event_hooks={"response": [self.record]}) as c:
            yield c


@dataclass
class Outcome:
    """What a client did, to check against the database afterwards."""

    session_id: str
    answered: list[str] = field(default_factory=list)  # question ids, in order
    stream_errors: list[dict[str, Any]] = field(default_factory=list)


def _speech() -> np.ndarray:
    spec = importlib.util.find_spec("moonshine_cpp")
    assert spec is not None and spec.origin is not None
    wav, rate = sf.read(Path(spec.origin).parent / "test-data" / "beckett.wav", dtype="float32")
    assert rate == 16_000
    return np.concatenate([wav[: int(SPEECH_S * rate)], np.zeros(rate, dtype=np.float32)])


def _account(c: httpx.Client, prefix: str) -> dict[str, str]:
    r = c.post(
        "/v1/auth/signup",
        json={
            "email": f"{prefix}-{secrets.token_hex(5)}@example.com",
            "password": f"steady practice {secrets.token_hex(4)}",
            "full_name": prefix.title(),
        },
    )
    assert r.status_code == 201, r.text
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    text = c.get("/v1/consents/current").json()
    accepted = c.post(
        "/v1/users/me/consents",
        headers=headers,
        json={"consent_version": text["version"], "scopes": [s["id"] for s in text["scopes"]]},
    )
    assert accepted.status_code == 201, accepted.text
    return headers


def _started_session(c: httpx.Client, headers: dict[str, str]) -> str:
    listed = c.get("/v1/templates", headers=headers, params={"role_track": "sde"}).json()
    template = listed[0] if isinstance(listed, list) else listed["items"][0]
    created = c.post(
        "/v1/sessions",
        headers=headers,
        json={"template_id": template["id"], "duration_minutes": 10},
    )
    assert created.status_code == 201, created.text
    sid = str(created.json()["id"])
    assert c.post(f"/v1/sessions/{sid}/start", headers=headers).status_code == 200
    return sid


def _next_question(c: httpx.Client, headers: dict[str, str], sid: str) -> str:
    r = c.post(f"/v1/sessions/{sid}/questions/next", headers=headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _wait(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {WAIT_S:.0f} s")
        time.sleep(0.3)


def _live_client(ledger: Ledger, base: str, speech: np.ndarray, out: list[Outcome]) -> None:
    """Answer one question by voice at real-time pace, then end the session while the
    stream is still sending face windows and audio (as a browser does)."""
    with ledger.client(base) as c:
        headers = _account(c, "live")
        sid = _started_session(c, headers)
        outcome = Outcome(sid)
        out.append(outcome)
        qid = _next_question(c, headers, sid)
        stream = LiveClient(base.replace("http://", "ws://"), sid, headers["Authorization"][7:])
        stream.connect()
        stream.event("question_shown", qid, 0)
        stream.event("answer_started", qid, 20)
        start = time.perf_counter()
        last_ms = 0.0
        for offset_ms, chunk in frames_of(speech, FRAME_MS):
            stream.send_audio(chunk, offset_ms + 20)
            if int(offset_ms) % 500 == 0:
                stream.face(offset_ms + 20, FACE)
            stream.drain(0)
            delay = start + (offset_ms + FRAME_MS) / 1000 - time.perf_counter()
            if delay > 0:
                stream.drain(delay)
            last_ms = offset_ms + 20
        stream.event("answer_ended", qid, last_ms + FRAME_MS)
        saved = stream.wait_for(lambda m: m["type"] in ("answer_saved", "error"), WAIT_S)
        outcome.stream_errors += [m for m in stream.received if m["type"] == "error"]
        assert saved["type"] == "answer_saved", saved
        outcome.answered.append(qid)

        # Keep streaming (silence and face windows) while ending, so the pipeline's signal
        # rows and the end's UPDATE meet, as in the reported failure.
        stop = threading.Event()

        def keep_streaming() -> None:
            t_ms = last_ms + 2 * FRAME_MS
            silence = np.zeros(16 * FRAME_MS, dtype=np.float32)
            with contextlib.suppress(Exception):
                while not stop.is_set():
                    stream.send_audio(silence, t_ms)
                    if int(t_ms) % 500 < FRAME_MS:
                        stream.face(t_ms, FACE)
                    t_ms += FRAME_MS
                    stream.drain(FRAME_MS / 1000)

        streamer = threading.Thread(target=keep_streaming)
        streamer.start()
        try:
            time.sleep(1.5)  # a flush of the live signal rows falls inside this stretch
            ended = c.post(f"/v1/sessions/{sid}/end", headers=headers)
            assert ended.status_code == 200, ended.text
        finally:
            stop.set()
            streamer.join(timeout=30)
            stream.close()


def _typed_client(ledger: Ledger, base: str, out: list[Outcome]) -> None:
    """Answer in writing, end, wait for the report, export it as CSV and all data as a zip."""
    with ledger.client(base) as c:
        headers = _account(c, "typed")
        sid = _started_session(c, headers)
        outcome = Outcome(sid)
        out.append(outcome)
        for i in range(TYPED_ANSWERS):
            qid = _next_question(c, headers, sid)
            now = datetime.now(UTC)
            answer = c.post(
                f"/v1/sessions/{sid}/responses",
                headers=headers,
                json={
                    "question_id": qid,
                    "transcript_text": (
                        f"In my last project I led {i + 2} engineers through a migration; I "
                        "planned the cut-over, wrote the rollback steps and we cut latency "
                        "by 40 percent."
                    ),
                    "started_at": (now - timedelta(seconds=30)).isoformat(),
                    "ended_at": now.isoformat(),
                },
            )
            assert answer.status_code == 201, answer.text
            outcome.answered.append(qid)
        assert c.post(f"/v1/sessions/{sid}/end", headers=headers).status_code == 200

        def report_ready() -> bool:
            r = c.get(f"/v1/sessions/{sid}/report", headers=headers)
            assert r.status_code in (200, 202), r.text
            assert r.json().get("status") != "failed", r.text
            return r.status_code == 200

        _wait(report_ready, f"the report of {sid}")
        for path, body in (
            (f"/v1/sessions/{sid}/export", {"export_type": "csv"}),
            ("/v1/users/me/export", None),
        ):
            requested = c.post(path, headers=headers, json=body)
            assert requested.status_code in (200, 201, 202), requested.text
            export_id = requested.json()["export_id"]

            def export_ready(export_id: str = export_id) -> bool:
                r = c.get(f"/v1/exports/{export_id}", headers=headers)
                assert r.status_code == 200, r.text
                assert r.json()["status"] != "failed", r.text
                return bool(r.json()["status"] == "ready")

            _wait(export_ready, f"export {export_id}")


def _sign_ups(ledger: Ledger, base: str, done: threading.Event, count: list[int]) -> None:
    with ledger.client(base) as c:
        while not done.is_set():
            _account(c, "signup")
            count.append(1)


def _run(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.start()
    deadline = time.monotonic() + LOAD_DEADLINE_S
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "clients still running after the deadline"


def _stored_answers(server: EmbeddedServer) -> dict[str, list[str]]:
    with contextlib.closing(sqlite3.connect(f"file:{server.sqlite_path}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT session_id, question_id FROM responses").fetchall()
    stored: dict[str, list[str]] = {}
    for session_id, question_id in rows:
        stored.setdefault(str(uuid.UUID(str(session_id))), []).append(
            str(uuid.UUID(str(question_id)))
        )
    return stored


def test_embedded_default_under_concurrent_live_load(tmp_path: Path) -> None:
    with embedded_server(tmp_path / "var") as server:
        ledger = Ledger()
        speech = _speech()
        live: list[Outcome] = []
        typed: list[Outcome] = []
        errors: list[BaseException] = []
        signed_up: list[int] = []
        done = threading.Event()
        cli: dict[str, int] = {}

        def guarded(fn: Callable[..., None], *args: Any) -> threading.Thread:
            def run() -> None:
                try:
                    fn(*args)
                except BaseException as exc:
                    errors.append(exc)

            return threading.Thread(target=run)

        def second_process() -> None:
            # A second terminal migrating the same file while the server runs (as `make run`
            # does when the server from an earlier one is still up): the migration takes the
            # write lock from its first statement.
            for run in range(MIGRATE_RUNS):
                result = run_cli(server.env, "migrate")
                cli[f"migrate {run + 1}"] = result.returncode
                assert result.returncode == 0, result.stderr[-3000:]

        clients = [
            guarded(_live_client, ledger, server.url, speech, live) for _ in range(LIVE_SESSIONS)
        ]
        clients += [guarded(_typed_client, ledger, server.url, typed) for _ in range(TYPED_CLIENTS)]
        clients.append(guarded(second_process))
        signups = [
            guarded(_sign_ups, ledger, server.url, done, signed_up) for _ in range(SIGNUP_CLIENTS)
        ]
        started = time.perf_counter()
        for t in signups:
            t.start()
        try:
            _run(clients)
        finally:
            done.set()
            for t in signups:
                t.join(timeout=WAIT_S)
        wall = time.perf_counter() - started

        with contextlib.closing(
            sqlite3.connect(f"file:{server.sqlite_path}?mode=ro", uri=True)
        ) as db:
            session_status = {
                str(uuid.UUID(str(sid))): (status, ended)
                for sid, status, ended in db.execute("SELECT id, status, ended_at FROM sessions")
            }
        stored = _stored_answers(server)
        log = server.log_path.read_text(errors="replace")

    server_errors = [row for row in ledger.rows if row[2] >= 500]
    slowest = sorted(ledger.rows, key=lambda row: -row[3])[:3]
    print(
        f"\nsqlite load: {len(ledger.rows)} requests in {wall:.0f} s, {len(signed_up)} extra "
        f"sign-ups, slowest {[(r[0], r[1].split('/')[-1], round(r[3], 1)) for r in slowest]}, "
        f"lock waits logged {log.count('for the SQLite write lock')}"
    )
    assert not errors, errors
    assert cli == {f"migrate {run + 1}": 0 for run in range(MIGRATE_RUNS)}, cli
    assert server_errors == [], server_errors
    assert "database is locked" not in log
    assert len(live) == LIVE_SESSIONS and len(typed) == TYPED_CLIENTS
    for outcome in live + typed:
        assert outcome.stream_errors == [], outcome.stream_errors
        status, ended_at = session_status[outcome.session_id]
        assert status == "completed" and ended_at is not None, (outcome.session_id, status)
        # Exactly once: the same questions, none missing, none twice.
        assert sorted(stored.get(outcome.session_id, [])) == sorted(outcome.answered), outcome
