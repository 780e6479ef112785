import type { RefObject } from "react";
import { clock } from "./RoomParts";
import type { RoomState } from "./roomMachine";

/** The spoken answer's panel: what to do now, the answer clock, the buttons, the last words heard. */
export function SpokenAnswer({
  state,
  answerS,
  lastTranscript,
  doneButton,
  onStart,
  onDone,
}: {
  state: RoomState;
  answerS: number | null;
  lastTranscript: string;
  doneButton: RefObject<HTMLButtonElement | null>;
  onStart: () => void;
  onDone: () => void;
}) {
  return (
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
          onClick={onStart}
          aria-disabled={state.phase !== "question" || state.paused}
          aria-keyshortcuts="Alt+A"
        >
          Start answering
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={onDone}
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
  );
}
