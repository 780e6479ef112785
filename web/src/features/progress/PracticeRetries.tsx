import { useId } from "react";
import { Link } from "react-router";
import { reportPath } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { describeError } from "../../lib/apiError";
import { formatDate } from "../../lib/dates";
import { signed } from "../../lib/numbers";
import { usePracticeProgress } from "./api";
import type { Progress } from "./types";

const score = (v: number | null) => (v === null ? "not scored" : String(Math.round(v)));

/**
 * "Answered again": the retries the candidate made from a report or the room, per session the
 * mean overall of the first attempts against the mean of each question's best attempt (the
 * figure progress counts), as `GET /v1/users/me/practice` serves them.
 */
export function PracticeRetries({ progress }: { progress: Progress }) {
  const id = useId();
  const practice = usePracticeProgress();
  const titles = new Map(progress.sessions.map((s) => [s.session_id, s]));
  return (
    <section className="card progress-section" aria-labelledby={id}>
      <h2 id={id}>Answered again</h2>
      {practice.isPending ? (
        <Loading label="Loading your retries…" />
      ) : practice.isError ? (
        <Alert tone="error" title="Your retries could not be loaded">
          <p>{describeError(practice.error)}</p>
        </Alert>
      ) : practice.data.sessions.length === 0 ? (
        <p className="muted">
          No retries yet. In a report (or right after an answer in the room) choose “Answer again” to try a question
          once more; the first and the best attempt then show here.
        </p>
      ) : (
        <>
          <p className="muted">
            {practice.data.retries_total} retr{practice.data.retries_total === 1 ? "y" : "ies"} in{" "}
            {practice.data.sessions.length} session{practice.data.sessions.length === 1 ? "" : "s"}. Progress counts
            each question’s best attempt.
          </p>
          <table className="data-table">
            <caption className="visually-hidden">Retries per session, most recent retry first</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Retries</th>
                <th scope="col">First attempts (mean overall)</th>
                <th scope="col">Best attempts (mean overall)</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {practice.data.sessions.map((s) => {
                const known = titles.get(s.session_id);
                const first = s.first_attempt_overall;
                const best = s.best_attempt_overall;
                return (
                  <tr key={s.session_id}>
                    <th scope="row">
                      <Link to={reportPath(s.session_id)}>
                        {known ? `${known.title}, ${formatDate(known.ended_at)}` : "Session report"}
                      </Link>
                    </th>
                    <td>{s.retries}</td>
                    <td>{score(first)}</td>
                    <td>{score(best)}</td>
                    <td>{first === null || best === null ? "–" : signed(best - first)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
