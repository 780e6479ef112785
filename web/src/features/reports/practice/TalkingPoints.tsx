import { describeError } from "../../../lib/apiError";
import { useTalkingPoints } from "./api";

/** The points a strong answer covers, ticked and quoted where an attempt made them. */
export function TalkingPointsList({ sessionId, questionId }: { sessionId: string; questionId: string }) {
  const points = useTalkingPoints(sessionId, questionId, true);
  if (points.isPending) return <p>Loading talking points…</p>;
  if (points.isError) return <p>Talking points could not be loaded: {describeError(points.error)}</p>;
  if (points.data.points.length === 0)
    return <p>This question has no list of talking points (a follow-up or closing question asks for one thing).</p>;
  return (
    <ul className="talking-points" aria-label="Talking points">
      {points.data.points.map((p) => (
        <li key={p.name} className={p.hit ? "talking-points__hit" : "talking-points__miss"}>
          <span aria-hidden="true">{p.hit ? "✓" : "○"} </span>
          <span className="visually-hidden">{p.hit ? "Covered: " : "Not covered yet: "}</span>
          {p.name}
          {p.source === "job" ? <span className="talking-points__tag"> (from the job)</span> : null}
          {p.hit && p.quote ? (
            <q className="talking-points__quote">
              {p.quote}
              {p.attempt_no && p.attempt_no > 1 ? ` (attempt ${p.attempt_no})` : ""}
            </q>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
