import { useEffect, useReducer, useRef, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { paths, reportPath } from "../../../config/paths";
import { Alert } from "../../../components/Alert";
import { Loading } from "../../../components/Loading";
import { PageHeading } from "../../../components/PageHeading";
import { describeError } from "../../../lib/apiError";
import type { FaceFrame } from "../face/frames";
import { useLiveConnectionState, useLiveEvent } from "../live/useLive";
import { testProbe } from "../testProbe";
import { RecordingIndicator, useRecordingState } from "../recording/RecordingIndicator";
import { useMyConsents } from "../../../lib/privacy";
import { captureOf, clampMode, whyNot } from "../captureConsent";
import { AfterAnswerSlot, type AfterAnswerRenderer, type AnsweredQuestion } from "./AfterAnswerSlot";
import { useRetryVoice } from "./useRetryVoice";
import { EndSessionControl } from "./EndSessionControl";
import { EndingView } from "./EndingView";
import { timeWarning } from "./announce";
import { applyCue, CuesPanel } from "./CuesPanel";
import { initialRoomState, roomReducer, SpeechGate, type InputMode } from "./roomMachine";
import { clock, ConnectionBadge, QuestionCard, useNow } from "./RoomParts";
import { SpokenAnswer } from "./SpokenAnswer";
import { TypedAnswer } from "./TypedAnswer";
import { useAnswerControls } from "./useAnswerControls";
import { useFaceCues } from "./useFaceCues";
import { useQuestions } from "./useQuestions";
import { useRoomEnding } from "./useRoomEnding";
import { useRoomStart } from "./useRoomStart";
import "../interview.css";

export { SAVE_TIMEOUT_MS } from "./useAnswerControls";

/**
 * `/practice/:sessionId?mode=camera|audio|typed`: the live interview room (issue 5, step 4).
 * `afterAnswer`, given by the app, is what the candidate may open for the answer just saved.
 */
export function RoomPage({ afterAnswer }: { afterAnswer?: AfterAnswerRenderer } = {}) {
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
  return <Room key={sessionId} sessionId={sessionId} mode={mode} consentNote={consentNote} afterAnswer={afterAnswer} />;
}

/**
 * One interview, start to end. The flow is the pure `roomReducer`; the hooks do the effects:
 * useRoomStart (session, socket, devices, capture), useQuestions, useAnswerControls (answers by
 * button, shortcut or voice; pause; End), useFaceCues, useRoomEnding (flush and POST /end).
 */
function Room({
  sessionId,
  mode,
  consentNote,
  afterAnswer,
}: {
  sessionId: string;
  mode: InputMode;
  consentNote: string | null;
  afterAnswer: AfterAnswerRenderer | undefined;
}) {
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(roomReducer, initialRoomState);
  const [readAloud, setReadAloud] = useState(false);
  const [lastTranscript, setLastTranscript] = useState<string>("");
  const video = useRef<HTMLVideoElement>(null);
  const doneButton = useRef<HTMLButtonElement>(null);
  const pausedRef = useRef(false);
  const gate = useRef(new SpeechGate());
  const onLevel = useRef<(dbfs: number) => void>(() => {});
  const onFaceFrame = useRef<(f: FaceFrame) => void>(() => {});
  const now = useNow();
  // The answer the server last confirmed as stored (talking points exist only after that), and
  // each question's text by id: a confirmation can come after the next question is on screen.
  const [saved, setSaved] = useState<AnsweredQuestion | null>(null);
  // Earlier answers' slots the candidate opened stay in the page after the next answer is
  // confirmed, so a half-typed or recording retry is never thrown away with the slot.
  const [opened, setOpened] = useState<AnsweredQuestion[]>([]);
  const shown = useRef(new Map<string, AnsweredQuestion>());

  const room = useRoomStart({ sessionId, mode, dispatch, video, pausedRef, onLevel, onFaceFrame });
  const { client, inputMode, media, sessionMs } = room;
  const connection = useLiveConnectionState(client);
  // Optional audio recording (issue 7): only when the session has recording on.
  const recState = useRecordingState(room.recUploader);
  const { cues, setCues } = useFaceCues(inputMode, media.capture, onFaceFrame);
  const questions = useQuestions({
    sessionId,
    state,
    dispatch,
    client,
    gate: gate.current,
    readAloud,
    sessionMs,
    setDeadline: room.setDeadline,
  });
  const controls = useAnswerControls({
    state,
    dispatch,
    client,
    inputMode,
    gate: gate.current,
    pausedRef,
    recorder: media.recorder,
    onLevel,
    sessionMs,
  });
  const retryVoice = useRetryVoice(state, controls.togglePause);
  const ending = useRoomEnding({ sessionId, state, dispatch, client, media, pausedRef });

  // Pressed on the button, the next thing to press is Done answering: focus goes there.
  const startFromButton = () => {
    if (state.phase !== "question" || state.paused) return;
    controls.startAnswer();
    doneButton.current?.focus();
  };

  useLiveEvent(client, "answerSaved", (m) => {
    dispatch({ type: "answerSaved", questionId: m.question_id });
    const answered = shown.current.get(m.question_id);
    if (answered) setSaved(answered);
  });
  useLiveEvent(client, "cue", (cue) => {
    testProbe()?.cue?.(cue);
    setCues((v) => applyCue(v, cue, Date.now()));
  });
  const stateRef = useRef(state);
  stateRef.current = state;
  useLiveEvent(client, "transcript", (t) => {
    // Transcripts can arrive long after the speech (a busy server): show only words of the
    // question on screen, never a previous answer's under the next question.
    if (t.text.trim() && t.question_id !== null && t.question_id === stateRef.current.question?.id)
      setLastTranscript(t.text);
  });
  const onScreenQuestion = state.question?.id;
  useEffect(() => setLastTranscript(""), [onScreenQuestion]);
  useEffect(() => {
    if (state.question) {
      const { id, sequenceNo, text } = state.question;
      shown.current.set(id, { id, sequenceNo, text });
    }
  }, [state.question]);

  if (state.phase === "ending" || state.phase === "ended") {
    return (
      <EndingView
        sessionId={sessionId}
        ended={state.phase === "ended"}
        endReason={state.endReason}
        error={ending.endError}
        recording={recState}
        onRetry={ending.retryEnd}
        onReady={() => void navigate(reportPath(sessionId))}
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

  const sessionLeft = room.deadline === null ? null : (room.deadline - now) / 1000;
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
          onClick={controls.togglePause}
          aria-pressed={state.paused}
          aria-keyshortcuts="Alt+P"
        >
          {state.paused ? "Resume" : "Pause"}
        </button>
        <EndSessionControl onConfirm={controls.requestEnd} />
      </div>
      {consentNote ? <Alert tone="info">{consentNote}</Alert> : null}
      {room.mediaNote ? <Alert tone="info">{room.mediaNote}</Alert> : null}
      {state.paused ? (
        <Alert tone="info" title="Paused">
          <p>Nothing is sent while paused. The session timer keeps running. Press Resume (Alt+P) to continue.</p>
        </Alert>
      ) : null}
      <div className="room__grid">
        <div className="stack">
          <QuestionCard question={q} phase={state.phase} loadError={questions.loadError} onRetry={questions.retry} />
          {inputMode === "typed" ? (
            <TypedAnswer
              key={q?.id ?? "none"}
              sessionId={sessionId}
              question={state.phase === "question" ? q : null}
              onSaved={() => {
                if (q) setSaved({ id: q.id, sequenceNo: q.sequenceNo, text: q.text });
                dispatch({ type: "typedSubmitted" });
              }}
            />
          ) : (
            <SpokenAnswer
              state={state}
              answerS={answerS}
              lastTranscript={lastTranscript}
              doneButton={doneButton}
              onStart={startFromButton}
              onDone={controls.endAnswer}
            />
          )}
          {/* Its own key space: the answer panel above is keyed by the same question id, and two
              siblings with one key left the old answer form in the page beside the new one. */}
          {afterAnswer
            ? [...opened.filter((o) => o.id !== saved?.id), ...(saved ? [saved] : [])].map((a) => (
                <AfterAnswerSlot
                  key={`after-${a.id}`}
                  sessionId={sessionId}
                  answered={a}
                  render={afterAnswer}
                  voice={retryVoice}
                  onOpened={() => setOpened((list) => (list.some((o) => o.id === a.id) ? list : [...list, a]))}
                />
              ))
            : null}
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
