import { describeError } from "../../../lib/apiError";
import { AnswerAgain } from "./AnswerAgain";
import { usePractice, type Practice } from "./api";
import { TalkingPointsList } from "./TalkingPoints";

function JobCoverage({ job }: { job: NonNullable<Practice["job"]> }) {
  return (
    <section className="card report-section" aria-labelledby="job-coverage-title" id="job-coverage">
      <h2 id="job-coverage-title">The job&rsquo;s skills in your answers</h2>
      <div className="job-coverage">
        <div>
          <h3>Covered ({job.covered.length})</h3>
          {job.covered.length === 0 ? <p>None of the job&rsquo;s skills came up yet.</p> : null}
          <ul aria-label="Skills your answers covered">
            {job.covered.map((s) => (
              <li key={s.name}>
                <strong>{s.name}</strong>
                {s.quotes[0] ? (
                  <>
                    {" "}
                    — question {s.quotes[0].sequence_no}
                    {Number(s.quotes[0].attempt_no) > 1 ? `, attempt ${s.quotes[0].attempt_no}` : ""}:{" "}
                    <q>{s.quotes[0].text}</q>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Never came up ({job.never_came_up.length})</h3>
          <ul aria-label="Skills that never came up">
            {job.never_came_up.map((s) => (
              <li key={s.name}>
                <strong>{s.name}</strong> — the job says: <q>{s.evidence}</q>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

/**
 * The practice loop on the report (issue 18): the job's skills against the answers, then each
 * answered question with its talking points and an "answer again" that shows before/after.
 */
export function PracticePanel({ sessionId }: { sessionId: string }) {
  const practice = usePractice(sessionId);
  if (practice.isPending) return <p>Loading retries and talking points…</p>;
  if (practice.isError)
    return (
      <section className="card report-section" aria-labelledby="practise-title">
        <h2 id="practise-title">Practise again</h2>
        <p>Retries and talking points could not be loaded: {describeError(practice.error)}</p>
      </section>
    );
  const data = practice.data;
  return (
    <>
      {data.job ? <JobCoverage job={data.job} /> : null}
      <section className="card report-section" aria-labelledby="practise-title" id="practise">
        <h2 id="practise-title">Practise again</h2>
        <p>
          {data.retries === 0
            ? "Answer any question again to see your attempts side by side."
            : `${data.retries} ${data.retries === 1 ? "retry" : "retries"} so far. First attempts averaged ${
                data.first_attempt_overall ?? "—"
              }; your best attempts average ${data.best_attempt_overall ?? "—"}.`}
        </p>
        <ol className="practise-list">
          {data.questions.map((q) => (
            <li key={q.question_id} className="practise-item">
              <h3>
                Question {q.sequence_no}: {q.question_text}
              </h3>
              <details>
                <summary>Talking points</summary>
                <TalkingPointsList sessionId={sessionId} questionId={q.question_id} />
              </details>
              <AnswerAgain
                sessionId={sessionId}
                questionId={q.question_id}
                questionText={q.question_text}
                initial={q}
              />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
