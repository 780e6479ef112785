import { useId } from "react";

/*
 * Small SVG charts for the cohort dashboard. The client has no charting library, and these
 * few bar charts do not justify one. Each chart is an image with a name for assistive
 * technology plus a visually hidden table holding the same numbers, so nothing is visual only.
 */

export interface Bar {
  label: string;
  value: number;
  /** Shown next to the bar and in the table; defaults to the value. */
  text?: string;
}

interface ChartProps {
  title: string;
  bars: Bar[];
  /** Top of the scale (e.g. 100 for scores). Defaults to the largest value. */
  max?: number;
  valueHeader?: string;
}

function DataTable({ title, bars, valueHeader }: { title: string; bars: Bar[]; valueHeader: string }) {
  return (
    <table className="visually-hidden">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr key={b.label}>
            <th scope="row">{b.label}</th>
            <td>{b.text ?? String(b.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Horizontal bars with their labels on the left: readable for a handful of named items. */
export function HBarChart({ title, bars, max, valueHeader = "Value" }: ChartProps) {
  const id = useId();
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const row = 30;
  const labelW = 120;
  const barW = 260;
  const height = bars.length * row + 4;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={id}
        viewBox={`0 0 ${labelW + barW + 50} ${height}`}
        className="chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={id}>{title}</title>
        {bars.map((b, i) => {
          const w = Math.max(0, Math.min(1, b.value / top)) * barW;
          const y = i * row + 4;
          return (
            <g key={b.label} aria-hidden="true">
              <text x={labelW - 8} y={y + 15} textAnchor="end" className="chart__label">
                {b.label}
              </text>
              <rect x={labelW} y={y} width={barW} height={20} className="chart__track" rx={3} />
              <rect x={labelW} y={y} width={w} height={20} className="chart__bar" rx={3} />
              <text x={labelW + barW + 6} y={y + 15} className="chart__value">
                {b.text ?? String(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable title={title} bars={bars} valueHeader={valueHeader} />
    </figure>
  );
}

/** Vertical columns in order (weeks, score bins), labels underneath. */
export function ColumnChart({ title, bars, max, valueHeader = "Value" }: ChartProps) {
  const id = useId();
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const col = 44;
  const plotH = 120;
  const width = bars.length * col + 8;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={id}
        viewBox={`0 0 ${width} ${plotH + 40}`}
        className="chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={id}>{title}</title>
        <line x1={4} x2={width - 4} y1={plotH + 16} y2={plotH + 16} className="chart__axis" aria-hidden="true" />
        {bars.map((b, i) => {
          const h = Math.max(0, Math.min(1, b.value / top)) * plotH;
          const x = i * col + 10;
          return (
            <g key={b.label} aria-hidden="true">
              <rect x={x} y={plotH + 16 - h} width={col - 14} height={h} className="chart__bar" rx={2} />
              <text x={x + (col - 14) / 2} y={plotH + 12 - h} textAnchor="middle" className="chart__value">
                {b.value > 0 ? (b.text ?? String(b.value)) : ""}
              </text>
              <text
                x={x + (col - 14) / 2}
                y={plotH + 32}
                textAnchor="middle"
                className="chart__label chart__label--small"
              >
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable title={title} bars={bars} valueHeader={valueHeader} />
    </figure>
  );
}
