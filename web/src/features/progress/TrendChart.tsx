import { useId } from "react";
import { formatDate } from "../../lib/dates";
import type { Progress, TrendKey } from "./types";

// Hand-written SVG like the report's timeline: lines stretch with the box (non-scaling strokes
// keep their width), and all text is HTML so it reflows and stays readable at any zoom.

const W = 1000;
const H = 100;

export const TREND_ORDER: readonly TrendKey[] = ["overall", "communication", "confidence", "structure", "relevance"];

const DIRECTION_TEXT = { improving: "improving", declining: "going down", steady: "steady" } as const;

function x(i: number, n: number): number {
  // One session sits in the middle; more spread across with a margin so end dots stay whole.
  return n <= 1 ? W / 2 : 20 + (i / (n - 1)) * (W - 40);
}

function y(score: number): number {
  return H - (Math.max(0, Math.min(100, score)) / 100) * H;
}

export function trendLabel(key: TrendKey, labels: Progress["labels"]): string {
  return key === "overall" ? "Overall" : (labels[key] ?? key);
}

/** Scores per dimension across sessions, oldest first, with a table of the same numbers. */
export function TrendChart({ progress }: { progress: Progress }) {
  const titleId = useId();
  const keys = TREND_ORDER.filter((k) => (progress.trends[k]?.points.length ?? 0) > 0);
  const n = progress.sessions.length;
  return (
    <section className="card progress-section" aria-labelledby={titleId}>
      <h2 id={titleId}>Scores over your sessions</h2>
      <ul className="trend-legend" aria-label="Lines in the chart">
        {keys.map((k) => {
          const t = progress.trends[k];
          return (
            <li key={k}>
              <span className={`trend-swatch trend-swatch--${k}`} aria-hidden="true" /> {trendLabel(k, progress.labels)}
              {t && n >= 2 && <span className="muted"> · {DIRECTION_TEXT[t.direction]}</span>}
            </li>
          );
        })}
      </ul>
      <div className="trend">
        <div className="trend__axis-y" aria-hidden="true">
          <span>100</span>
          <span>50</span>
          <span>0</span>
        </div>
        <div className="trend__plot">
          <svg
            className="trend__svg"
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`Chart of your scores over ${n} session${n === 1 ? "" : "s"}; the table below lists them.`}
          >
            {[25, 50, 75].map((g) => (
              <line
                key={g}
                className="trend__grid"
                x1={0}
                x2={W}
                y1={y(g)}
                y2={y(g)}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {keys.map((k) => {
              const points = progress.trends[k]?.points ?? [];
              const d = points.map(
                (p, i) => `${i === 0 ? "M" : "L"}${x(i, points.length).toFixed(1)} ${y(p.score).toFixed(1)}`,
              );
              // Zero-length strokes with round caps draw dots that stay round however the box stretches.
              const dots = points.map((p, i) => `M${x(i, points.length).toFixed(1)} ${y(p.score).toFixed(1)} l0.01 0`);
              return (
                <g key={k} className={`trend__series trend__series--${k}`}>
                  <path className="trend__line" d={d.join(" ")} vectorEffect="non-scaling-stroke" />
                  <path className="trend__dots" d={dots.join(" ")} vectorEffect="non-scaling-stroke" />
                </g>
              );
            })}
          </svg>
        </div>
        <div aria-hidden="true" />
        <div className="trend__ticks" aria-hidden="true">
          {progress.sessions.map((s, i) => (
            <span key={s.session_id} style={{ left: `${(x(i, n) / W) * 100}%` }}>
              {i + 1}
            </span>
          ))}
        </div>
      </div>
      <p className="muted small">Numbers under the chart are your sessions, first to latest.</p>
      <details className="disclosure">
        <summary>Scores as a table</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Scores per session, first to latest</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                {keys.map((k) => (
                  <th key={k} scope="col">
                    {trendLabel(k, progress.labels)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {progress.sessions.map((s, i) => (
                <tr key={s.session_id}>
                  <th scope="row">
                    {i + 1}. {formatDate(s.ended_at)}
                  </th>
                  {keys.map((k) => {
                    const v = k === "overall" ? s.overall : s.dimensions[k];
                    return <td key={k}>{v === undefined ? "—" : Math.round(v)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
