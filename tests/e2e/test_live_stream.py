"""The live WebSocket against the real server: auth, sequence handling, cues, transcripts,
stored answers and signal rows. Real VAD and ASR models run on a real recording."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import soundfile as sf
from websockets.exceptions import ConnectionClosed

from moodlens.live.client import LiveClient, frames_of
from moodlens.live.frames import encode_audio_frame
from tests.e2e.accounts import Account, db_dsn, new_account, new_session

pytestmark = pytest.mark.e2e


def _beckett() -> Any:
    spec = importlib.util.find_spec("moonshine_cpp")
    assert spec is not None and spec.origin is not None
    samples, sr = sf.read(Path(spec.origin).parent / "test-data" / "beckett.wav", dtype="float32")
    assert sr == 16000
    return samples


def _user(base: str) -> Account:
    return new_account(base, prefix="live", full_name="Live", consent="all")


def _live_session(base: str, account: Account, start: bool = True) -> str:
    return new_session(base, account, round_type="behavioral", start=start)


def _client(base: str, session_id: str, headers: dict[str, str]) -> LiveClient:
    token = headers["Authorization"].split()[1]
    return LiveClient(base.replace("http://", "ws://"), session_id, token)


def _closed_with(client: LiveClient) -> int:
    with pytest.raises(ConnectionClosed) as info:
        client.connect()
        assert client.ws is not None
        client.ws.recv(timeout=30)
    rcvd = info.value.rcvd
    assert rcvd is not None
    return rcvd.code


def test_auth_is_the_first_message_and_only_the_owner_of_a_live_session_gets_in(
    live_server: str,
) -> None:
    owner, other = _user(live_server), _user(live_server)
    session = _live_session(live_server, owner)
    assert _closed_with(_client(live_server, session, {"Authorization": "Bearer x" * 3})) == 4401
    assert _closed_with(_client(live_server, session, other.headers)) == 4404
    scheduled = _live_session(live_server, owner, start=False)
    assert _closed_with(_client(live_server, scheduled, owner.headers)) == 4409
    c = _client(live_server, session, owner.headers)
    with pytest.raises(ConnectionClosed) as info:
        c.connect(origin="https://evil.example")
        assert c.ws is not None
        c.ws.recv(timeout=30)
    assert info.value.rcvd is not None and info.value.rcvd.code == 4403


def test_a_spoken_answer_gives_cues_a_transcript_and_a_stored_response(
    live_server: str, e2e_database: str
) -> None:
    account = _user(live_server)
    headers = account.headers
    session = _live_session(live_server, account)
    q = httpx.post(f"{live_server}/v1/sessions/{session}/questions/next", headers=headers).json()
    client = _client(live_server, session, headers)
    assert client.connect() == {
        "type": "ready",
        "last_seq": -1,
        "resumed": False,
        "capture": {"audio": True, "face": True},
    }
    client.event("question_shown", q["id"], 1000)
    client.event("answer_started", q["id"], 1500)
    audio = _beckett()
    for offset_ms, chunk in frames_of(audio, 100):
        t = 2000 + offset_ms
        client.send_audio(chunk, t)
        if int(t) % 500 == 0:
            client.face(
                t,
                {
                    "face_present_ratio": 1.0,
                    "yaw": 2.0,
                    "pitch": -1.0,
                    "roll": 0.5,
                    "gaze_on_camera": 0.9,
                    "movement_energy": 0.01,
                    "smile": 0.2,
                },
            )
        client.drain(0)
    end_ms = 2000 + len(audio) / 16
    client.event("answer_ended", q["id"], end_ms + 300)
    saved = client.wait_for(lambda m: m["type"] == "answer_saved", timeout=90)
    client.close()

    cues = [m for m in client.received if m["type"] == "cue"]
    assert any(c["cue"] == "speaking" for c in cues)
    assert all(c["latency_ms"] < 1000 for c in cues)
    transcripts = [m for m in client.received if m["type"] == "transcript"]
    assert transcripts and all(m["question_id"] == q["id"] for m in transcripts)
    text = saved["transcript"].lower()
    # beckett.wav: "Ever tried, ever failed. No matter. Try again. Fail again. Fail better."
    for word in ("tried", "failed", "matter", "again", "better"):
        assert word in text
    acks = [m["seq"] for m in client.received if m["type"] == "ack"]
    assert acks and acks[-1] == client.seq

    detail = httpx.get(f"{live_server}/v1/sessions/{session}", headers=headers).json()
    answered = [
        r for q_ in detail["questions"] for r in ([q_["response"]] if q_.get("response") else [])
    ]
    assert answered and answered[0]["transcript_text"].lower() == text
    with psycopg.connect(e2e_database.replace("+psycopg", "")) as conn:
        analysis = conn.execute(
            "SELECT analysis_json FROM responses WHERE id = %s", (saved["response_id"],)
        ).fetchone()
        assert analysis is not None
        words = analysis[0]["words"]
        assert len(words) >= 8
        # Word times are session times: inside the audio that was sent.
        assert 1.9 <= words[0]["start"] <= words[-1]["end"] <= end_ms / 1000 + 0.5
        # A poll of the stored rows with a generous ceiling: the writer may lag on a busy box.
        deadline = time.monotonic() + 30
        rows: list[Any] = []
        while time.monotonic() < deadline:
            rows = conn.execute(
                "SELECT t_ms, face_json, speaking, attention_score FROM signal_events "
                "WHERE session_id = %s ORDER BY t_ms",
                (session,),
            ).fetchall()
            if len(rows) >= 9:
                break
            time.sleep(0.5)
    assert len(rows) >= 9  # about one row per second of the ~10 s answer
    assert any(r[2] for r in rows)
    assert any(r[1] and r[1]["face_present_ratio"] == 1.0 for r in rows)


def test_resent_and_out_of_order_messages_are_not_counted_twice(live_server: str) -> None:
    account = _user(live_server)
    headers = account.headers
    session = _live_session(live_server, account)
    client = _client(live_server, session, headers)
    client.connect()
    silence = _beckett()[:1600] * 0
    for i in range(5):
        client.send_audio(silence, 100 * i)
    client.wait_for(lambda m: m["type"] == "ack" and m["seq"] == 4, timeout=30)
    # A gap asks for a resend from the next expected number.
    client.ws.send(encode_audio_frame(7, 700, silence))  # type: ignore[union-attr]
    nack = client.wait_for(lambda m: m["type"] == "nack", timeout=30)
    assert nack["expected"] == 5
    client.close()
    # Reconnect: the server says what it has; resending old numbers is acknowledged only.
    again = _client(live_server, session, headers)
    ready = again.connect()
    assert ready == {
        "type": "ready",
        "last_seq": 4,
        "resumed": True,
        "capture": {"audio": True, "face": True},
    }
    again.send_audio(silence, 300, seq=3)
    dup = again.wait_for(lambda m: m["type"] == "ack", timeout=30)
    assert dup["seq"] == 4
    again.seq = 4
    again.send_audio(silence, 500)
    assert again.wait_for(lambda m: m["type"] == "ack" and m["seq"] == 5, timeout=30)
    # A malformed message is reported and not acknowledged.
    again.ws.send('{"type": "face", "seq": 6, "t_ms": 1, "features": {"face_present_ratio": 7}}')  # type: ignore[union-attr]
    err = again.wait_for(lambda m: m["type"] == "error", timeout=30)
    assert "face_present_ratio" in err["detail"]
    again.close()


def test_the_stream_carries_only_what_the_consent_allows(
    live_server: str, e2e_database: str
) -> None:
    """A microphone-only consent: the socket says so, refuses face windows with one clear
    error (the stream goes on, audio is still acknowledged), and stores no face numbers; the
    offline batch refuses them with a 403."""
    account = new_account(
        live_server, prefix="live-mic", full_name="Mic Only", consent="microphone"
    )
    session = _live_session(live_server, account)
    client = _client(live_server, session, account.headers)
    assert client.connect()["capture"] == {"audio": True, "face": False}
    features = {"face_present_ratio": 1.0, "yaw": 1.0, "pitch": 0.0, "gaze_on_camera": 0.9}
    for i in range(4):
        client.face(1_000 + 500 * i, features)
    refusal = client.wait_for(lambda m: m["type"] == "error", timeout=30)
    assert refusal["error"] == "ConsentRequired" and "camera consent" in refusal["detail"]
    silence = _beckett()[:1600] * 0
    last = client.send_audio(silence, 4_000)
    assert client.wait_for(lambda m: m["type"] == "ack" and m["seq"] >= last, timeout=30)
    assert len([m for m in client.received if m["type"] == "error"]) == 1
    client.close()
    batch = httpx.post(
        f"{live_server}/v1/sessions/{session}/signals/batch",
        headers=account.headers,
        json={"windows": [{"t_ms": 500, "features": {"face_present_ratio": 1.0}}]},
    )
    assert batch.status_code == 403 and batch.json()["error"] == "CameraConsentRequired"
    with psycopg.connect(db_dsn(e2e_database)) as conn:
        faces = conn.execute(
            "SELECT count(*) FROM signal_events WHERE session_id = %s AND face_json IS NOT NULL",
            (session,),
        ).fetchone()
    assert faces == (0,)


def test_signal_batch_is_bounds_checked(live_server: str) -> None:
    account = _user(live_server)
    headers = account.headers
    session = _live_session(live_server, account)
    url = f"{live_server}/v1/sessions/{session}/signals/batch"
    ok = httpx.post(
        url,
        headers=headers,
        json={
            "windows": [
                {"t_ms": 500 * i, "features": {"face_present_ratio": 1.0, "yaw": 1.0, "pitch": 0.0}}
                for i in range(6)
            ]
        },
    )
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"accepted": 6, "stored_seconds": 3}
    late = httpx.post(
        url,
        headers=headers,
        json={"windows": [{"t_ms": 3_600_000, "features": {"face_present_ratio": 1.0}}]},
    )
    assert late.status_code == 422 and "after the session" in late.json()["detail"]
    bad = httpx.post(
        url,
        headers={**headers, "content-type": "application/json"},
        content=b'{"windows": [{"t_ms": 1, "features": {"face_present_ratio": NaN}}]}',
    )
    assert bad.status_code == 422
    too_many = httpx.post(
        url,
        headers=headers,
        json={
            "windows": [{"t_ms": i, "features": {"face_present_ratio": 1.0}} for i in range(721)]
        },
    )
    assert too_many.status_code == 422
