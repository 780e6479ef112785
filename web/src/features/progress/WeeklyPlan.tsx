import { useId } from "react";
import { Link } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { describeError } from "../../lib/apiError";
import { formatWeekday } from "../../lib/dates";
import { usePlanItemDone } from "./api";
import type { Insights, PlanDay, PlanItem, WeeklyPlan as Plan } from "./types";

/** Plan dates are calendar days ("2026-11-25"), read as local dates. */
const dayLabel = formatWeekday;

function PlanItemRow({ item }: { item: PlanItem }) {
  const done = usePlanItemDone();
  const id = useId();
  return (
    <li className={`plan-item${item.done ? " plan-item--done" : ""}`}>
      <div className="plan-item__check">
        <input
          id={id}
          type="checkbox"
          checked={item.done}
          aria-describedby={`${id}-meta`}
          onChange={(e) => done.mutate({ itemId: item.id, done: e.currentTarget.checked })}
        />
        <label htmlFor={id}>{item.title}</label>
      </div>
      <p id={`${id}-meta`} className="plan-item__meta">
        {item.minutes} min{item.done ? " · done" : ""}
      </p>
      {item.how.length > 0 && (
        <details className="plan-item__how">
          <summary>
            How<span className="visually-hidden"> to do “{item.title}”</span>
          </summary>
          <ol>
            {item.how.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </details>
      )}
      {done.isError && <Alert tone="error">Could not save this: {describeError(done.error)}</Alert>}
    </li>
  );
}

function Day({ day, today }: { day: PlanDay; today: boolean }) {
  const id = useId();
  const finished = day.items.length > 0 && day.items.every((i) => i.done);
  return (
    <li className={`plan-day${today ? " plan-day--today" : ""}`}>
      <h3 id={id} className="plan-day__title">
        {dayLabel(day.date)}
        {today && <span className="tag tag--today">Today</span>}
        {finished && <span className="tag">All done</span>}
      </h3>
      <p className="plan-day__meta">{day.total_minutes} min</p>
      <ul className="plan-items">
        {day.items.map((item) => (
          <PlanItemRow key={item.id} item={item} />
        ))}
      </ul>
    </li>
  );
}

/** Seven days of drills sized to the daily practice time, with check-offs. */
export function WeeklyPlan({ plan }: { plan: Plan }) {
  const titleId = useId();
  return (
    <section className="card progress-section" aria-labelledby={titleId} id="plan">
      <h2 id={titleId}>Your plan for this week</h2>
      <p className="muted">
        About {plan.daily_minutes} minutes a day, focused on {plan.focus_labels.join(" and ") || "your weakest areas"}.
        The plan is rebuilt when a new session lands. You can change your daily time in{" "}
        <Link to={paths.settings}>Privacy and data</Link>.
      </p>
      <p className="plan-progress" aria-live="polite">
        <strong>
          {plan.done_count} of {plan.item_count}
        </strong>{" "}
        drills done
        <progress max={plan.item_count || 1} value={plan.done_count} aria-hidden="true" />
      </p>
      <ol className="plan-days">
        {plan.days.map((day) => (
          <Day key={day.date} day={day} today={day.date === plan.today} />
        ))}
      </ol>
    </section>
  );
}

/** Dimensions to work on, weakest first (recent sessions count more). */
export function WeakAreas({ areas }: { areas: Insights["weak_areas"] }) {
  const titleId = useId();
  if (areas.length === 0) return null;
  return (
    <section className="card progress-section" aria-labelledby={titleId}>
      <h2 id={titleId}>Where to focus</h2>
      <ol className="weak-areas">
        {areas.map((a) => (
          <li key={a.dimension}>
            <span className="weak-areas__label">{a.label}</span>
            <span className="weak-areas__bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, Math.min(100, a.score))}%` }} />
            </span>
            <span className="weak-areas__score">{Math.round(a.score)}</span>
          </li>
        ))}
      </ol>
      <p className="muted small">Weakest first. Recent sessions count more than older ones.</p>
    </section>
  );
}
