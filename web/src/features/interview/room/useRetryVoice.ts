import { useCallback, useMemo, useRef, type MutableRefObject } from "react";
import type { RoomVoice } from "./AfterAnswerSlot";
import type { RoomState } from "./roomMachine";

/**
 * What the room gives a spoken retry: recording is refused while an answer is being given
 * (both would be one voice on one microphone), and while a retry records the room is paused,
 * so the live stream neither sends the retry's audio nor takes it for the next answer (the
 * speech gate starts an answer on voice). The room resumes only if the retry paused it.
 */
export function useRetryVoice(state: RoomState, togglePause: () => void): RoomVoice {
  const stateRef: MutableRefObject<RoomState> = useRef(state);
  stateRef.current = state;
  const pausedByRetry = useRef(false);
  const toggle = useRef(togglePause);
  toggle.current = togglePause;

  const onRecording = useCallback((recording: boolean) => {
    const paused = stateRef.current.paused;
    if (recording && !paused) {
      pausedByRetry.current = true;
      toggle.current();
    } else if (!recording && pausedByRetry.current) {
      pausedByRetry.current = false;
      if (paused) toggle.current();
    }
  }, []);
  const answering = state.phase === "answering" || state.phase === "saving";
  const blocked = answering ? "Finish the answer you are giving first; then record the retry." : null;
  return useMemo(() => ({ blocked, onRecording }), [blocked, onRecording]);
}
