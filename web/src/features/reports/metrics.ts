// The metric names and units live in lib/metrics.ts (the institute pages use them too).
export * from "../../lib/metrics";
