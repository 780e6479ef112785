import { useEffect, useState } from "react";
import { Alert } from "../../../components/Alert";
import { Loading } from "../../../components/Loading";
import type { Phase, RoomQuestion } from "./roomMachine";

/** "m:ss" for a number of seconds (never negative). */
export function clock(totalS: number): string {
  const s = Math.max(0, Math.round(totalS));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The current time, re-read every `ms` (the room's clocks tick with it). */
export function useNow(ms = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

const CONNECTION_TEXT: Record<string, string> = {
  idle: "Not connected",
  connecting: "Connecting…",
  authenticating: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting… (your answer is kept and resent)",
  failed: "Connection lost: type your answers or end the session",
  closed: "Disconnected",
  typed: "Typed answers",
};

export function ConnectionBadge({ status }: { status: string }) {
  return (
    <p className={`room__conn room__conn--${status}`} role="status">
      Connection: {CONNECTION_TEXT[status] ?? status}
    </p>
  );
}

/** The question on screen, or what the room is waiting for instead. */
export function QuestionCard({
  question: q,
  phase,
  loadError,
  onRetry,
}: {
  question: RoomQuestion | null;
  phase: Phase;
  loadError: string | null;
  onRetry: () => void;
}) {
  return (
    <section className="card question-card" aria-labelledby="question-heading" aria-live="polite">
      <h2 id="question-heading">
        {q ? `Question ${q.sequenceNo}` : "Question"}
        {q?.followUpReason ? <span className="question-card__followup"> · Follow-up</span> : null}
      </h2>
      {phase === "starting" ? <Loading label="Starting the session…" /> : null}
      {phase === "loading" && !loadError ? <Loading label="Loading the next question…" /> : null}
      {loadError ? (
        <Alert tone="error" title="The next question did not load">
          <p>{loadError}</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </Alert>
      ) : null}
      {q && phase !== "loading" ? <p className="question-card__text">{q.text}</p> : null}
      {q && phase !== "loading" ? (
        <p className="question-card__meta">
          Aim for about{" "}
          {q.expectedSeconds < 90
            ? `${q.expectedSeconds} seconds`
            : `${Math.round(q.expectedSeconds / 30) / 2} minutes`}
          .
        </p>
      ) : null}
    </section>
  );
}
