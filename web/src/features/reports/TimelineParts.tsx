// The pieces of the timeline chart that are not the plot or its markers: the span labels,
// the chart's spoken summaries, its numbers as a table, and the width the lanes are laid out in.
import { useEffect, useRef, useState } from "react";
import { formatClock, spokenClock } from "./format";
import { sessionExtent } from "./timelineModel";
import type { ReportReady } from "./types";

export function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.clientWidth > 0) setWidth(el.clientWidth);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

export function SpanLabels({
  spans,
  pct,
}: {
  spans: { i: number; start: number; end: number }[];
  pct: (t: number) => string;
}) {
  return (
    <>
      {spans.map((s) => (
        <span key={s.i} className="tl-span-label" style={{ left: pct(s.start) }} aria-hidden="true">
          A{s.i + 1}
        </span>
      ))}
    </>
  );
}

function mean(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

export function faceSummary(report: ReportReady): string {
  const c = mean(report.timeline.composure);
  const a = mean(report.timeline.attention);
  return `Chart of steadiness and facing the camera over ${spokenClock(sessionExtent(report))}: average steadiness ${
    c === null ? "not measured" : Math.round(c)
  } and facing the camera ${a === null ? "not measured" : Math.round(a)} out of 100. The table below lists the values.`;
}

export function paceSummary(report: ReportReady): string {
  const p = mean(report.timeline.pace_wpm);
  return `Chart of speaking pace: average ${p === null ? "not measured" : `${Math.round(p)} words per minute`}. The table below lists the values.`;
}

/** The chart's numbers as a table (every 5 s), for screen readers and anyone who prefers them. */
export function ChartTable({ report }: { report: ReportReady }) {
  const { timeline } = report;
  const rows = timeline.t
    .map((t, i) => ({ t, i }))
    .filter(({ t }, k) => k === 0 || Math.round(t) % 5 === 0)
    .filter(({ i }) => timeline.composure[i] != null || timeline.attention[i] != null || timeline.pace_wpm[i] != null);
  const show = (v: number | null | undefined) => (v === null || v === undefined ? "—" : String(Math.round(v)));
  return (
    <details className="disclosure">
      <summary>Chart data as a table</summary>
      <div className="table-scroll table-scroll--tall">
        <table className="data-table">
          <caption className="visually-hidden">Timeline values every 5 seconds</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Steadiness</th>
              <th scope="col">Facing the camera</th>
              <th scope="col">Pace (wpm)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ t, i }) => (
              <tr key={i}>
                <th scope="row">{formatClock(t)}</th>
                <td>{show(timeline.composure[i])}</td>
                <td>{show(timeline.attention[i])}</td>
                <td>{show(timeline.pace_wpm[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
