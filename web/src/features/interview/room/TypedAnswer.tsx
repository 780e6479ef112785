import { useState, type FormEvent } from "react";
import { describeError } from "../../../lib/apiError";
import { useRoomApi } from "./api";
import type { RoomQuestion } from "./roomMachine";

/** A typed answer to the question on screen (typed-only rooms, or when the devices failed). */
export function TypedAnswer({
  sessionId,
  question,
  onSaved,
}: {
  sessionId: string;
  question: RoomQuestion | null;
  onSaved: () => void;
}) {
  const roomApi = useRoomApi(sessionId);
  const [text, setText] = useState("");
  const [startedAt] = useState(() => new Date().toISOString());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!question) return;
    if (!text.trim()) {
      setError("Type an answer first (it is empty).");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await roomApi.respond({
        question_id: question.id,
        transcript_text: text,
        started_at: startedAt,
        ended_at: new Date().toISOString(),
      });
      onSaved();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form answer-panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby="typed-heading">
      <h2 id="typed-heading">Your answer</h2>
      <label className="field">
        <span className="field__label">Type your answer</span>
        <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} disabled={!question || busy} />
      </label>
      {error ? <p className="field__error">{error}</p> : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={!question || busy}>
          {busy ? "Saving…" : "Submit answer"}
        </button>
      </div>
    </form>
  );
}
