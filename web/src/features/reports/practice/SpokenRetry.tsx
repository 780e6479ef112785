import { useEffect } from "react";
import { Alert } from "../../../components/Alert";
import { LeaveGuard } from "../../../components/LeaveGuard";
import { describeError } from "../../../lib/apiError";
import { useMicrophoneAllowed, useSpokenRetry, type QuestionAttempts } from "./api";
import { MAX_RECORDING_S, useVoiceRecorder } from "./useVoiceRecorder";

/** What the host (the room) says about recording now; the report passes nothing. */
export interface VoiceHost {
  /** Why recording is not possible right now (an answer is being given), or null. */
  blocked: string | null;
  /** Told when a recording starts and stops, so the room can pause its live capture. */
  onRecording: (recording: boolean) => void;
}

function clock(s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * "Record your answer": a spoken retry, analysed on the server like an uploaded answer (pace,
 * fillers, pauses, voice variety) and scored like every attempt. Offered only with the
 * microphone consent (DESIGN §8); the microphone is opened only when Record is pressed.
 */
export function SpokenRetry({
  sessionId,
  questionId,
  host,
  onScored,
}: {
  sessionId: string;
  questionId: string;
  host?: VoiceHost | undefined;
  onScored: (data: QuestionAttempts) => void;
}) {
  const consent = useMicrophoneAllowed();
  const retry = useSpokenRetry(sessionId, questionId);
  const recorder = useVoiceRecorder((blob) => retry.mutate(blob, { onSuccess: onScored }));
  const recording = recorder.phase === "recording" || recorder.phase === "stopping";
  const onRecording = host?.onRecording;
  useEffect(() => {
    if (!onRecording) return;
    onRecording(recording);
  }, [recording, onRecording]);

  if (consent.isPending) return <p>Checking your microphone consent…</p>;
  if (consent.isError)
    return <Alert tone="error">{describeError(consent.error)} Spoken retries need it; you can type instead.</Alert>;
  if (!consent.data)
    return (
      <p className="answer-again__voice-off">
        Spoken retries need the microphone consent, which you have not given: allow the microphone in Settings, or type
        your retry.
      </p>
    );

  return (
    <div className="answer-again__voice stack" aria-busy={retry.isPending}>
      <LeaveGuard
        active={recording || retry.isPending}
        message="Your spoken retry is still being recorded or scored. Leave and lose it?"
      />
      {recording ? (
        <p role="status">
          Recording your new answer: {clock(recorder.seconds)} (at most {clock(MAX_RECORDING_S)}).
        </p>
      ) : null}
      {retry.isPending ? <p role="status">Analysing and scoring your recording…</p> : null}
      {recorder.error ? <Alert tone="error">{recorder.error}</Alert> : null}
      {retry.isError ? (
        <Alert tone="error">
          {describeError(retry.error)} Your recording was not stored; record again or type your retry.
        </Alert>
      ) : null}
      <div className="button-row">
        {recording ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={recorder.phase === "stopping"}
              onClick={() => recorder.stop(true)}
            >
              Stop and score
            </button>
            <button
              type="button"
              className="button"
              disabled={recorder.phase === "stopping"}
              onClick={() => recorder.stop(false)}
            >
              Discard recording
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button"
            disabled={recorder.phase === "starting" || retry.isPending || Boolean(host?.blocked)}
            onClick={() => void recorder.start()}
          >
            {recorder.phase === "starting" ? "Opening the microphone…" : "Record your answer"}
          </button>
        )}
      </div>
      {host?.blocked && !recording ? <p>{host.blocked}</p> : null}
    </div>
  );
}
