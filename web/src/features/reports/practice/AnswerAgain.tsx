import { useId, useState, type FormEvent } from "react";
import { Alert } from "../../../components/Alert";
import { describeError } from "../../../lib/apiError";
import { useRetryAnswer, type QuestionAttempts } from "./api";
import { BeforeAfter } from "./BeforeAfter";
import { SpokenRetry, type VoiceHost } from "./SpokenRetry";

/**
 * "Answer again": a typed or spoken retry of one answered question, scored like the first
 * attempt and shown beside it. Usable from the report and, hosted by the room, right after an
 * answer (the room passes `voice` so its live capture pauses while a retry is recorded).
 * A typed draft stays while the form is closed: only a scored attempt clears it.
 */
export function AnswerAgain({
  sessionId,
  questionId,
  questionText,
  initial,
  voice,
}: {
  sessionId: string;
  questionId: string;
  questionText: string;
  initial?: QuestionAttempts | undefined;
  voice?: VoiceHost | undefined;
}) {
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const retry = useRetryAnswer(sessionId, questionId);
  // The newest scored attempt, typed or spoken.
  const [latest, setLatest] = useState<QuestionAttempts | null>(null);
  const shown = latest ?? initial;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    const ended = new Date().toISOString();
    retry.mutate(
      { transcript_text: trimmed, started_at: startedAt ?? ended, ended_at: ended },
      {
        onSuccess: (data) => {
          setLatest(data);
          setText("");
          setStartedAt(null);
          setOpen(false);
        },
      },
    );
  };

  return (
    <div className="answer-again">
      {shown && shown.attempts.length > 1 ? <BeforeAfter data={shown} /> : null}
      {open ? (
        <div className="stack">
          <SpokenRetry sessionId={sessionId} questionId={questionId} host={voice} onScored={setLatest} />
          <form className="form stack" onSubmit={onSubmit} aria-busy={retry.isPending}>
            <label className="field" htmlFor={`${ids}-text`}>
              <span className="field__label">Your new answer to: {questionText} (typed)</span>
            </label>
            <textarea
              id={`${ids}-text`}
              rows={6}
              value={text}
              maxLength={20000}
              onChange={(e) => {
                if (startedAt === null) setStartedAt(new Date().toISOString());
                setText(e.target.value);
              }}
            />
            {retry.isError ? <Alert tone="error">{describeError(retry.error)}</Alert> : null}
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={!text.trim() || retry.isPending}>
                {retry.isPending ? "Scoring…" : "Score this attempt"}
              </button>
              <button type="button" className="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {text.trim() ? "Answer again (your typed draft is kept)" : "Answer again"}
        </button>
      )}
    </div>
  );
}
