import { useCallback, useEffect, useRef, type Dispatch, type MutableRefObject } from "react";
import type { LiveClient } from "../live/liveClient";
import type { RecordingUploader } from "../recording/RecordingUploader";
import type { InputMode, RoomAction, RoomState, SpeechGate } from "./roomMachine";

/** Give up waiting for `answer_saved` after this long: the server keeps the answer anyway. */
export const SAVE_TIMEOUT_MS = 25_000;

export interface AnswerControlsOptions {
  state: RoomState;
  dispatch: Dispatch<RoomAction>;
  client: LiveClient | null;
  inputMode: InputMode;
  gate: SpeechGate;
  pausedRef: MutableRefObject<boolean>;
  recorder: MutableRefObject<RecordingUploader | null>;
  /** The capture calls this with each microphone level (dBFS): speech starts an answer. */
  onLevel: MutableRefObject<(dbfs: number) => void>;
  sessionMs: () => number;
}

/**
 * Starting and ending answers (button, shortcut, or the voice itself), pause and End. The
 * handlers read the latest state from a ref, so they stay stable and ignore presses in the
 * wrong phase instead of being disabled (which would drop keyboard focus).
 */
export function useAnswerControls({
  state,
  dispatch,
  client,
  inputMode,
  gate,
  pausedRef,
  recorder,
  onLevel,
  sessionMs,
}: AnswerControlsOptions) {
  const stateRef = useRef(state);
  stateRef.current = state;

  const startAnswer = useCallback(() => {
    const s = stateRef.current;
    if (s.phase !== "question" || s.paused || !s.question) return;
    window.speechSynthesis?.cancel();
    client?.sendEvent(sessionMs(), "answer_started", s.question.id);
    dispatch({ type: "answerStarted", at: performance.now() });
    // sessionMs reads a ref; dispatch is stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  const endAnswer = useCallback(() => {
    const s = stateRef.current;
    if (s.phase !== "answering" || !s.question) return;
    const id = s.question.id;
    client?.sendEvent(sessionMs(), "answer_ended", id);
    dispatch({ type: "answerEnded" });
    setTimeout(() => dispatch({ type: "saveTimedOut", questionId: id }), SAVE_TIMEOUT_MS);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  // Speech starts an answer and a long silence ends it (levels are read on this device).
  onLevel.current = (dbfs: number) => {
    if (pausedRef.current) return;
    const s = stateRef.current;
    if (s.phase !== "question" && s.phase !== "answering") return;
    // Read aloud through speakers, the question's own voice reaches the microphone (browsers'
    // echo cancellation does not cover speech synthesis) and would start the answer, which
    // cancels the reading. While the browser speaks, the local level does not count.
    if (s.phase === "question" && window.speechSynthesis?.speaking) {
      gate.reset();
      return;
    }
    const what = gate.update(dbfs, 50, performance.now());
    if (what === "speech_started" && s.phase === "question") startAnswer();
    else if (what === "long_silence" && s.phase === "answering") endAnswer();
  };

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
  }, [dispatch, pausedRef]);

  useEffect(() => {
    if (state.paused) recorder.current?.pause();
    else recorder.current?.resume();
  }, [state.paused, recorder]);

  const requestEnd = useCallback(() => {
    const s = stateRef.current;
    // An answer in progress is closed first so the server saves it with the session.
    if (s.phase === "answering" && s.question) client?.sendEvent(sessionMs(), "answer_ended", s.question.id);
    dispatch({ type: "endRequested" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

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

  return { startAnswer, endAnswer, togglePause, requestEnd };
}
