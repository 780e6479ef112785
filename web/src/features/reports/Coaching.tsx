import { useId } from "react";
import type { DimensionKey, Drill, Highlight } from "./types";

type Labels = Partial<Record<DimensionKey, string>>;

function HighlightList({
  title,
  items,
  labels,
  empty,
}: {
  title: string;
  items: Highlight[];
  labels: Labels;
  empty: string;
}) {
  const id = useId();
  return (
    <section className="highlights" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ol className="highlight-list">
          {items.map((h, i) => (
            <li key={`${h.key}-${i}`}>
              <span className="tag">{labels[h.dimension] ?? h.dimension}</span> {h.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Top strengths and the top areas to work on, each tagged with its dimension. */
export function StrengthsAndImprovements({
  strengths,
  improvements,
  labels,
}: {
  strengths: Highlight[];
  improvements: Highlight[];
  labels: Labels;
}) {
  return (
    <section className="card report-section" aria-labelledby="highlights-title" id="highlights">
      <h2 id="highlights-title">What went well and what to work on</h2>
      <div className="two-col">
        <HighlightList
          title="Strengths"
          items={strengths}
          labels={labels}
          empty="Nothing stood out yet; keep practising."
        />
        <HighlightList
          title="To work on next"
          items={improvements}
          labels={labels}
          empty="No clear area to improve stood out in this session."
        />
      </div>
    </section>
  );
}

const PRIORITY_LABEL: Record<Drill["priority"], string> = { high: "Do first", medium: "Next", low: "Optional" };

/** Drills chosen for the weakest dimensions: what to practise, how, for how long, and why. */
export function Drills({ drills, labels }: { drills: Drill[]; labels: Labels }) {
  return (
    <section className="card report-section" aria-labelledby="drills-title" id="drills">
      <h2 id="drills-title">Drills for you</h2>
      {drills.length === 0 ? (
        <p className="muted">No drills suggested for this session.</p>
      ) : (
        <ul className="drill-list">
          {drills.map((d) => (
            <li key={d.id} className="drill">
              <h3 className="drill__title">{d.title}</h3>
              <p className="drill__meta">
                <span className={`tag tag--${d.priority}`}>{PRIORITY_LABEL[d.priority]}</span> {d.minutes} min ·{" "}
                {labels[d.dimension as DimensionKey] ?? d.dimension}
              </p>
              <p>{d.why}</p>
              <ol className="drill__steps">
                {d.how.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
              <p className="muted small">{d.reason}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
