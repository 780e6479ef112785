import type { Score } from "./types";

/** "m:ss" (or "h:mm:ss") for seconds from the start of the session. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Spoken form of a clock time for screen readers ("1 minute 5 seconds"). */
export function spokenClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const parts: string[] = [];
  if (m > 0) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (rest > 0 || m === 0) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

export function formatScore(score: number): string {
  return String(Math.round(score));
}

export function formatInterval(score: Score): string {
  const [low, high] = score.interval;
  return `${Math.round(low ?? score.score)}–${Math.round(high ?? score.score)}`;
}

/**
 * The band says how much evidence stands behind a score, not how good it is; the UI calls it
 * "evidence" so it is never read as a verdict on the candidate.
 */
export const BAND_LABEL: Record<Score["band"], string> = {
  high: "Solid evidence",
  medium: "Some evidence",
  low: "Little evidence",
};

/**
 * False when nothing a score rests on was observed (a typed answer has no voice or camera,
 * so no delivery): the report shows "not measured" instead of a number. `measured` is typed
 * on the report's dimensions (reports.schemas.DimensionOut, default true for reports stored
 * before it existed).
 */
export function isMeasured(dimension: { measured?: boolean }): boolean {
  return dimension.measured !== false;
}

export { signed } from "../../lib/numbers";

// Dates follow the app's one locale rule (lib/dates.ts).
export { formatDate, formatDateTime } from "../../lib/dates";
