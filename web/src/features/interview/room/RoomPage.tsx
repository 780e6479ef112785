import { useCallback, useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { paths } from "../../../config/paths";
import { Alert } from "../../../components/Alert";
import { Loading } from "../../../components/Loading";
import { PageHeading } from "../../../components/PageHeading";
import { ApiError, describeError } from "../../../lib/apiError";
import { useAuth } from "../../../lib/services";
import { CAMERA_CONSTRAINTS, MICROPHONE_CONSTRAINTS, describeMediaError, stopStream } from "../device/media";
import type { FaceFrame } from "../face/frames";
import { LiveClient, liveStreamUrl } from "../live/liveClient";
import { useLiveConnectionState, useLiveEvent } from "../live/useLive";
import { sessionOrigin, startLiveCapture, type LiveCapture } from "../liveCapture";
import { testProbe } from "../testProbe";
import { RecordingIndicator, useRecordingState } from "../recording/RecordingIndicator";
import { startSessionRecording, type RecordingSnapshot, type RecordingUploader } from "../recording/RecordingUploader";
import { useMyConsents } from "../../privacy/api";
import { captureOf, clampMode, whyNot } from "../captureConsent";
import { useRoomApi, type NextQuestion } from "./api";
import { EndSessionControl } from "./EndSessionControl";
import { timeWarning } from "./announce";
import { applyCue, CuesPanel, emptyCues, type CueView } from "./CuesPanel";
import { initialRoomState, roomReducer, SpeechGate, type InputMode, type RoomQuestion } from "./roomMachine";
import "../interview.css";

/** Give up waiting for `answer_saved` after this long: the server keeps the answer anyway. */
export const SAVE_TIMEOUT_MS = 25_000;

const reportUrl = (id: string) => `/sessions/${encodeURIComponent(id)}/report`;

function toQuestion(q: NextQuestion): RoomQuestion {
  return {
    id: q.id,
    sequenceNo: q.sequence_no,
    text: q.question_text,
    followUpReason: q.follow_up_reason ?? null,
    expectedSeconds: q.expected_seconds,
    timeLeftS: q.time_left_s,
  };
}

function clock(totalS: number): string {
  const s = Math.max(0, Math.round(totalS));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function useNow(ms = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** `/practice/:sessionId?mode=camera|audio|typed`: the live interview room (issue 5, step 4). */
export function RoomPage() {
  const { sessionId = "" } = useParams();
  const [params] = useSearchParams();
  const consents = useMyConsents();
  const raw = params.get("mode");
  const requested: InputMode = raw === "audio" || raw === "typed" ? raw : "camera";
  if (consents.isPending) return <Loading label="Checking your privacy choices…" />;
  if (consents.isError)
    return (
      <div className="page">
        <PageHeading title="Practice interview" />
        <Alert tone="error" title="Your privacy choices could not be loaded">
          <p>
            {describeError(consents.error)} Reload the page to try again: nothing is captured before they are known.
          </p>
        </Alert>
      </div>
    );
  // Only what the consent allows is captured (the server refuses the rest): a mode asked for
  // without its consent falls back to one the consent allows, and the room says why.
  const capture = captureOf(consents.data);
  const mode = clampMode(requested, capture);
  const consentNote =
    mode === requested
      ? null
      : `${whyNot(requested, capture) ?? ""} Continuing with ${mode === "audio" ? "spoken answers only" : "typed answers"}.`;
  return <Room key={sessionId} sessionId={sessionId} mode={mode} consentNote={consentNote} />;
}

function Room({ sessionId, mode, consentNote }: { sessionId: string; mode: InputMode; consentNote: string | null }) {
  const roomApi = useRoomApi(sessionId);
  const apiRef = useRef(roomApi);
  apiRef.current = roomApi;
  const { session } = useAuth();
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(roomReducer, initialRoomState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [client, setClient] = useState<LiveClient | null>(null);
  const connection = useLiveConnectionState(client);
  const [inputMode, setInputMode] = useState<InputMode>(mode);
  const [mediaNote, setMediaNote] = useState<string | null>(null);
  const [readAloud, setReadAloud] = useState(false);
  const [cues, setCues] = useState<CueView>(emptyCues);
  const [deadline, setDeadline] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lastTranscript, setLastTranscript] = useState<string>("");
  const video = useRef<HTMLVideoElement>(null);
  const doneButton = useRef<HTMLButtonElement>(null);
  const capture = useRef<LiveCapture | null>(null);
  const streams = useRef<MediaStream[]>([]);
  const origin = useRef<number>(0);
  const pausedRef = useRef(false);
  const gate = useRef(new SpeechGate());
  const facing = useRef<{ t: number; on: boolean }[]>([]);
  const motion = useRef<number[]>([]);
  const now = useNow();
  // Optional audio recording (issue 7): only when the session has recording on.
  const recorder = useRef<RecordingUploader | null>(null);
  const [recUploader, setRecUploader] = useState<RecordingUploader | null>(null);
  const recState = useRecordingState(recUploader);

  const sessionMs = () => performance.now() - origin.current;

  // --- start: POST /start, connect the live socket, open the devices, start capture ---
  useEffect(() => {
    let cancelled = false;
    let live: LiveClient | null = null;
    void (async () => {
      let started;
      try {
        started = await apiRef.current.start();
      } catch (err) {
        // Reloading the room of a session that is already live: carry on with it.
        if (err instanceof ApiError && err.status === 409) {
          try {
            started = await apiRef.current.get();
          } catch (e) {
            if (!cancelled) dispatch({ type: "failed", message: describeError(e) });
            return;
          }
          if (started.status !== "live") {
            if (!cancelled)
              dispatch({
                type: "failed",
                message: "This session has already ended. Start a new one from the setup page.",
              });
            return;
          }
        } else {
          if (!cancelled) dispatch({ type: "failed", message: describeError(err) });
          return;
        }
      }
      if (cancelled) return;
      origin.current = sessionOrigin(started.started_at ?? new Date().toISOString());
      if (started.time_left_s != null) setDeadline(Date.now() + started.time_left_s * 1000);

      let effective: InputMode = mode;
      if (mode !== "typed") {
        live = new LiveClient({ url: liveStreamUrl(sessionId), getToken: (force) => session.getAccessToken(force) });
        live.connect();
        setClient(live);
        let cam: MediaStream | null = null;
        let mic: MediaStream | null = null;
        try {
          mic = await navigator.mediaDevices.getUserMedia({ audio: MICROPHONE_CONSTRAINTS });
          streams.current.push(mic);
        } catch (err) {
          setMediaNote(`${describeMediaError(err, "microphone").guidance} You can type your answers instead.`);
          effective = "typed";
        }
        if (effective === "camera") {
          try {
            cam = await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS });
            streams.current.push(cam);
            const el = video.current;
            if (el) {
              el.srcObject = cam;
              await el.play();
            }
          } catch (err) {
            setMediaNote(`${describeMediaError(err, "camera").guidance} Continuing audio-only.`);
            effective = "audio";
          }
        }
        if (cancelled) return;
        recorder.current = startSessionRecording(started, { sessionId, stream: mic, fetch: session.fetch });
        setRecUploader(recorder.current);
        const c = live;
        // Pause stops sending while the socket stays open (reconnect state and seq are kept).
        const gated = {
          sendAudio: (pcm: Int16Array, t: number) => {
            if (!pausedRef.current) c.sendAudio(pcm, t);
          },
          sendFace: (t: number, f: Parameters<LiveClient["sendFace"]>[1]) => {
            if (!pausedRef.current) c.sendFace(t, f);
          },
        };
        if (effective !== "typed") {
          try {
            capture.current = await startLiveCapture({
              client: gated,
              video: effective === "camera" ? video.current : null,
              microphone: mic,
              sessionStartMs: origin.current,
              onLevel: (level) => onLevelRef.current(level.rmsDbfs),
              onFaceFrame: (f) => onFaceFrame(f),
              onFaceError: () =>
                setMediaNote("Face analysis stopped; attention cues are missing but the interview goes on."),
            });
          } catch (err) {
            // E.g. Firefox without a sound output never starts the AudioContext: say so.
            setMediaNote(`${describeMediaError(err, "microphone").guidance} You can type your answers instead.`);
            effective = "typed";
            // Nothing reads the camera in a typed room: turn it (and its light) off.
            if (cam) stopStream(cam);
          }
        }
      }
      if (cancelled) return;
      setInputMode(effective);
      dispatch({ type: "started" });
    })();
    return () => {
      cancelled = true;
      recorder.current?.abort();
      void capture.current?.stop();
      capture.current = null;
      for (const s of streams.current) stopStream(s);
      streams.current = [];
      live?.close();
      window.speechSynthesis?.cancel();
    };
    // Runs once per room: the session id and mode are fixed for its lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function onFaceFrame(f: FaceFrame) {
    const t = f.tMs;
    facing.current.push({ t, on: f.present && (f.gazeOnCamera ?? 0) >= 0.5 });
    while (facing.current.length && facing.current[0]!.t < t - 5_000) facing.current.shift();
    if (f.motion && f.motion.dtS > 0) motion.current.push(f.motion.faceWidths / f.motion.dtS);
  }

  // Face-derived cues are summarised every 2 s (not per frame: fewer re-renders).
  useEffect(() => {
    if (inputMode !== "camera") return;
    const id = setInterval(() => {
      const f = facing.current;
      const m = motion.current.splice(0);
      setCues((v) => ({
        ...v,
        facing: f.length ? f.filter((x) => x.on).length / f.length : 0,
        steadiness: m.length
          ? [...v.steadiness, 1 - Math.min(1, m.reduce((a, b) => a + b, 0) / m.length / 0.3)].slice(-20)
          : v.steadiness,
      }));
      testProbe()?.roomStats?.({ face: capture.current?.faceStats() ?? null });
    }, 2_000);
    return () => clearInterval(id);
  }, [inputMode]);

  // --- questions ---
  const retrying = loadError === "retry";
  useEffect(() => {
    if (state.phase !== "loading") return;
    let cancelled = false;
    setLoadError(null);
    apiRef.current
      .next()
      .then((q) => {
        if (cancelled) return;
        if (q === null) dispatch({ type: "noMoreQuestions" });
        else {
          setDeadline(Date.now() + q.time_left_s * 1000);
          dispatch({ type: "questionLoaded", question: toQuestion(q) });
        }
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 409) dispatch({ type: "noMoreQuestions" });
        else setLoadError(describeError(err));
      });
    return () => {
      cancelled = true;
    };
  }, [state.phase, state.answered, retrying]);

  const questionId = state.question?.id;
  useEffect(() => {
    if (state.phase !== "question" || !questionId) return;
    gate.current.reset();
    client?.sendEvent(sessionMs(), "question_shown", questionId);
    if (readAloud && "speechSynthesis" in window && state.question) {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(state.question.text));
    }
    // Announce once per question, not when read-aloud is toggled.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [questionId, state.phase === "question"]);

  const startAnswer = useCallback(() => {
    const s = stateRef.current;
    if (s.phase !== "question" || s.paused || !s.question) return;
    window.speechSynthesis?.cancel();
    client?.sendEvent(sessionMs(), "answer_started", s.question.id);
    dispatch({ type: "answerStarted", at: performance.now() });
  }, [client]);

  // Pressed on the button, the next thing to press is Done answering: focus goes there.
  const startFromButton = () => {
    const s = stateRef.current;
    if (s.phase !== "question" || s.paused) return;
    startAnswer();
    doneButton.current?.focus();
  };

  const endAnswer = useCallback(() => {
    const s = stateRef.current;
    if (s.phase !== "answering" || !s.question) return;
    const id = s.question.id;
    client?.sendEvent(sessionMs(), "answer_ended", id);
    dispatch({ type: "answerEnded" });
    setTimeout(() => dispatch({ type: "saveTimedOut", questionId: id }), SAVE_TIMEOUT_MS);
  }, [client]);

  // Speech starts an answer and a long silence ends it (levels are read on this device).
  const onLevelRef = useRef<(dbfs: number) => void>(() => {});
  onLevelRef.current = (dbfs: number) => {
    if (pausedRef.current) return;
    const s = stateRef.current;
    if (s.phase !== "question" && s.phase !== "answering") return;
    // Read aloud through speakers, the question's own voice reaches the microphone (browsers'
    // echo cancellation does not cover speech synthesis) and would start the answer, which
    // cancels the reading. While the browser speaks, the local level does not count.
    if (s.phase === "question" && window.speechSynthesis?.speaking) {
      gate.current.reset();
      return;
    }
    const what = gate.current.update(dbfs, 50, performance.now());
    if (what === "speech_started" && s.phase === "question") startAnswer();
    else if (what === "long_silence" && s.phase === "answering") endAnswer();
  };

  useLiveEvent(client, "answerSaved", (m) => dispatch({ type: "answerSaved", questionId: m.question_id }));
  useLiveEvent(client, "cue", (cue) => {
    testProbe()?.cue?.(cue);
    setCues((v) => applyCue(v, cue, Date.now()));
  });
  useLiveEvent(client, "transcript", (t) => {
    // Transcripts can arrive long after the speech (a busy server): show only words of the
    // question on screen, never a previous answer's under the next question.
    if (t.text.trim() && t.question_id !== null && t.question_id === stateRef.current.question?.id)
      setLastTranscript(t.text);
  });
  const onScreenQuestion = state.question?.id;
  useEffect(() => setLastTranscript(""), [onScreenQuestion]);

  const togglePause = useCallback(() => {
    const s = stateRef.current;
    if (s.paused) {
      pausedRef.current = false;
      dispatch({ type: "resume" });
    } else {
      pausedRef.current = true;
      window.speechSynthesis?.cancel();
      dispatch({ type: "pause" });
    }
  }, []);

  useEffect(() => {
    if (state.paused) recorder.current?.pause();
    else recorder.current?.resume();
  }, [state.paused]);

  const requestEnd = useCallback(() => {
    const s = stateRef.current;
    // An answer in progress is closed first so the server saves it with the session.
    if (s.phase === "answering" && s.question) client?.sendEvent(sessionMs(), "answer_ended", s.question.id);
    dispatch({ type: "endRequested" });
  }, [client]);

  // --- ending: flush what is captured, POST /end, then wait for the report ---
  const [endError, setEndError] = useState<string | null>(null);
  const [endTry, setEndTry] = useState(0);
  useEffect(() => {
    if (state.phase !== "ending") return;
    let cancelled = false;
    void (async () => {
      pausedRef.current = true;
      window.speechSynthesis?.cancel();
      // Flush the recorder before the microphone stops; the upload finishes (at most 30 s) below.
      const savingRecording = recorder.current?.finish(30_000);
      await capture.current?.stop();
      capture.current = null;
      for (const s of streams.current) stopStream(s);
      streams.current = [];
      if (client) {
        await client.drain(10_000);
        client.close();
      }
      await savingRecording;
      try {
        await apiRef.current.end();
        if (!cancelled) dispatch({ type: "ended" });
      } catch (err) {
        if (!cancelled) setEndError(describeError(err));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [state.phase, client, endTry]);

  // --- keyboard shortcuts (documented on the page) ---
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const k = e.key.toLowerCase();
      // Typed answers have no spoken answer to start or end: Alt+A would lock the text box.
      if (k === "a" && inputMode !== "typed") startAnswer();
      else if (k === "d" && inputMode !== "typed") endAnswer();
      else if (k === "p") togglePause();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [startAnswer, endAnswer, togglePause, inputMode]);

  if (state.phase === "ending" || state.phase === "ended") {
    return (
      <Ending
        sessionId={sessionId}
        ended={state.phase === "ended"}
        endReason={state.endReason}
        error={endError}
        recording={recState}
        onRetry={() => {
          setEndError(null);
          setEndTry((n) => n + 1);
        }}
        onReady={() => void navigate(reportUrl(sessionId))}
      />
    );
  }

  if (state.phase === "error") {
    return (
      <div className="page">
        <PageHeading title="Practice interview" />
        <Alert tone="error" title="The interview could not start">
          <p>{state.error}</p>
          <p>
            <Link to={paths.sessionSetup}>Set up a new session</Link> or check your{" "}
            <Link to={paths.settings}>privacy settings</Link> (a consent is needed before practising).
          </p>
        </Alert>
      </div>
    );
  }

  const sessionLeft = deadline === null ? null : (deadline - now) / 1000;
  const answerS = state.answerStartedAt === null ? null : (performance.now() - state.answerStartedAt) / 1000;
  // Server slow: a backlog of unacknowledged messages (5 s of audio is 100 frames) or a
  // reconnect. Cues then lag, but the interview goes on and the backlog is resent.
  const lagging = connection.status === "reconnecting" || (client !== null && client.stats().unacked > 100);
  const q = state.question;

  return (
    <div className="page room">
      <PageHeading title="Practice interview" />
      <div className="room__bar" role="group" aria-label="Session controls">
        <p className="room__timer">
          Session time left: <strong>{sessionLeft === null ? "–" : clock(sessionLeft)}</strong>
        </p>
        {/* The clock itself is not live (it would speak every tick); these warnings are. */}
        <p className="visually-hidden" role="status">
          {timeWarning(sessionLeft)}
        </p>
        <ConnectionBadge status={inputMode === "typed" ? "typed" : connection.status} />
        <RecordingIndicator state={recState} />
        <label className="choice room__toggle">
          <input type="checkbox" role="switch" checked={readAloud} onChange={(e) => setReadAloud(e.target.checked)} />
          <span>Read questions aloud</span>
        </label>
        <button
          type="button"
          className="button"
          onClick={togglePause}
          aria-pressed={state.paused}
          aria-keyshortcuts="Alt+P"
        >
          {state.paused ? "Resume" : "Pause"}
        </button>
        <EndSessionControl onConfirm={requestEnd} />
      </div>
      {consentNote ? <Alert tone="info">{consentNote}</Alert> : null}
      {mediaNote ? <Alert tone="info">{mediaNote}</Alert> : null}
      {state.paused ? (
        <Alert tone="info" title="Paused">
          <p>Nothing is sent while paused. The session timer keeps running. Press Resume (Alt+P) to continue.</p>
        </Alert>
      ) : null}
      <div className="room__grid">
        <div className="stack">
          <section className="card question-card" aria-labelledby="question-heading" aria-live="polite">
            <h2 id="question-heading">
              {q ? `Question ${q.sequenceNo}` : "Question"}
              {q?.followUpReason ? <span className="question-card__followup"> · Follow-up</span> : null}
            </h2>
            {state.phase === "starting" ? <Loading label="Starting the session…" /> : null}
            {state.phase === "loading" && !loadError ? <Loading label="Loading the next question…" /> : null}
            {loadError ? (
              <Alert tone="error" title="The next question did not load">
                <p>{loadError}</p>
                <button type="button" className="button" onClick={() => setLoadError("retry")}>
                  Try again
                </button>
              </Alert>
            ) : null}
            {q && state.phase !== "loading" ? <p className="question-card__text">{q.text}</p> : null}
            {q && state.phase !== "loading" ? (
              <p className="question-card__meta">
                Aim for about{" "}
                {q.expectedSeconds < 90
                  ? `${q.expectedSeconds} seconds`
                  : `${Math.round(q.expectedSeconds / 30) / 2} minutes`}
                .
              </p>
            ) : null}
          </section>

          {inputMode === "typed" ? (
            <TypedAnswer
              key={q?.id ?? "none"}
              sessionId={sessionId}
              question={state.phase === "question" ? q : null}
              onSaved={() => dispatch({ type: "typedSubmitted" })}
            />
          ) : (
            <section className="card answer-panel" aria-labelledby="answer-heading">
              <h2 id="answer-heading">Your answer</h2>
              {/* The status changes once per phase, so screen readers hear each change once; the
                  ticking answer clock sits outside it (a live region would re-read it twice a second). */}
              <p role="status" className="answer-panel__state">
                {state.phase === "question"
                  ? "Start speaking when you are ready: the answer starts by itself, or press Start answering."
                  : state.phase === "answering"
                    ? "Answering: press Done answering when you finish (it also ends after about 6 seconds of silence)."
                    : state.phase === "saving"
                      ? "Saving your answer…"
                      : ""}
              </p>
              {state.phase === "answering" ? (
                <p className="answer-panel__clock">
                  Answer time: <strong>{clock(answerS ?? 0)}</strong>
                </p>
              ) : null}
              {/* aria-disabled, not disabled: a disabled button drops keyboard focus on the body
                  the moment it is pressed. The handlers ignore presses in the wrong phase. */}
              <div className="button-row">
                <button
                  type="button"
                  className="button button--primary"
                  onClick={startFromButton}
                  aria-disabled={state.phase !== "question" || state.paused}
                  aria-keyshortcuts="Alt+A"
                >
                  Start answering
                </button>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={endAnswer}
                  ref={doneButton}
                  aria-disabled={state.phase !== "answering"}
                  aria-keyshortcuts="Alt+D"
                >
                  Done answering
                </button>
              </div>
              {lastTranscript ? (
                <p className="answer-panel__transcript">
                  <span className="visually-hidden">Last words heard: </span>“{lastTranscript}”
                </p>
              ) : null}
              {state.unconfirmed > 0 ? (
                <p className="answer-panel__note">
                  The server is slow to confirm answers; the interview continues and your answers are still saved.
                </p>
              ) : null}
            </section>
          )}
          <p className="room__shortcuts">
            {inputMode === "typed"
              ? "Shortcut: Alt+P pause or resume. Tab reaches every control."
              : "Shortcuts: Alt+A start answering, Alt+D done answering, Alt+P pause or resume. Tab reaches every control."}
          </p>
        </div>
        <div className="stack">
          <video
            ref={video}
            className="device-check__video room__video"
            muted
            playsInline
            aria-label="Your camera (mirrored, stays on this device)"
            hidden={inputMode !== "camera"}
          />
          {inputMode === "typed" ? null : <CuesPanel view={cues} lagging={lagging} />}
        </div>
      </div>
    </div>
  );
}

function ConnectionBadge({ status }: { status: string }) {
  const text: Record<string, string> = {
    idle: "Not connected",
    connecting: "Connecting…",
    authenticating: "Connecting…",
    live: "Live",
    reconnecting: "Reconnecting… (your answer is kept and resent)",
    failed: "Connection lost: type your answers or end the session",
    closed: "Disconnected",
    typed: "Typed answers",
  };
  return (
    <p className={`room__conn room__conn--${status}`} role="status">
      Connection: {text[status] ?? status}
    </p>
  );
}

function TypedAnswer({
  sessionId,
  question,
  onSaved,
}: {
  sessionId: string;
  question: RoomQuestion | null;
  onSaved: () => void;
}) {
  const roomApi = useRoomApi(sessionId);
  const [text, setText] = useState("");
  const [startedAt] = useState(() => new Date().toISOString());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!question) return;
    if (!text.trim()) {
      setError("Type an answer first (it is empty).");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await roomApi.respond({
        question_id: question.id,
        transcript_text: text,
        started_at: startedAt,
        ended_at: new Date().toISOString(),
      });
      onSaved();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form answer-panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby="typed-heading">
      <h2 id="typed-heading">Your answer</h2>
      <label className="field">
        <span className="field__label">Type your answer</span>
        <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} disabled={!question || busy} />
      </label>
      {error ? <p className="field__error">{error}</p> : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={!question || busy}>
          {busy ? "Saving…" : "Submit answer"}
        </button>
      </div>
    </form>
  );
}

/** After End: POST /end, then poll the report until it is ready and open it. */
function Ending({
  sessionId,
  ended,
  endReason,
  error,
  onRetry,
  onReady,
  recording = null,
}: {
  sessionId: string;
  ended: boolean;
  endReason: "user" | "time" | null;
  error: string | null;
  onRetry: () => void;
  onReady: () => void;
  recording?: RecordingSnapshot | null;
}) {
  const roomApi = useRoomApi(sessionId);
  const apiRef = useRef(roomApi);
  apiRef.current = roomApi;
  const [progress, setProgress] = useState<{ percent?: number; stage?: string } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!ended) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await apiRef.current.report();
        if (stop) return;
        if (r.status === "ready") return onReady();
        if (r.status === "failed") return setFailed(r.error ?? "The report could not be built.");
        setProgress(r.progress ?? null);
      } catch {
        // A failed poll is retried: the report page itself explains lasting problems.
      }
      if (!stop) timer = setTimeout(() => void poll(), 1_000);
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ended]);
  return (
    <div className="page">
      <PageHeading title={endReason === "time" ? "Time is up: well done" : "Session ended"} />
      {error ? (
        <Alert tone="error" title="The session could not be ended">
          <p>{error}</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </Alert>
      ) : failed ? (
        <Alert tone="error" title="The report could not be built">
          <p>
            {failed} <Link to={reportUrl(sessionId)}>Open the report page</Link> to retry.
          </p>
        </Alert>
      ) : (
        <div className="stack" role="status">
          <Loading
            label={
              ended
                ? "Building your report…"
                : recording?.phase === "saving"
                  ? "Saving your recording…"
                  : "Saving your last answer…"
            }
          />
          <RecordingIndicator state={recording} />
          {progress?.percent != null ? (
            <progress max={100} value={progress.percent} aria-label="Report progress">
              {progress.percent} %
            </progress>
          ) : null}
          <p>
            This takes a few seconds. <Link to={reportUrl(sessionId)}>Open the report page now</Link>
          </p>
        </div>
      )}
    </div>
  );
}
