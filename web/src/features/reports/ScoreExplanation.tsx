import { useId } from "react";
import { formatScore } from "./format";
import { DIMENSIONS, type Dimension, type Factor } from "./types";

/**
 * One reason behind a score. The effect is shown as a sign, a word for screen readers and a
 * colour, so it never rests on colour alone.
 */
export function FactorItem({ factor }: { factor: Factor }) {
  const plus = factor.effect === "+";
  const sources = factor.sources ?? [];
  return (
    <li className={`factor factor--${plus ? "plus" : "minus"}`}>
      <span className="factor__effect" aria-hidden="true">
        {plus ? "+" : "−"}
      </span>
      <span className="factor__body">
        <span className="visually-hidden">{plus ? "Raised the score: " : "Lowered the score: "}</span>
        {factor.text}
        {sources.length > 0 && (
          <details className="factor__sources">
            <summary>Based on</summary>
            <ul>
              {sources.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </details>
        )}
      </span>
    </li>
  );
}

export function FactorList({
  factors,
  label,
  listName = `Reasons behind the ${label} score`,
}: {
  factors: readonly Factor[];
  label: string;
  listName?: string;
}) {
  if (factors.length === 0) return <p className="muted">No single factor stood out for {label.toLowerCase()}.</p>;
  // Reasons that raised the score first, then those that lowered it, as the server ranked them.
  const sorted = [...factors.filter((f) => f.effect === "+"), ...factors.filter((f) => f.effect === "-")];
  return (
    <ul className="factor-list" aria-label={listName}>
      {sorted.map((f, i) => (
        <FactorItem key={`${f.key}-${i}`} factor={f} />
      ))}
    </ul>
  );
}

function DimensionExplanation({ dim }: { dim: Dimension }) {
  const id = useId();
  return (
    <section className="explain" aria-labelledby={id}>
      <h3 id={id}>
        {dim.label} <span className="explain__score">{formatScore(dim.score)}</span>
      </h3>
      <FactorList factors={dim.factors} label={dim.label} />
      {dim.warnings.length > 0 && (
        <ul className="warning-list" aria-label={`Notes on the ${dim.label} score`}>
          {dim.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Why each dimension scored what it did: its top factors with their evidence and the norms cited. */
export function ScoreExplanation({ dimensions }: { dimensions: Partial<Record<string, Dimension>> }) {
  return (
    <section className="card report-section" aria-labelledby="explain-title" id="explanation">
      <h2 id="explain-title">Why these scores</h2>
      <p className="muted">
        <span className="factor-key factor-key--plus">+</span> raised a score,{" "}
        <span className="factor-key factor-key--minus">−</span> lowered it. Each reason shows the evidence from your
        answers and the usual range it is compared with.
      </p>
      <div className="explain-grid">
        {DIMENSIONS.map((k) => {
          const dim = dimensions[k];
          return dim ? <DimensionExplanation key={k} dim={dim} /> : null;
        })}
      </div>
    </section>
  );
}
