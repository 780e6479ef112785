import type { Attempt, QuestionAttempts } from "./api";

const DIMENSION_LABEL: Record<string, string> = {
  communication: "Communication",
  confidence: "Delivery",
  structure: "Structure",
  relevance: "Relevance",
};
const STAR_PARTS = ["situation", "task", "action", "result"] as const;

function score(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : String(Math.round(value));
}

function Column({ attempt, label, best }: { attempt: Attempt; label: string; best: boolean }) {
  return (
    <div className="before-after__column">
      <h5>{best ? `${label} (best)` : label}</h5>
      <p className="before-after__mode">{attempt.input_mode === "voice" ? "Spoken" : "Typed"}</p>
      <dl className="before-after__figures">
        <dt>Overall</dt>
        <dd>{score(attempt.overall)}</dd>
        {Object.entries(attempt.scores).map(([dim, v]) => (
          <div key={dim} className="before-after__pair">
            <dt>{DIMENSION_LABEL[dim] ?? dim}</dt>
            <dd>{v.measured ? score(v.score) : "Not measured"}</dd>
          </div>
        ))}
        <dt>Pace</dt>
        <dd>{attempt.pace_wpm === null ? "Not measured (typed)" : `${Math.round(attempt.pace_wpm)} wpm`}</dd>
        <dt>Fillers</dt>
        <dd>{attempt.fillers}</dd>
        <dt>Long pauses</dt>
        <dd>{attempt.long_pauses === null ? "Not measured (typed)" : attempt.long_pauses}</dd>
        <dt>Hedges</dt>
        <dd>{attempt.hedges}</dd>
        <dt>Weak openers</dt>
        <dd>{attempt.weak_openers}</dd>
        <dt>Repeated words</dt>
        <dd>{attempt.repeats}</dd>
        <dt>Pitch range</dt>
        <dd>{attempt.voice_range_st === null ? "Not measured" : `${attempt.voice_range_st.toFixed(1)} semitones`}</dd>
        <dt>Words</dt>
        <dd>{attempt.word_count}</dd>
      </dl>
      <p className="before-after__voice">{attempt.voice_note}</p>
      {attempt.star_expected ? (
        <ul className="before-after__star" aria-label={`STAR parts, ${label}`}>
          {STAR_PARTS.map((p) => (
            <li key={p}>
              {attempt.star[p] ? "✓" : "✗"} {p}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="before-after__points">
        Key points: {attempt.key_points_covered.length > 0 ? attempt.key_points_covered.join(", ") : "none yet"}
      </p>
      <blockquote className="before-after__transcript">{attempt.transcript}</blockquote>
    </div>
  );
}

/** The first attempt beside the latest one, and what changed between them. */
export function BeforeAfter({ data }: { data: QuestionAttempts }) {
  const first = data.attempts[0];
  const latest = data.attempts[data.attempts.length - 1];
  if (!first || !latest || data.attempts.length < 2) return null;
  return (
    <section className="before-after" aria-label={`Before and after, question ${data.sequence_no}`}>
      <div className="before-after__columns">
        <Column attempt={first} label="First attempt" best={data.best_attempt_no === first.attempt_no} />
        <Column
          attempt={latest}
          label={`Attempt ${latest.attempt_no}`}
          best={data.best_attempt_no === latest.attempt_no}
        />
      </div>
      <h5>What changed</h5>
      {data.changes.length > 0 ? (
        <ul className="before-after__changes">
          {data.changes.map((c, i) => (
            <li key={i} className={c.better === true ? "better" : c.better === false ? "worse" : undefined}>
              {c.better === true ? "↑ " : c.better === false ? "↓ " : ""}
              {c.text}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing measurable changed.</p>
      )}
      <p className="before-after__note">
        {data.retries} {data.retries === 1 ? "retry" : "retries"}; best attempt: {data.best_attempt_no}. {data.note}
      </p>
    </section>
  );
}
