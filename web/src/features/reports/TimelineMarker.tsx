// One event marker on the timeline and the key to what the markers mean (TimelineChart.tsx).
import { formatClock, spokenClock } from "./format";
import { laneOf, type PlacedMarker } from "./timelineModel";
import type { ReportEvent, ReportReady } from "./types";

/** A marker's size, which the chart also uses to space markers and lanes. */
export const MARKER_REM = 1.6;

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

export function eventLabel(report: ReportReady, event: ReportEvent): string {
  return report.event_types[event.type]?.label ?? event.label;
}

/** "Long pause at 0:07 to 0:10, answer 1": what a marker says to assistive technology. */
export function eventAccessibleName(report: ReportReady, event: ReportEvent): string {
  const answer = event.answer_index !== null ? `, answer ${event.answer_index + 1}` : "";
  const span = event.end - event.start >= 1 ? ` to ${spokenClock(event.end)}` : "";
  return `${eventLabel(report, event)} at ${spokenClock(event.start)}${span}${answer}`;
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

export function Marker({ report, marker, selected, tabbable, onFocus, onSelect, buttonRef }: MarkerProps) {
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

export function EventTypes({ report }: { report: ReportReady }) {
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
