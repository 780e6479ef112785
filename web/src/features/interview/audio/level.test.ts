import { describe, expect, it } from "vitest";
import { LevelAccumulator, meterFraction, micHint, type LevelReading } from "./level";

function reading(tMs: number, rmsDbfs: number, clippedSamples = 0): LevelReading {
  return { tMs, rmsDbfs, peak: 0.5, clippedSamples, samples: 800 };
}

function readings(fromMs: number, toMs: number, db: (t: number) => number, clipped = 0): LevelReading[] {
  const out: LevelReading[] = [];
  for (let t = fromMs; t < toMs; t += 50) out.push(reading(t, db(t), clipped));
  return out;
}

describe("LevelAccumulator", () => {
  it("measures a full-scale sine at -3 dBFS and counts clipped samples", () => {
    const acc = new LevelAccumulator();
    acc.add(Float32Array.from({ length: 1600 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 16000)));
    const r = acc.take();
    expect(r.rmsDbfs).toBeCloseTo(-3.01, 1);
    expect(r.peak).toBeGreaterThan(0.99);
    expect(r.samples).toBe(1600);
    acc.add(Float32Array.from([1, -1, 0.2, 0.9995]));
    expect(acc.take().clippedSamples).toBe(3);
  });

  it("reads silence as -120 dBFS", () => {
    const acc = new LevelAccumulator();
    acc.add(new Float32Array(100));
    expect(acc.take().rmsDbfs).toBe(-120);
  });
});

describe("micHint", () => {
  it("waits while the span has not been heard yet", () => {
    expect(micHint([], 0)).toBe("listening");
    expect(
      micHint(
        readings(0, 1000, () => -60),
        1000,
      ),
    ).toBe("listening");
  });

  it("says ok as soon as speech is loud enough", () => {
    expect(
      micHint(
        readings(0, 1000, (t) => (t === 500 ? -25 : -60)),
        1000,
      ),
    ).toBe("ok");
  });

  it("says too quiet when the loudest moment of 3 s stays under -45 dBFS", () => {
    expect(
      micHint(
        readings(0, 3100, () => -52),
        3100,
      ),
    ).toBe("too_quiet");
  });

  it("says no signal for digital silence", () => {
    expect(
      micHint(
        readings(0, 3100, () => -120),
        3100,
      ),
    ).toBe("no_signal");
  });

  it("reports clipping at once", () => {
    expect(
      micHint(
        readings(0, 500, () => -3, 5),
        500,
      ),
    ).toBe("clipping");
  });

  it("judges only the recent span", () => {
    const old = readings(0, 3000, () => -20);
    const recent = readings(3000, 6100, () => -55);
    expect(micHint([...old, ...recent], 6100)).toBe("too_quiet");
  });
});

describe("meterFraction", () => {
  it("maps -60..0 dBFS to 0..1", () => {
    expect(meterFraction(-90)).toBe(0);
    expect(meterFraction(-30)).toBe(0.5);
    expect(meterFraction(3)).toBe(1);
  });
});
