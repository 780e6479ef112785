/**
 * The interview room's flow as a pure reducer, so its rules can be tested without a browser:
 *
 *   starting -> loading -> question -> answering -> saving -> loading -> ... -> ending -> ended
 *
 * - `question`: the card is shown (`question_shown` sent); the candidate starts answering by
 *   button, shortcut or by starting to speak.
 * - `saving`: `answer_ended` was sent; the server answers `answer_saved` once the answer is
 *   transcribed and stored. A timeout moves on anyway so a slow server never blocks the
 *   interview (the answer is still saved server-side when its transcription finishes).
 * - A 204 from /questions/next (time is up) or the End button goes to `ending`.
 * - Pause is orthogonal to the phase: capture stops sending, the socket stays open.
 */
export type InputMode = "camera" | "audio" | "typed";

export interface RoomQuestion {
  id: string;
  sequenceNo: number;
  text: string;
  followUpReason: string | null;
  expectedSeconds: number;
  /** Seconds left in the session when the question was fetched. */
  timeLeftS: number;
}

export type Phase = "starting" | "loading" | "question" | "answering" | "saving" | "ending" | "ended" | "error";

export interface RoomState {
  phase: Phase;
  paused: boolean;
  question: RoomQuestion | null;
  /** performance.now() when the current answer started (null outside `answering`). */
  answerStartedAt: number | null;
  answered: number;
  /** Answers whose save confirmation did not arrive in time (they may still be saved). */
  unconfirmed: number;
  /** Why the session ended: the candidate, or the time budget. */
  endReason: "user" | "time" | null;
  error: string | null;
}

export type RoomAction =
  | { type: "started" }
  | { type: "questionLoaded"; question: RoomQuestion }
  | { type: "noMoreQuestions" }
  | { type: "answerStarted"; at: number }
  | { type: "answerEnded" }
  | { type: "answerSaved"; questionId: string }
  | { type: "saveTimedOut"; questionId: string }
  | { type: "typedSubmitted" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "endRequested" }
  | { type: "ended" }
  | { type: "failed"; message: string };

export const initialRoomState: RoomState = {
  phase: "starting",
  paused: false,
  question: null,
  answerStartedAt: null,
  answered: 0,
  unconfirmed: 0,
  endReason: null,
  error: null,
};

const isOver = (phase: Phase) => phase === "ending" || phase === "ended";

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case "started":
      return state.phase === "starting" ? { ...state, phase: "loading" } : state;
    case "questionLoaded":
      if (state.phase !== "loading") return state;
      return { ...state, phase: "question", question: action.question, answerStartedAt: null };
    case "noMoreQuestions":
      if (isOver(state.phase)) return state;
      return { ...state, phase: "ending", endReason: "time", paused: false };
    case "answerStarted":
      // Paused: the microphone is not sent, so an answer cannot start.
      if (state.phase !== "question" || state.paused) return state;
      return { ...state, phase: "answering", answerStartedAt: action.at };
    case "answerEnded":
      if (state.phase !== "answering") return state;
      return { ...state, phase: "saving", answerStartedAt: null };
    case "answerSaved":
      if (state.phase !== "saving" || state.question?.id !== action.questionId) return state;
      return { ...state, phase: "loading", answered: state.answered + 1 };
    case "saveTimedOut":
      if (state.phase !== "saving" || state.question?.id !== action.questionId) return state;
      return { ...state, phase: "loading", answered: state.answered + 1, unconfirmed: state.unconfirmed + 1 };
    case "typedSubmitted":
      if (state.phase !== "question" && state.phase !== "answering") return state;
      return { ...state, phase: "loading", answered: state.answered + 1, answerStartedAt: null };
    case "pause":
      return isOver(state.phase) || state.phase === "error" ? state : { ...state, paused: true };
    case "resume":
      return { ...state, paused: false };
    case "endRequested":
      if (isOver(state.phase)) return state;
      return { ...state, phase: "ending", endReason: "user", paused: false };
    case "ended":
      return { ...state, phase: "ended" };
    case "failed":
      return { ...state, phase: "error", error: action.message };
  }
}

/**
 * Decides from microphone levels when an answer starts and when it ends by silence. Levels
 * are read locally (not from server cues) so the flow keeps working when the server is slow.
 */
export class SpeechGate {
  private voicedMs = 0;
  private lastVoiceAt: number | null = null;

  constructor(
    private readonly thresholdDbfs = -42,
    /** Voiced time before speech counts as started (ignores clicks and coughs). */
    private readonly startAfterMs = 300,
    /** Silence after speech that ends the answer. */
    readonly silenceEndMs = 6_000,
  ) {}

  /** Feed one level reading of `frameMs` at time `now`; returns what happened. */
  update(dbfs: number, frameMs: number, now: number): "speech_started" | "long_silence" | null {
    if (dbfs > this.thresholdDbfs) {
      const wasSpeaking = this.voicedMs >= this.startAfterMs;
      this.voicedMs += frameMs;
      this.lastVoiceAt = now;
      if (!wasSpeaking && this.voicedMs >= this.startAfterMs) return "speech_started";
      return null;
    }
    if (this.voicedMs < this.startAfterMs) {
      // Short blips do not accumulate across long gaps.
      if (this.lastVoiceAt !== null && now - this.lastVoiceAt > 1_000) this.voicedMs = 0;
      return null;
    }
    if (this.lastVoiceAt !== null && now - this.lastVoiceAt >= this.silenceEndMs) {
      this.reset();
      return "long_silence";
    }
    return null;
  }

  reset(): void {
    this.voicedMs = 0;
    this.lastVoiceAt = null;
  }
}
