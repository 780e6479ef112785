"""One live session's state: sequence numbers, face windows, answers, speech, persistence."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import defaultdict
from typing import Any

from fastapi import WebSocket
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moodlens.core.errors import MoodLensError
from moodlens.live import metrics as live_metrics
from moodlens.live.answers import AnswerState, Piece, store_answer, voice_variety
from moodlens.live.attention import AttentionCues
from moodlens.live.audio import AudioServices, AudioTrack, Utterance
from moodlens.live.consent import NOTHING, REFUSAL, CaptureConsent
from moodlens.live.frames import AudioFrame
from moodlens.live.messages import server_message
from moodlens.live.schemas import EventMessage, FaceMessage
from moodlens.live.signal_rows import (
    SecondBucket,
    build_rows,
    series_at_seconds,
    to_face_window,
    upsert_rows,
)
from moodlens.models import InterviewSession
from moodlens.signals.face import FaceParams, FaceWindow

log = logging.getLogger("moodlens.live")
# The oldest utterance without a transcript for this long: tell the candidate it is coming.
BEHIND_CUE_AFTER_S = 4.0


class LivePipeline:
    def __init__(
        self,
        session: InterviewSession,
        maker: async_sessionmaker[AsyncSession],
        audio: AudioServices,
    ) -> None:
        assert session.started_at is not None
        self.session_id = session.id
        self.user_id = session.user_id
        self.started_at = session.started_at
        self._maker = maker
        self.websocket: WebSocket | None = None
        self.last_seen = time.monotonic()
        self.last_seq = -1
        self._buckets: dict[int, SecondBucket] = defaultdict(SecondBucket)
        self._dirty: set[int] = set()
        self._faces: list[FaceWindow] = []
        self._face_params = FaceParams()
        self._attention = AttentionCues()
        self._shown: dict[uuid.UUID, float] = {}
        self._answer: AnswerState | None = None
        # Pieces closed while no answer was open, waiting for the next answer_started.
        self._unclaimed: list[Piece] = []
        # Pieces whose transcript is not out yet, oldest first (for the backlog cue).
        self._unfinished: dict[int, Piece] = {}
        self._behind_cue_sent = False
        self._last_transcript_ms = 0
        self._answer_tasks: set[asyncio.Task[None]] = set()
        self.audio: AudioTrack = audio.new_track()
        # Nothing is captured until the hub hands over the consent read at connect.
        self.consent: CaptureConsent = NOTHING
        self._refused: set[str] = set()

    def use_consent(self, consent: CaptureConsent) -> None:
        """What this connection may carry (read at each connect)."""
        self.consent = consent
        self._refused = set()

    async def _refuse(self, kind: str) -> None:
        # Once per kind and connection: a refused stream sends many frames a second.
        if kind in self._refused:
            return
        self._refused.add(kind)
        await self.send({"type": "error", "error": "ConsentRequired", "detail": REFUSAL[kind]})

    # --- sequence --------------------------------------------------------------------------

    def accept_seq(self, seq: int) -> str:
        """ "new" (process it), "duplicate" (already counted) or "gap" (ask for a resend)."""
        if seq <= self.last_seq:
            return "duplicate"
        if seq != self.last_seq + 1:
            return "gap"
        self.last_seq = seq
        return "new"

    async def send(self, message: dict[str, Any]) -> None:
        # Checked against the protocol's schema (live/messages.py): a send site that drifts
        # from what the client is generated from fails here, loudly, not in the browser.
        body = server_message(message)
        ws = self.websocket
        if ws is None:
            return  # the client reconnects and gets transcripts through the stored answers
        try:
            await ws.send_json(body)
        except Exception:
            log.info(
                "live send failed; client gone", extra={"fields": {"session": str(self.session_id)}}
            )

    # --- audio -----------------------------------------------------------------------------

    async def on_audio(self, frame: AudioFrame, received: float) -> None:
        if not self.consent.audio:
            # Dropped before any analysis: no VAD, no transcript, no stored number.
            await self._refuse("audio")
            return
        update = self.audio.feed(frame)
        for cue in update.cues:
            cue["latency_ms"] = round((time.perf_counter() - received) * 1000, 2)
            # The frame that caused it: clients time the whole round trip from their send.
            cue["seq"] = frame.seq
            await self.send({"type": "cue", **cue})
        for second, state in update.seconds.items():
            bucket = self._buckets[second]
            bucket.speaking = state.speaking
            bucket.volume_dbfs = state.volume_dbfs
            bucket.pace_wpm, bucket.fillers_in_window = self.audio.second_pace(second)
            self._dirty.add(second)
        for utt in update.utterances:
            self._schedule(utt, self._answer)
        await self._backlog_cue()

    def _schedule(self, utt: Utterance, answer: AnswerState | None) -> None:
        piece = Piece(utt, answer)
        if answer is None:
            self._unclaimed.append(piece)
        else:
            answer.pieces.append(piece)
        piece.task = asyncio.create_task(self._transcribe(piece))
        self._unfinished[utt.uid] = piece

    async def _transcribe(self, piece: Piece) -> dict[str, Any]:
        utt = piece.utt
        try:
            result = await self.audio.transcribe(utt)
        finally:
            self._unfinished.pop(utt.uid, None)
        latency_s = time.perf_counter() - utt.ended_at
        live_metrics.TRANSCRIPT_LATENCY.observe(latency_s)
        # The answer is read now, not at scheduling: pre-answer speech may have been claimed.
        answer = piece.answer
        message = {
            "type": "transcript",
            "question_id": str(answer.question_id) if answer else None,
            "start_ms": round(utt.start_s * 1000),
            "end_ms": round(utt.end_s * 1000),
            "text": result.text,
            "words": [
                {
                    "text": w["text"],
                    "start_ms": round(w["start"] * 1000),
                    "end_ms": round(w["end"] * 1000),
                }
                for w in result.words
            ],
            "latency_ms": round(latency_s * 1000, 1),
        }
        piece.message = message
        self._last_transcript_ms = max(self._last_transcript_ms, round(utt.end_s * 1000))
        for cue in result.cues:
            cue["latency_ms"] = 0.0  # follows a transcript, not a frame
            await self.send({"type": "cue", **cue})
        await self.send(message)
        await self._backlog_cue()
        return message

    def transcripts_behind_s(self) -> float:
        """How long the oldest utterance without a transcript has been waiting (0 if none)."""
        oldest = next(iter(self._unfinished.values()), None)
        return 0.0 if oldest is None else time.perf_counter() - oldest.utt.ended_at

    async def _backlog_cue(self) -> None:
        # Under load transcripts come late but complete; say so instead of looking stuck.
        oldest = next(iter(self._unfinished.values()), None)
        behind = 0.0 if oldest is None else time.perf_counter() - oldest.utt.ended_at
        if oldest is not None and not self._behind_cue_sent and behind >= BEHIND_CUE_AFTER_S:
            self._behind_cue_sent = True
            await self.send(
                {
                    "type": "cue",
                    "cue": "transcripts",
                    "level": "info",
                    "value": round(behind, 1),
                    "message": "Transcripts are catching up: your words are kept and will "
                    "appear shortly. Carry on.",
                    "t_ms": round(oldest.utt.end_s * 1000),
                    "latency_ms": 0.0,
                }
            )
        elif self._behind_cue_sent and not self._unfinished:
            self._behind_cue_sent = False
            await self.send(
                {
                    "type": "cue",
                    "cue": "transcripts",
                    "level": "ok",
                    "value": 0.0,
                    "message": "Transcripts have caught up.",
                    "t_ms": self._last_transcript_ms,
                    "latency_ms": 0.0,
                }
            )

    # --- face and events -------------------------------------------------------------------

    async def on_json(self, message: FaceMessage | EventMessage) -> None:
        if isinstance(message, FaceMessage):
            if not self.consent.face:
                await self._refuse("face")
                return
            second = int(message.t_ms // 1000)
            self._buckets[second].faces.append(message.features)
            self._dirty.add(second)
            window = to_face_window(message.t_ms, message.features)
            self._faces.append(window)
            cue = self._attention.update(window)
            if cue is not None:
                await self.send({"type": "cue", **cue, "latency_ms": 0.0})
            return
        await self._on_event(message)

    async def _on_event(self, event: EventMessage) -> None:
        if event.name == "question_shown":
            self._shown[event.question_id] = event.t_ms
        elif event.name == "answer_started":
            open_ = self._answer
            if open_ is not None and open_.question_id != event.question_id:
                # A new answer without the old one's end (a skipped question): end the old
                # one here rather than lose what was said in it.
                self._end_answer(open_, event.t_ms)
            elif open_ is not None:
                return  # the same answer started twice: keep the first
            new = AnswerState(event.question_id, self._shown.get(event.question_id), event.t_ms)
            # Speech said since the last answer ended (while this question loaded or was
            # read) is this answer's opening, not nobody's.
            for piece in self._unclaimed:
                piece.answer = new
            new.pieces[:0] = self._unclaimed
            new.pre_answer = len(self._unclaimed)
            self._unclaimed = []
            self._answer = new
        elif event.name == "answer_ended":
            answer = self._answer
            if answer is None or answer.question_id != event.question_id:
                await self.send(
                    {
                        "type": "error",
                        "error": "NoOpenAnswer",
                        "detail": "answer_ended without a matching answer_started.",
                    }
                )
                return
            self._end_answer(answer, event.t_ms)

    def _end_answer(self, answer: AnswerState, t_ms: float) -> None:
        answer.end_ms = t_ms
        self._answer = None
        # What is still open is the end of this answer, however late its transcript comes.
        for last in self.audio.close_utterance():
            self._schedule(last, answer)
        task = asyncio.create_task(self._save_answer(answer))
        self._answer_tasks.add(task)
        task.add_done_callback(self._answer_tasks.discard)

    async def settled(self) -> None:
        """Wait until every answer that has ended is stored (the next question depends on it)."""
        while self._answer_tasks:
            await asyncio.gather(*list(self._answer_tasks), return_exceptions=True)

    async def _save_answer(self, answer: AnswerState) -> None:
        # Exactly this answer's utterances, each transcribed however long the queue is.
        tasks = [p.task for p in answer.pieces if p.task is not None]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        assert answer.end_ms is not None
        analysis = self.audio.answer_analysis(
            answer.start_ms / 1000,
            answer.end_ms / 1000,
            None if answer.shown_ms is None else answer.shown_ms / 1000,
            spans=[(p.utt.start_s, p.utt.end_s) for p in answer.pieces],
        )
        analysis["pre_answer_utterances"] = answer.pre_answer
        analysis["pitch"] = await voice_variety(answer)
        analysis["transcript_delay_s"] = answer.transcript_delay_s()
        text = answer.text()
        try:
            response = await store_answer(
                self._maker, self.session_id, self.started_at, answer, text, analysis
            )
            await self.send(
                {
                    "type": "answer_saved",
                    "question_id": str(answer.question_id),
                    "response_id": str(response.id),
                    "transcript": text,
                }
            )
        except MoodLensError as exc:
            await self.send({"type": "error", "error": type(exc).__name__, "detail": exc.detail})

    # --- persistence -----------------------------------------------------------------------

    async def flush(self) -> None:
        if not self._dirty:
            return
        dirty, self._dirty = self._dirty, set()
        buckets = {s: self._buckets[s] for s in dirty}
        # Attention/composure need context before each second (smoothing, the pose baseline).
        lo = max(0, min(dirty) - 30)
        recent = [w for w in self._faces if w.ts >= lo or w.ts <= 12]
        scores = series_at_seconds(recent, self._face_params)
        rows = build_rows(self.session_id, self.started_at, buckets, scores)
        try:
            async with self._maker() as db:
                await upsert_rows(db, rows)
                await db.commit()
        except Exception:
            self._dirty |= dirty  # try again on the next flush
            raise

    async def finish(self) -> None:
        await self.settled()
        pending = [p.task for p in self._unfinished.values() if p.task is not None]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        if self._unclaimed:
            # Said after the last answer and before the end: its transcript was sent, but no
            # question follows to own it.
            log.info(
                "live session ended with speech after the last answer",
                extra={"fields": {"session": str(self.session_id), "n": len(self._unclaimed)}},
            )
        await self.flush()
