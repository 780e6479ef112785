// Plain-words names and units for the report's metric keys (session means of per-answer values).
// Camera metrics are named by the visible behaviour they count, never by an inner state.

type Unit = "wpm" | "per_min" | "count" | "percent" | "seconds" | "score" | "words" | "db";

interface MetricInfo {
  label: string;
  unit: Unit;
}

export const METRICS: Record<string, MetricInfo> = {
  wpm: { label: "Speaking pace", unit: "wpm" },
  filler_per_min: { label: "Fillers per minute", unit: "per_min" },
  filler_count: { label: "Fillers per answer", unit: "count" },
  long_pause_count: { label: "Long pauses per answer", unit: "count" },
  hedges_per_100_words: { label: "Hedges per 100 words", unit: "count" },
  sentence_words: { label: "Words per sentence", unit: "words" },
  composure: { label: "Head and face steadiness", unit: "score" },
  attention: { label: "Facing the camera", unit: "percent" },
  face_seen_ratio: { label: "Face in view", unit: "percent" },
  looking_away_ratio: { label: "Looking away", unit: "percent" },
  smile_share: { label: "Smiling", unit: "percent" },
  latency_s: { label: "Time before answering", unit: "seconds" },
  volume_dbfs: { label: "Speaking volume", unit: "db" },
  star_coverage: { label: "STAR parts covered", unit: "percent" },
  has_result: { label: "Answers stating a result", unit: "percent" },
  signposting_count: { label: "Signposts per answer", unit: "count" },
  length_ratio: { label: "Length against the expected", unit: "percent" },
  ownership_ratio: { label: "Own actions (“I” over “we”)", unit: "percent" },
  word_count: { label: "Words per answer", unit: "words" },
  key_point_coverage: { label: "Expected points covered", unit: "percent" },
  specificity_count: { label: "Specifics per answer", unit: "count" },
  off_topic: { label: "Answers off the question", unit: "percent" },
  duration_s: { label: "Answer length", unit: "seconds" },
  asr_confidence: { label: "Transcription certainty", unit: "percent" },
};

export function metricLabel(key: string): string {
  return METRICS[key]?.label ?? key.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function formatMetric(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  switch (METRICS[key]?.unit) {
    case "wpm":
      return `${Math.round(value)} wpm`;
    case "per_min":
      return `${value.toFixed(1)}/min`;
    case "percent":
      return `${Math.round(value * 100)}%`;
    case "seconds":
      return `${value.toFixed(1)} s`;
    case "score":
      return `${Math.round(value)}/100`;
    case "words":
      return `${Math.round(value)}`;
    case "db":
      return `${value.toFixed(0)} dBFS`;
    default:
      return value.toFixed(1);
  }
}

/** A change of a metric in its own unit ("+12%", "−1.3 s"). */
export function formatMetricDelta(key: string, delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return "—";
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const abs = Math.abs(delta);
  switch (METRICS[key]?.unit) {
    case "percent":
      return `${sign}${Math.round(abs * 100)} pts`;
    case "wpm":
      return `${sign}${Math.round(abs)} wpm`;
    case "seconds":
      return `${sign}${abs.toFixed(1)} s`;
    default:
      return `${sign}${abs.toFixed(1)}`;
  }
}
