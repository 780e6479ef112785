import type { components } from "../../client/schema";
import { formatClock, spokenClock } from "./format";
import type { Answer, ReportReady } from "./types";

type Schemas = components["schemas"];
type HabitSection = Schemas["HabitSectionOut"];
type HabitItem = Schemas["HabitItemOut"];
type HabitMoment = Schemas["HabitMomentOut"];
type SessionSection = Schemas["SessionHabitSectionOut"];

/** The three kinds of language habit, in the order the report lists them after fillers. */
const KINDS = [
  { key: "hedges", label: "Hedges", hint: "softeners such as “I think”, “maybe”, “sort of”" },
  { key: "openers", label: "Weak openers", hint: "starts such as “So, um”, “Basically”, “I mean”" },
  { key: "repeats", label: "Repeated words and phrases", hint: "used more often than the answer’s length explains" },
] as const;

function times(n: number): string {
  return n === 1 ? "once" : `${n} times`;
}

/** Where a habit happened: the time in the session when spoken, the word position when typed. */
function MomentPlace({ moment }: { moment: HabitMoment }) {
  if (moment.at !== null) {
    return (
      <time aria-label={spokenClock(moment.at)} dateTime={`PT${Math.round(moment.at)}S`}>
        {formatClock(moment.at)}
      </time>
    );
  }
  return <span>word {moment.word + 1}</span>;
}

function ItemMoments({ item }: { item: HabitItem }) {
  return (
    <li className="habit-item">
      <strong>“{item.text}”</strong> {times(item.count)}
      {item.threshold != null && (
        <span className="muted small"> (a habit from {item.threshold} in an answer this long)</span>
      )}
      <ul className="habit-moments">
        {item.moments.map((m) => (
          <li key={`${m.word}-${m.char}`}>
            <MomentPlace moment={m} />: <q>{m.context}</q>
          </li>
        ))}
      </ul>
    </li>
  );
}

function SectionLine({ label, hint, section }: { label: string; hint: string; section: HabitSection }) {
  return (
    <div className="habit-section">
      <dt>
        {label} <span className="muted small">({hint})</span>
      </dt>
      <dd>
        {section.count === 0 ? (
          "None"
        ) : (
          <>
            {section.count}
            {section.per_100_words !== null && (
              <span className="muted small"> · {section.per_100_words} per 100 words</span>
            )}
            <ul className="habit-items">
              {section.items.map((it) => (
                <ItemMoments key={it.text} item={it} />
              ))}
            </ul>
          </>
        )}
      </dd>
    </div>
  );
}

/** One answer's fillers, hedges, weak openers and repeats side by side, then its voice variety. */
export function AnswerHabits({ answer, answerIndex }: { answer: Answer; answerIndex: number }) {
  const habits = answer.language_habits;
  const voice = answer.voice_variety;
  if (!habits && !voice) return null;
  const typed = answer.input_mode === "typed";
  const stretches = voice?.monotone ?? [];
  return (
    <section className="delivery-habits" aria-label={`Language habits and voice of answer ${answerIndex + 1}`}>
      <h4 className="answer-card__sub">Language habits</h4>
      {habits && (
        <>
          {!typed && !habits.timed && (
            <p className="muted small">No word timings were stored for this answer: places are word positions.</p>
          )}
          <dl className="habit-list">
            <div className="habit-section">
              <dt>Fillers</dt>
              <dd>{answer.fillers.length === 0 ? "None" : answer.fillers.length} (marked in the transcript)</dd>
            </div>
            {KINDS.map((k) => (
              <SectionLine key={k.key} label={k.label} hint={k.hint} section={habits[k.key]} />
            ))}
          </dl>
        </>
      )}
      {voice && !typed && (
        <>
          <h4 className="answer-card__sub">Voice variety</h4>
          <p>{voice.measured ? voice.summary : voice.reason}</p>
          {stretches.length > 0 && (
            <ul className="monotone-list" aria-label={`Flat stretches in answer ${answerIndex + 1}`}>
              {stretches.map((m) => (
                <li key={m.start}>
                  <time>{formatClock(m.start)}</time>–<time>{formatClock(m.end)}</time>: {m.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function SessionLine({ label, section }: { label: string; section: SessionSection }) {
  const top = section.items.slice(0, 5);
  return (
    <div className="habit-section">
      <dt>{label}</dt>
      <dd>
        {section.count === 0
          ? "None"
          : `${section.count} · ${top
              .map((it) => `“${it.text}” ${times(it.count)} (answer ${it.answers.map((a) => a + 1).join(", ")})`)
              .join("; ")}`}
      </dd>
    </div>
  );
}

/** The session's habits and voice variety in one place; the answers hold the moments. */
export function SessionHabits({ report }: { report: ReportReady }) {
  const habits = report.language_habits;
  const voice = report.voice_variety;
  if (!habits && !voice) return null;
  const fillers = report.answers.reduce((n, a) => n + a.fillers.length, 0);
  return (
    <section className="card report-section" aria-labelledby="habits-title" id="habits">
      <h2 id="habits-title">Language habits and voice</h2>
      {habits && (
        <dl className="habit-list">
          <div className="habit-section">
            <dt>Fillers</dt>
            <dd>{fillers === 0 ? "None" : fillers}</dd>
          </div>
          {KINDS.map((k) => (
            <SessionLine key={k.key} label={k.label} section={habits[k.key]} />
          ))}
        </dl>
      )}
      {voice?.measured && <p>{voice.summary}</p>}
      <p className="muted small">
        These count words and measure how far your pitch moved: observable delivery, nothing more. Each answer below
        lists the moments.
      </p>
    </section>
  );
}
