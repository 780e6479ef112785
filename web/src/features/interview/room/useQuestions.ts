import { useEffect, useRef, useState, type Dispatch } from "react";
import { ApiError, describeError } from "../../../lib/apiError";
import type { LiveClient } from "../live/liveClient";
import { useRoomApi, type NextQuestion } from "./api";
import type { RoomAction, RoomQuestion, RoomState, SpeechGate } from "./roomMachine";

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

export interface QuestionsOptions {
  sessionId: string;
  state: RoomState;
  dispatch: Dispatch<RoomAction>;
  client: LiveClient | null;
  gate: SpeechGate;
  readAloud: boolean;
  sessionMs: () => number;
  /** Each question carries the session's time left: the room's clock follows it. */
  setDeadline: (at: number) => void;
}

/**
 * The next question whenever the room is `loading` (after start and after each answer), then
 * `question_shown` on the socket and, when asked for, the question read aloud. A 204 or a 409
 * ends the interview; any other failure shows `loadError` with a retry.
 */
export function useQuestions({
  sessionId,
  state,
  dispatch,
  client,
  gate,
  readAloud,
  sessionMs,
  setDeadline,
}: QuestionsOptions) {
  const roomApi = useRoomApi(sessionId);
  const apiRef = useRef(roomApi);
  apiRef.current = roomApi;
  const [loadError, setLoadError] = useState<string | null>(null);

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
    // Loads once per answer (and again on a retry), not when the callbacks change identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.phase, state.answered, retrying]);

  const questionId = state.question?.id;
  const showing = state.phase === "question";
  useEffect(() => {
    if (!showing || !questionId) return;
    gate.reset();
    client?.sendEvent(sessionMs(), "question_shown", questionId);
    if (readAloud && "speechSynthesis" in window && state.question) {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(state.question.text));
    }
    // Announce once per question, not when read-aloud is toggled.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [questionId, showing]);

  return { loadError, retry: () => setLoadError("retry") };
}
