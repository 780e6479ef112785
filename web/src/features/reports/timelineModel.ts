// Pure layout for the report's timeline and its link to the transcript: no React, no DOM, so the
// rules (where a line breaks, which row a marker takes, which word an event points at) are
// tested on their own.
import type { Answer, ReportEvent, ReportReady, Timeline } from "./types";

/** SVG user space of the chart: x 0..1000 over the session, y 0..100 top to bottom. */
export const VIEW_W = 1000;
export const VIEW_H = 100;

/**
 * Seconds covered by the chart: as far as anything was recorded (signals, answers, events).
 * The wall-clock length between start and end can be far longer (a session ended by the
 * overdue sweep at its planned end, a tab left open): drawing a 4-minute interview on a
 * 50-minute axis stacks every event at the start (issue 15). That length is only the
 * fallback when nothing was recorded.
 */
export function sessionExtent(report: ReportReady): number {
  const t = report.timeline.t;
  const recorded = [
    t.length > 0 ? (t[t.length - 1] ?? 0) : 0,
    ...report.answers.map((a) => a.end ?? 0),
    ...report.events.map((e) => e.end),
  ];
  const reach = Math.max(0, ...recorded);
  return Math.max(1, reach > 0 ? reach : (report.session.duration_s ?? 0));
}

/**
 * An SVG path through (t, value) points scaled into the view box. Null values break the line
 * (no camera data, face not seen, not speaking) instead of bridging the gap with a guess.
 */
export function seriesPath(
  t: readonly number[],
  values: readonly (number | null)[],
  extent: number,
  range: readonly [number, number],
): string {
  const [lo, hi] = range;
  const span = hi - lo || 1;
  const parts: string[] = [];
  let open = false;
  for (let i = 0; i < t.length; i += 1) {
    const v = values[i];
    const ti = t[i];
    if (v === null || v === undefined || ti === undefined || !Number.isFinite(v)) {
      open = false;
      continue;
    }
    const x = (Math.min(Math.max(ti, 0), extent) / extent) * VIEW_W;
    const clamped = Math.min(Math.max(v, lo), hi);
    const y = VIEW_H - ((clamped - lo) / span) * VIEW_H;
    const next = values[i + 1];
    const isolated = !open && (next === null || next === undefined);
    // A lone point still shows: a zero-length stroke with round caps draws a dot.
    parts.push(`${open ? "L" : "M"}${x.toFixed(2)} ${y.toFixed(2)}${isolated ? " l0.01 0" : ""}`);
    open = true;
  }
  return parts.join(" ");
}

export function hasValues(values: readonly (number | boolean | null)[]): boolean {
  return values.some((v) => v !== null && v !== undefined);
}

/** Upper end of the pace axis: the literature band (up to 180 wpm) plus headroom for spikes. */
export function paceMax(timeline: Timeline): number {
  const top = Math.max(0, ...timeline.pace_wpm.filter((v): v is number => v !== null));
  return Math.max(220, Math.ceil(top / 20) * 20);
}

export type Lane = "camera" | "speech";

const CAMERA_TYPES = new Set([
  "composure_dip",
  "composure_recovery",
  "attention_dip",
  "attention_recovery",
  "face_out_of_view",
]);

export function laneOf(type: string): Lane {
  return CAMERA_TYPES.has(type) ? "camera" : "speech";
}

export interface PlacedMarker {
  /** Index into the report's `events`. */
  index: number;
  lane: Lane;
  /** Row inside the lane, 0 at the top. */
  row: number;
  /** Left edge as a fraction of the chart's width. */
  x: number;
}

/**
 * Places one marker per event at its start, in a lane per kind of cue, stacking markers that
 * would overlap into further rows. `minGap` is a marker's width as a fraction of the chart.
 */
export function placeMarkers(events: readonly ReportEvent[], extent: number, minGap: number): PlacedMarker[] {
  const order = events.map((e, index) => ({ e, index })).sort((a, b) => a.e.start - b.e.start || a.index - b.index);
  const rowEnds: Record<Lane, number[]> = { camera: [], speech: [] };
  const placed: PlacedMarker[] = [];
  for (const { e, index } of order) {
    const lane = laneOf(e.type);
    const x = Math.min(Math.max(e.start / extent, 0), 1);
    const ends = rowEnds[lane];
    let row = ends.findIndex((end) => end <= x);
    if (row === -1) {
      row = ends.length;
      ends.push(0);
    }
    ends[row] = x + minGap;
    placed.push({ index, lane, row, x });
  }
  return placed;
}

export function rowCount(markers: readonly PlacedMarker[], lane: Lane): number {
  return markers.reduce((n, m) => (m.lane === lane ? Math.max(n, m.row + 1) : n), 0);
}

export function answerDomId(answerIndex: number): string {
  return `answer-${answerIndex + 1}`;
}

export function segmentDomId(answerIndex: number, segmentIndex: number): string {
  return `answer-${answerIndex + 1}-at-${segmentIndex}`;
}

export interface TranscriptTarget {
  answerIndex: number;
  /** Index into that answer's `segments`, or null when it has no timed transcript (typed). */
  segmentIndex: number | null;
  /** DOM id to scroll to and focus. */
  id: string;
}

function answerAt(answers: readonly Answer[], time: number): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  for (const [i, a] of answers.entries()) {
    const start = a.start ?? a.asked_at ?? 0;
    const end = a.end ?? start;
    const distance = time < start ? start - time : time > end ? time - end : 0;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Where an event happened in the transcript: its answer (as the report says, else the answer
 * around that time) and the first timed word or pause still running at the event's start.
 */
export function transcriptTarget(report: ReportReady, event: ReportEvent): TranscriptTarget | null {
  const byIndex = event.answer_index !== null ? report.answers.findIndex((a) => a.index === event.answer_index) : -1;
  const answerIndex = byIndex >= 0 ? byIndex : answerAt(report.answers, event.start);
  if (answerIndex === null) return null;
  const answer = report.answers[answerIndex];
  if (!answer || answer.segments.length === 0) {
    return { answerIndex, segmentIndex: null, id: answerDomId(answerIndex) };
  }
  // Strictly after the start: a word ending exactly where a pause begins is not "at" the pause.
  let segmentIndex = answer.segments.findIndex((s) => s.end > event.start);
  if (segmentIndex === -1) segmentIndex = answer.segments.length - 1;
  return { answerIndex, segmentIndex, id: segmentDomId(answerIndex, segmentIndex) };
}

/** Nice tick positions (seconds) for the time axis: about `target` of them, on round minutes or seconds. */
export function timeTicks(extent: number, target = 6): number[] {
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800];
  const step = steps.find((s) => extent / s <= target) ?? 3600;
  const ticks: number[] = [];
  for (let t = 0; t <= extent + 1e-6; t += step) ticks.push(t);
  return ticks;
}
