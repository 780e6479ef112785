import { formatMetric, formatMetricDelta, metricLabel } from "../lib/metrics";
import { signed } from "../lib/numbers";
import { DIMENSIONS, type DimensionKey, type MetricDelta, type ScoreDelta } from "../lib/reportTypes";

type Direction = ScoreDelta["direction"];

const DIRECTION_TEXT: Record<Direction, string> = {
  better: "Better",
  worse: "Lower",
  same: "About the same",
};

// An arrow as well as a word and a colour, so the change never rests on colour alone.
const DIRECTION_MARK: Record<Direction, string> = { better: "▲", worse: "▼", same: "=" };

export function DirectionBadge({ direction }: { direction: Direction }) {
  return (
    <span className={`direction direction--${direction}`}>
      <span aria-hidden="true">{DIRECTION_MARK[direction]} </span>
      {DIRECTION_TEXT[direction]}
    </span>
  );
}

/**
 * Per-metric deltas from an open ("extra keys welcome") field, checked rather than cast: only
 * entries shaped like `{current, previous, delta, direction}` are kept.
 */
export function asMetricDeltas(value: unknown): Record<string, MetricDelta> | null {
  if (typeof value !== "object" || value === null) return null;
  const out: Record<string, MetricDelta> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === "object" && v !== null && "current" in v && "previous" in v && "delta" in v && "direction" in v) {
      out[key] = v as MetricDelta;
    }
  }
  return out;
}

interface Props {
  labels: Partial<Record<DimensionKey, string>>;
  overall?: ScoreDelta | null | undefined;
  dimensions: Partial<Record<DimensionKey, ScoreDelta>>;
  metrics?: Record<string, MetricDelta> | null | undefined;
  caption: string;
}

/**
 * This session (N) against the previous one (N-1): per dimension, and per metric in a
 * disclosure. "About the same" means the change is within the scores' measurement noise.
 */
export function ComparisonTable({ labels, overall, dimensions, metrics, caption }: Props) {
  const rows = DIMENSIONS.flatMap((k) => {
    const d = dimensions[k];
    return d ? [{ key: k, label: labels[k] ?? k, d }] : [];
  });
  const metricRows = Object.entries(metrics ?? {})
    .filter(([, m]) => m.current !== null || m.previous !== null)
    .sort(([a], [b]) => metricLabel(a).localeCompare(metricLabel(b)));
  return (
    <div className="stack">
      <div className="table-scroll">
        <table className="data-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Score</th>
              <th scope="col">This session</th>
              <th scope="col">Previous</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {overall && <ScoreRow label="Overall" d={overall} />}
            {rows.map((r) => (
              <ScoreRow key={r.key} label={r.label} d={r.d} />
            ))}
          </tbody>
        </table>
      </div>
      {metricRows.length > 0 && (
        <details className="disclosure">
          <summary>Compare the measurements behind the scores</summary>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Measurements, this session against the previous one</caption>
              <thead>
                <tr>
                  <th scope="col">Measurement</th>
                  <th scope="col">This session</th>
                  <th scope="col">Previous</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {metricRows.map(([key, m]) => (
                  <tr key={key}>
                    <th scope="row">{metricLabel(key)}</th>
                    <td>{formatMetric(key, m.current)}</td>
                    <td>{formatMetric(key, m.previous)}</td>
                    <td>
                      {formatMetricDelta(key, m.delta)} {m.direction && <DirectionBadge direction={m.direction} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            Measurements without an arrow are not better or worse in themselves (for example answer length).
          </p>
        </details>
      )}
    </div>
  );
}

function ScoreRow({ label, d }: { label: string; d: ScoreDelta }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{Math.round(d.current)}</td>
      <td>{Math.round(d.previous)}</td>
      <td>
        {signed(d.delta)} <DirectionBadge direction={d.direction} />
      </td>
    </tr>
  );
}
