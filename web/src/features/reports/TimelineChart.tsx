import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatClock, spokenClock } from "./format";
import {
  VIEW_H,
  VIEW_W,
  hasValues,
  laneOf,
  paceMax,
  placeMarkers,
  rowCount,
  seriesPath,
  sessionExtent,
  timeTicks,
  type Lane,
  type PlacedMarker,
} from "./timelineModel";
import type { ReportEvent, ReportReady } from "./types";

// The chart is hand-written SVG rather than a canvas library: a session has at most ~1,800
// points per series, the event markers must be real focusable buttons in the DOM, text stays
// crisp at any zoom, and the unit tests can render and query it in jsdom.

const MARKER_REM = 1.6;
const LANE_LABEL: Record<Lane, string> = { camera: "Camera", speech: "Speech" };

const GLYPH: Record<string, string> = {
  composure_dip: "▼",
  attention_dip: "▼",
  composure_recovery: "▲",
  attention_recovery: "▲",
  face_out_of_view: "○",
  long_pause: "‖",
  filler_burst: "…",
  pace_spike: "»",
  pace_slow: "«",
};

function useElementWidth<T extends HTMLElement>(fallback: number) {
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

export function eventLabel(report: ReportReady, event: ReportEvent): string {
  return report.event_types[event.type]?.label ?? event.label;
}

/** "Long pause at 0:07 to 0:10, answer 1": what a marker says to assistive technology. */
export function eventAccessibleName(report: ReportReady, event: ReportEvent): string {
  const answer = event.answer_index !== null ? `, answer ${event.answer_index + 1}` : "";
  const span = event.end - event.start >= 1 ? ` to ${spokenClock(event.end)}` : "";
  return `${eventLabel(report, event)} at ${spokenClock(event.start)}${span}${answer}`;
}

interface Props {
  report: ReportReady;
  selected: number | null;
  onSelect: (eventIndex: number) => void;
  /** Replay position in session seconds, drawn as a line while a recording plays. */
  playhead: number | null;
}

/**
 * Steadiness, facing the camera and pace over the session, with answer spans shaded and a
 * marker per timeline event. Markers form one toolbar: Tab reaches it, the arrow keys move
 * between markers (in time order), Enter or Space goes to that moment.
 */
export function TimelineChart({ report, selected, onSelect, playhead }: Props) {
  const { timeline, events } = report;
  const titleId = useId();
  const extent = sessionExtent(report);
  const [lanesRef, lanesWidth] = useElementWidth<HTMLDivElement>(800);
  const remPx = 16;
  const minGap = Math.min(0.5, (MARKER_REM * remPx * 1.15) / Math.max(lanesWidth, 1));
  const markers = useMemo(() => placeMarkers(events, extent, minGap), [events, extent, minGap]);
  const ordered = useMemo(
    () =>
      [...markers].sort((a, b) => (events[a.index]?.start ?? 0) - (events[b.index]?.start ?? 0) || a.index - b.index),
    [markers, events],
  );

  const hasFace = hasValues(timeline.composure) || hasValues(timeline.attention);
  const hasPace = hasValues(timeline.pace_wpm);
  const paceTop = paceMax(timeline);
  const ticks = timeTicks(extent);
  const x = (t: number) => (Math.min(Math.max(t, 0), extent) / extent) * VIEW_W;
  const pct = (t: number) => `${(Math.min(Math.max(t, 0), extent) / extent) * 100}%`;
  const selectedEvent = selected !== null ? events[selected] : undefined;

  const spans = timeline.answer_spans.flatMap((s, i) => {
    const [start, end] = s;
    return start !== null && start !== undefined && end !== null && end !== undefined ? [{ i, start, end }] : [];
  });

  const overlay = (
    <>
      {spans.map((s) => (
        <rect
          key={s.i}
          className={`tl-span tl-span--${s.i % 2}`}
          x={x(s.start)}
          y={0}
          width={Math.max(0.5, x(s.end) - x(s.start))}
          height={VIEW_H}
        />
      ))}
      {selectedEvent && (
        <rect
          className="tl-selected"
          x={x(selectedEvent.start)}
          y={0}
          width={Math.max(2, x(selectedEvent.end) - x(selectedEvent.start))}
          height={VIEW_H}
        />
      )}
    </>
  );
  const playheadLine = playhead !== null && (
    <line
      className="tl-playhead"
      x1={x(playhead)}
      x2={x(playhead)}
      y1={0}
      y2={VIEW_H}
      vectorEffect="non-scaling-stroke"
    />
  );

  // Roving tabindex: one marker is in the tab order; arrows move it.
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    if (selected === null) return;
    const pos = ordered.findIndex((m) => m.index === selected);
    if (pos >= 0) setActive(pos);
  }, [selected, ordered]);
  const activePos = Math.min(active, Math.max(0, ordered.length - 1));
  const move = (pos: number) => {
    const next = Math.max(0, Math.min(ordered.length - 1, pos));
    setActive(next);
    buttons.current[next]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = {
      ArrowRight: activePos + 1,
      ArrowDown: activePos + 1,
      ArrowLeft: activePos - 1,
      ArrowUp: activePos - 1,
      Home: 0,
      End: ordered.length - 1,
    };
    const target = keys[e.key];
    if (target === undefined) return;
    e.preventDefault();
    move(target);
  };

  const lanes: Lane[] = (["camera", "speech"] as const).filter((l) => rowCount(markers, l) > 0);

  return (
    <section className="card report-section" aria-labelledby={titleId} id="timeline">
      <h2 id={titleId}>Timeline</h2>
      <p className="muted">
        How your delivery moved through the session. Select a marker to jump to that moment in the transcript
        {report.session.has_camera || report.session.has_voice ? " (and in the recording, if you kept one)" : ""}; in
        the marker row, the arrow keys move from one marker to the next.
      </p>

      <ul className="tl-legend" aria-label="Chart legend">
        {hasFace && (
          <>
            <li>
              <span className="tl-swatch tl-swatch--composure" aria-hidden="true" /> Steadiness (head and face movement)
            </li>
            <li>
              <span className="tl-swatch tl-swatch--attention" aria-hidden="true" /> Facing the camera
            </li>
          </>
        )}
        {hasPace && (
          <li>
            <span className="tl-swatch tl-swatch--pace" aria-hidden="true" /> Pace (words per minute; shaded: 120–160)
          </li>
        )}
        <li>
          <span className="tl-swatch tl-swatch--span" aria-hidden="true" /> Answering
        </li>
      </ul>

      <div className="tl" data-testid="timeline-chart">
        {hasFace ? (
          <div className="tl-row">
            <div className="tl-axis-y" aria-hidden="true">
              <span>100</span>
              <span>50</span>
              <span>0</span>
            </div>
            <div className="tl-plot">
              <svg
                className="tl-svg"
                viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
                preserveAspectRatio="none"
                role="img"
                aria-label={faceSummary(report)}
              >
                {overlay}
                <line className="tl-grid" x1={0} x2={VIEW_W} y1={50} y2={50} vectorEffect="non-scaling-stroke" />
                <path
                  className="tl-line tl-line--composure"
                  d={seriesPath(timeline.t, timeline.composure, extent, [0, 100])}
                  vectorEffect="non-scaling-stroke"
                />
                <path
                  className="tl-line tl-line--attention"
                  d={seriesPath(timeline.t, timeline.attention, extent, [0, 100])}
                  vectorEffect="non-scaling-stroke"
                />
                {playheadLine}
              </svg>
              <SpanLabels spans={spans} pct={pct} />
            </div>
          </div>
        ) : null}
        {hasPace ? (
          <div className="tl-row tl-row--pace">
            <div className="tl-axis-y" aria-hidden="true">
              <span>{paceTop}</span>
              <span>wpm</span>
              <span>0</span>
            </div>
            <div className="tl-plot">
              <svg
                className="tl-svg tl-svg--pace"
                viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
                preserveAspectRatio="none"
                role="img"
                aria-label={paceSummary(report)}
              >
                {overlay}
                <rect
                  className="tl-band"
                  x={0}
                  width={VIEW_W}
                  y={VIEW_H - (160 / paceTop) * VIEW_H}
                  height={(40 / paceTop) * VIEW_H}
                />
                <path
                  className="tl-line tl-line--pace"
                  d={seriesPath(timeline.t, timeline.pace_wpm, extent, [0, paceTop])}
                  vectorEffect="non-scaling-stroke"
                />
                {playheadLine}
              </svg>
              {!hasFace && <SpanLabels spans={spans} pct={pct} />}
            </div>
          </div>
        ) : null}
        {!hasFace && !hasPace && (
          <div className="tl-row">
            <div className="tl-axis-y" aria-hidden="true" />
            <div className="tl-plot tl-plot--empty">
              <svg
                className="tl-svg tl-svg--spans"
                viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
                preserveAspectRatio="none"
                aria-hidden="true"
              >
                {overlay}
                {playheadLine}
              </svg>
              <SpanLabels spans={spans} pct={pct} />
            </div>
          </div>
        )}

        <div className="tl-row">
          <div className="tl-axis-y" aria-hidden="true" />
          <div className="tl-ticks" aria-hidden="true">
            {ticks.map((t) => (
              <span key={t} style={{ left: pct(t) }}>
                {formatClock(t)}
              </span>
            ))}
          </div>
        </div>

        {events.length > 0 && (
          <div
            className="tl-markers"
            role="toolbar"
            aria-label="Timeline events, in time order"
            aria-orientation="horizontal"
            onKeyDown={onKeyDown}
          >
            {lanes.map((lane) => (
              <div className="tl-row" key={lane}>
                <div className="tl-lane-label" aria-hidden="true">
                  {LANE_LABEL[lane]}
                </div>
                <div
                  className="tl-lane"
                  ref={lane === lanes[0] ? lanesRef : undefined}
                  style={{ height: `${rowCount(markers, lane) * (MARKER_REM + 0.25)}rem` }}
                >
                  {ordered.map((m, pos) =>
                    m.lane === lane ? (
                      <Marker
                        key={m.index}
                        report={report}
                        marker={m}
                        selected={m.index === selected}
                        tabbable={pos === activePos}
                        onFocus={() => setActive(pos)}
                        onSelect={() => onSelect(m.index)}
                        buttonRef={(el) => {
                          buttons.current[pos] = el;
                        }}
                      />
                    ) : null,
                  )}
                </div>
              </div>
            ))}
          </div>
        )}
      </div>

      <div className="tl-detail" aria-live="polite">
        {selectedEvent ? (
          <p>
            <strong>{eventLabel(report, selectedEvent)}</strong> · {formatClock(selectedEvent.start)}
            {selectedEvent.end - selectedEvent.start >= 1 ? `–${formatClock(selectedEvent.end)}` : ""}
            {selectedEvent.answer_index !== null ? ` · answer ${selectedEvent.answer_index + 1}` : ""}.{" "}
            {report.event_types[selectedEvent.type]?.description ?? ""}
          </p>
        ) : events.length === 0 ? (
          <p className="muted">
            {report.session.has_voice || report.session.has_camera
              ? "No long pauses, filler bursts, pace changes or camera moments stood out in this session."
              : "This session's answers were typed, so there are no speech or camera moments to mark."}
          </p>
        ) : null}
      </div>

      <EventTypes report={report} />
      {(hasFace || hasPace) && <ChartTable report={report} />}
    </section>
  );
}

function SpanLabels({
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

interface MarkerProps {
  report: ReportReady;
  marker: PlacedMarker;
  selected: boolean;
  tabbable: boolean;
  onFocus: () => void;
  onSelect: () => void;
  buttonRef: (el: HTMLButtonElement | null) => void;
}

function Marker({ report, marker, selected, tabbable, onFocus, onSelect, buttonRef }: MarkerProps) {
  const event = report.events[marker.index];
  if (!event) return null;
  return (
    <button
      ref={buttonRef}
      type="button"
      className={`tl-marker tl-marker--${event.type} tl-marker--${laneOf(event.type)}${selected ? " is-selected" : ""}`}
      style={{
        left: `min(${marker.x * 100}%, calc(100% - ${MARKER_REM}rem))`,
        top: `${marker.row * (MARKER_REM + 0.25)}rem`,
      }}
      tabIndex={tabbable ? 0 : -1}
      aria-label={eventAccessibleName(report, event)}
      aria-current={selected ? "true" : undefined}
      title={`${eventLabel(report, event)} · ${formatClock(event.start)}`}
      data-event-index={marker.index}
      onFocus={onFocus}
      onClick={onSelect}
    >
      <span aria-hidden="true">{GLYPH[event.type] ?? "•"}</span>
    </button>
  );
}

function EventTypes({ report }: { report: ReportReady }) {
  const used = [...new Set(report.events.map((e) => e.type))];
  if (used.length === 0) return null;
  return (
    <details className="disclosure">
      <summary>What the markers mean</summary>
      <dl className="event-types">
        {used.map((type) => (
          <div key={type}>
            <dt>
              <span className={`tl-marker tl-marker--${type} tl-marker--static`} aria-hidden="true">
                {GLYPH[type] ?? "•"}
              </span>{" "}
              {report.event_types[type]?.label ?? type}
            </dt>
            <dd>{report.event_types[type]?.description ?? ""}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        Camera markers describe visible behaviour only (face in view, facing the camera, head movement); they say
        nothing about what you felt.
      </p>
    </details>
  );
}

function mean(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function faceSummary(report: ReportReady): string {
  const c = mean(report.timeline.composure);
  const a = mean(report.timeline.attention);
  return `Chart of steadiness and facing the camera over ${spokenClock(sessionExtent(report))}: average steadiness ${
    c === null ? "not measured" : Math.round(c)
  } and facing the camera ${a === null ? "not measured" : Math.round(a)} out of 100. The table below lists the values.`;
}

function paceSummary(report: ReportReady): string {
  const p = mean(report.timeline.pace_wpm);
  return `Chart of speaking pace: average ${p === null ? "not measured" : `${Math.round(p)} words per minute`}. The table below lists the values.`;
}

/** The chart's numbers as a table (every 5 s), for screen readers and anyone who prefers them. */
function ChartTable({ report }: { report: ReportReady }) {
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
