import { useSyncExternalStore } from "react";
import type { RecordingSnapshot, RecordingUploader } from "./RecordingUploader";
import "./recording.css";

const IDLE: RecordingSnapshot = { phase: "stopped", uploaded: 0, recorded: 0, error: null };
const noop = () => () => {};

/** The uploader's state for rendering (a fixed idle value when there is no uploader). */
export function useRecordingState(uploader: RecordingUploader | null): RecordingSnapshot | null {
  const snap = useSyncExternalStore(uploader?.subscribe ?? noop, uploader?.snapshot ?? (() => IDLE));
  return uploader ? snap : null;
}

const TEXT: Record<RecordingSnapshot["phase"], string> = {
  starting: "Recording on (audio only)",
  recording: "Recording on (audio only)",
  paused: "Recording paused",
  saving: "Saving your recording…",
  saved: "Recording saved",
  stopped: "Recording stopped",
  failed: "Recording failed",
  unsupported: "Recording unavailable",
};

/** Small status in the room bar; renders nothing when the session is not recorded. */
export function RecordingIndicator({ state }: { state: RecordingSnapshot | null }) {
  if (!state) return null;
  return (
    <p className={`room__rec room__rec--${state.phase}`} role="status" title={state.error ?? undefined}>
      <span className="room__rec-dot" aria-hidden="true" />
      {TEXT[state.phase]}
      {state.error && (state.phase === "failed" || state.phase === "unsupported" || state.phase === "stopped") ? (
        <span className="room__rec-error">: {state.error}</span>
      ) : null}
    </p>
  );
}
