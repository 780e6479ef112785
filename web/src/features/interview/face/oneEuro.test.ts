import { describe, expect, it } from "vitest";
import { AngleOneEuroFilter, OneEuroFilter, POSE_FILTER } from "./oneEuro";
import { PresenceDebouncer } from "./presence";

function stddev(v: number[]): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
}

describe("OneEuroFilter", () => {
  it("returns the first sample unchanged", () => {
    const f = new OneEuroFilter(POSE_FILTER);
    expect(f.filter(12, 0)).toBe(12);
  });

  it("removes most jitter from a still signal", () => {
    const f = new OneEuroFilter(POSE_FILTER);
    const raw: number[] = [];
    const out: number[] = [];
    let seed = 42;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const v = 5 + 4 * (seed / 2147483648 - 0.5); // ±2 degrees of jitter at 10 frames/s
      raw.push(v);
      out.push(f.filter(v, i / 10));
    }
    // At 10 frames/s a 1 Hz cutoff passes about half the jitter's amplitude; the 500 ms window
    // mean then halves it again.
    expect(stddev(out.slice(50))).toBeLessThan(stddev(raw.slice(50)) * 0.6);
  });

  it("follows a fast turn with little lag", () => {
    const f = new OneEuroFilter(POSE_FILTER);
    let last = 0;
    // 60 degrees/s ramp at 10 frames/s for 1 s.
    for (let i = 0; i <= 10; i++) last = f.filter(6 * i, i / 10);
    expect(last).toBeGreaterThan(60 - 15);
  });

  it("ignores a repeated timestamp", () => {
    const f = new OneEuroFilter(POSE_FILTER);
    f.filter(0, 1);
    expect(f.filter(100, 1)).toBe(0);
  });

  it("filters angles across the ±180 seam without averaging to 0", () => {
    const f = new AngleOneEuroFilter(POSE_FILTER);
    f.filter(179, 0);
    const out = f.filter(-179, 0.1);
    expect(Math.abs(out)).toBeGreaterThan(175);
  });
});

describe("PresenceDebouncer", () => {
  it("flips only after 5 agreeing frames", () => {
    const d = new PresenceDebouncer(5);
    const seen = [true, true, true, true, true, false, true, false, false, false, false, false].map((v) => d.update(v));
    expect(seen).toEqual([false, false, false, false, true, true, true, true, true, true, true, false]);
  });

  it("also flips after a disagreement lasting 600 ms when analysis is slow", () => {
    const d = new PresenceDebouncer(5, 600);
    // 2.5 frames/s: frames 400 ms apart.
    expect([0, 400, 800].map((t) => d.update(true, t))).toEqual([false, false, true]);
    expect(d.update(false, 1200)).toBe(true);
    expect(d.update(false, 1600)).toBe(true);
    expect(d.update(false, 2000)).toBe(false);
  });

  it("does not flip on a single late frame", () => {
    const d = new PresenceDebouncer(5, 600);
    expect(d.update(true, 0)).toBe(false);
    expect(d.update(false, 5000)).toBe(false);
    expect(d.update(true, 10_000)).toBe(false);
  });
});
