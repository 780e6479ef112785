import { useId, useState, type ReactNode } from "react";

/** The question whose answer the server last confirmed as stored. */
export interface AnsweredQuestion {
  id: string;
  sequenceNo: number;
  text: string;
}

/** What the room tells a spoken retry: whether recording is possible now, and a hook to pause. */
export interface RoomVoice {
  /** Why a retry cannot be recorded right now (an answer is being given), or null. */
  blocked: string | null;
  /** Called when a retry's recording starts and stops: the room pauses its live capture. */
  onRecording: (recording: boolean) => void;
}

/**
 * What the app shows for an answered question (talking points, "Answer again"). The room takes
 * it as a prop because features do not import each other: app/routes composes the two.
 */
export type AfterAnswerRenderer = (p: {
  sessionId: string;
  questionId: string;
  questionText: string;
  voice: RoomVoice;
}) => ReactNode;

/**
 * Opt-in help for an answer saved: closed until the candidate opens it (a disclosure button,
 * so Tab and Enter or Space reach it), never focused or announced, so the next question goes
 * on as if it were not there. Nothing is rendered (or fetched) until it is first opened; from
 * then on its content stays mounted while hidden, so a half-typed retry survives Hide, and the
 * room keeps the slot (`onOpened`) after the next answer is confirmed.
 */
export function AfterAnswerSlot({
  sessionId,
  answered,
  render,
  voice,
  onOpened,
}: {
  sessionId: string;
  answered: AnsweredQuestion;
  render: AfterAnswerRenderer;
  voice: RoomVoice;
  onOpened?: (questionId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const panel = useId();
  return (
    <section className="card room__after-answer" aria-label={`After question ${answered.sequenceNo}`}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => {
          if (!opened) {
            setOpened(true);
            onOpened?.(answered.id);
          }
          setOpen((v) => !v);
        }}
      >
        {open ? "Hide" : "Show"} talking points and Answer again for question {answered.sequenceNo} (optional)
      </button>
      <div id={panel} hidden={!open}>
        {opened ? render({ sessionId, questionId: answered.id, questionText: answered.text, voice }) : null}
      </div>
    </section>
  );
}
