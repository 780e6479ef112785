import type { Dashboard, MemberRow, ScoreKey } from "./types";

/** The server's labels ("confidence" shows as "Delivery"); "overall" is ours to name. */
export function scoreLabel(key: ScoreKey, labels: Dashboard["labels"]): string {
  // The schema types labels as an open map; fall back to the key rather than show nothing.
  return key === "overall" ? "Overall" : (labels[key] ?? key);
}

export function trendLabel(trend: MemberRow["trend"]): string {
  if (trend === null) return "Too few sessions";
  return { improving: "Improving", declining: "Declining", steady: "Steady" }[trend];
}

export function formatDelta(value: number): string {
  if (value > 0) return `+${value}`;
  // A typographic minus reads better than a hyphen next to a number.
  return value < 0 ? `−${Math.abs(value)}` : "0";
}

/** A score, or "not measured" when the server sends none (typed answers have no delivery). */
export function formatScore(value: number | null | undefined): string {
  return value == null ? "not measured" : String(Math.round(value));
}

/** A change between two sessions, or "not measured" when either lacked the score. */
export function formatChange(value: number | null | undefined): string {
  return value == null ? "not measured" : formatDelta(value);
}

// Dates follow the app's one locale rule (lib/dates.ts); formatWeek is the Monday an ISO week starts on.
export { formatDate, formatDayMonth as formatWeek } from "../../lib/dates";
