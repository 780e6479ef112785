/**
 * Microphone level for the device check: RMS in dBFS, peaks and clipping, and the plain hints
 * the candidate sees ("too quiet", "clipping").
 */

/** A sample at or above this magnitude is counted as clipped (the top 0.1 % of full scale). */
export const CLIP_LEVEL = 0.999;
/** Below this, a level is treated as digital silence (a muted or disconnected input). */
export const SILENCE_DBFS = -90;

export interface LevelReading {
  /** Capture time of the reading, ms on the caller's clock. */
  tMs: number;
  rmsDbfs: number;
  /** Largest |sample|, 0-1. */
  peak: number;
  clippedSamples: number;
  samples: number;
}

/** Running sums one AudioWorklet frame at a time; `take` returns them and starts again. */
export class LevelAccumulator {
  private sumSq = 0;
  private peak = 0;
  private clipped = 0;
  private n = 0;

  add(x: Float32Array): void {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      const a = v < 0 ? -v : v;
      this.sumSq += v * v;
      if (a > this.peak) this.peak = a;
      if (a >= CLIP_LEVEL) this.clipped++;
    }
    this.n += x.length;
  }

  take(): { rmsDbfs: number; peak: number; clippedSamples: number; samples: number } {
    const out = {
      rmsDbfs: toDbfs(this.n > 0 ? Math.sqrt(this.sumSq / this.n) : 0),
      peak: this.peak,
      clippedSamples: this.clipped,
      samples: this.n,
    };
    this.sumSq = 0;
    this.peak = 0;
    this.clipped = 0;
    this.n = 0;
    return out;
  }
}

/** dBFS of an RMS amplitude (full-scale sine = -3 dBFS); -120 stands for silence. */
export function toDbfs(rms: number): number {
  return rms > 1e-6 ? 20 * Math.log10(rms) : -120;
}

export type MicHint = "listening" | "no_signal" | "too_quiet" | "clipping" | "ok";

export const MIC_HINT_TEXT: Record<MicHint, string> = {
  listening: "Say a sentence at your normal speaking volume.",
  no_signal: "No sound is reaching MoodLens. Check that the microphone is not muted and is the one selected.",
  too_quiet: "Your voice is too quiet. Move closer to the microphone or raise its input volume.",
  clipping: "Your voice is clipping (too loud for the microphone). Move back a little or lower its input volume.",
  ok: "Your microphone level is good.",
};

export interface MicHintOptions {
  /** How much audio to judge (ms). */
  spanMs?: number;
  /**
   * Loudest 50 ms RMS in the span must reach this. Speech at arm's length from a laptop
   * microphone peaks around -30 to -15 dBFS; below -45 the speech pipeline starts to miss
   * quiet words and fillers.
   */
  quietDbfs?: number;
  /** More than this share of clipped samples in the span is "clipping". */
  clipShare?: number;
}

/**
 * The hint for the last `spanMs` of readings. Until a full span has been heard it says
 * "listening" (the candidate may not have spoken yet), except that clipping is reported at once.
 */
export function micHint(readings: ReadonlyArray<LevelReading>, nowMs: number, options: MicHintOptions = {}): MicHint {
  const spanMs = options.spanMs ?? 3000;
  const quietDbfs = options.quietDbfs ?? -45;
  const clipShare = options.clipShare ?? 0.001;
  const recent = readings.filter((r) => r.tMs > nowMs - spanMs);
  if (recent.length === 0) return "listening";
  let samples = 0;
  let clipped = 0;
  let loudest = -Infinity;
  for (const r of recent) {
    samples += r.samples;
    clipped += r.clippedSamples;
    loudest = Math.max(loudest, r.rmsDbfs);
  }
  if (samples > 0 && clipped / samples > clipShare) return "clipping";
  const first = readings[0];
  const heardFullSpan = first !== undefined && nowMs - first.tMs >= spanMs;
  if (!heardFullSpan) return loudest >= quietDbfs ? "ok" : "listening";
  if (loudest <= SILENCE_DBFS) return "no_signal";
  if (loudest < quietDbfs) return "too_quiet";
  return "ok";
}

/** Meter position 0-1 for a dBFS value: -60 dBFS and below is empty, 0 dBFS full. */
export function meterFraction(dbfs: number): number {
  return Math.min(1, Math.max(0, (dbfs + 60) / 60));
}
