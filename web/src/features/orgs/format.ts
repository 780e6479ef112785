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

/** "3 Mar" for the Monday an ISO week starts on (a plain date, so read it as UTC). */
export function formatWeek(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}
