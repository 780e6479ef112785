import { useId, useState, type ReactNode } from "react";

/** The question whose answer the server last confirmed as stored. */
export interface AnsweredQuestion {
  id: string;
  sequenceNo: number;
  text: string;
}

/**
 * What the app shows for an answered question (talking points, "Answer again"). The room takes
 * it as a prop because features do not import each other: app/routes composes the two.
 */
export type AfterAnswerRenderer = (p: { sessionId: string; questionId: string; questionText: string }) => ReactNode;

/**
 * Opt-in help for the answer just saved: closed until the candidate opens it (a disclosure
 * button, so Tab and Enter or Space reach it), never focused or announced, so the next question goes
 * on as if it were not there. Its content is rendered only while open: nothing is fetched for
 * a candidate who ignores it.
 */
export function AfterAnswerSlot({
  sessionId,
  answered,
  render,
}: {
  sessionId: string;
  answered: AnsweredQuestion;
  render: AfterAnswerRenderer;
}) {
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <section className="card room__after-answer" aria-label={`After question ${answered.sequenceNo}`}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => setOpen((v) => !v)}
      >
        {open ? "Hide" : "Show"} talking points and Answer again for question {answered.sequenceNo} (optional)
      </button>
      <div id={panel}>{open ? render({ sessionId, questionId: answered.id, questionText: answered.text }) : null}</div>
    </section>
  );
}
