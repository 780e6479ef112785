import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatClock } from "./format";
import {
  VIEW_H,
  VIEW_W,
  hasValues,
  paceMax,
  placeMarkers,
  rowCount,
  seriesPath,
  sessionExtent,
  timeTicks,
  type Lane,
} from "./timelineModel";
import { EventTypes, MARKER_REM, Marker, eventLabel } from "./TimelineMarker";
import { ChartTable, SpanLabels, faceSummary, paceSummary, useElementWidth } from "./TimelineParts";
import type { ReportReady } from "./types";

export { eventAccessibleName, eventLabel } from "./TimelineMarker";

// The chart is hand-written SVG rather than a canvas library: a session has at most ~1,800
// points per series, the event markers must be real focusable buttons in the DOM, text stays
// crisp at any zoom, and the unit tests can render and query it in jsdom.

const LANE_LABEL: Record<Lane, string> = { camera: "Camera", speech: "Speech" };

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
