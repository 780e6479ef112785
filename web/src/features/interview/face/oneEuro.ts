/**
 * One-euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass whose cutoff rises with the
 * signal's speed, so a still head reads steady (jitter removed) while a real turn is followed
 * with little lag. DESIGN §8b asks for it on head pose.
 */
export interface OneEuroParams {
  /** Cutoff (Hz) when the signal is still: lower removes more jitter, adds lag. */
  minCutoff: number;
  /** How fast the cutoff rises with speed (per unit of the signal per second). */
  beta: number;
  /** Cutoff (Hz) for the speed estimate itself. */
  dCutoff: number;
}

function alpha(cutoffHz: number, dtS: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtS);
}

export class OneEuroFilter {
  private x: number | null = null;
  private dx = 0;
  private tS: number | null = null;

  constructor(private readonly params: OneEuroParams) {}

  /** Filters `value` observed at `tS` seconds; returns the smoothed value. */
  filter(value: number, tS: number): number {
    if (this.x === null || this.tS === null || !(tS > this.tS)) {
      // First sample, or a repeated/backwards timestamp: nothing to smooth against.
      if (this.x === null || this.tS === null) {
        this.x = value;
        this.tS = tS;
      }
      return this.x;
    }
    const dt = tS - this.tS;
    const rawDx = (value - this.x) / dt;
    this.dx += alpha(this.params.dCutoff, dt) * (rawDx - this.dx);
    const cutoff = this.params.minCutoff + this.params.beta * Math.abs(this.dx);
    this.x += alpha(cutoff, dt) * (value - this.x);
    this.tS = tS;
    return this.x;
  }

  reset(): void {
    this.x = null;
    this.dx = 0;
    this.tS = null;
  }
}

/**
 * Angles wrap at ±180°; filtering the raw number would average 179° and -179° to 0°.
 * Unwraps each sample next to the previous output before filtering.
 */
export class AngleOneEuroFilter {
  private readonly inner: OneEuroFilter;
  private last: number | null = null;

  constructor(params: OneEuroParams) {
    this.inner = new OneEuroFilter(params);
  }

  filter(deg: number, tS: number): number {
    let v = deg;
    if (this.last !== null) {
      while (v - this.last > 180) v -= 360;
      while (v - this.last < -180) v += 360;
    }
    const out = this.inner.filter(v, tS);
    this.last = out;
    return ((((out + 180) % 360) + 360) % 360) - 180;
  }

  reset(): void {
    this.inner.reset();
    this.last = null;
  }
}

/**
 * Head pose in degrees: still below ~1 Hz of jitter, follows a 60°/s turn within a frame or
 * two. Chosen on synthetic jitter of ±2° (the tiny landmarks' typical noise).
 */
export const POSE_FILTER: OneEuroParams = { minCutoff: 1.0, beta: 0.05, dCutoff: 1.0 };
