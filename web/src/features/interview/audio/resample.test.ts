import { describe, expect, it } from "vitest";
import { downmix, floatToPcm16, FrameAssembler, StreamingResampler } from "./resample";

function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

/** Resamples in 128-sample render quanta, as the AudioWorklet does. */
function inBlocks(r: StreamingResampler, x: Float32Array, block = 128): Float32Array {
  const parts: Float32Array[] = [];
  for (let i = 0; i < x.length; i += block) parts.push(r.process(x.subarray(i, i + block)));
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Amplitude of `freq` in `x` (a single-bin DFT), as a share of a full-amplitude sine. */
function toneAmplitude(x: Float32Array, freq: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * freq * i) / rate);
    im += x[i]! * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe("StreamingResampler", () => {
  it.each([44_100, 48_000])("turns %d Hz into 16 kHz keeping a 440 Hz tone's pitch and level", (rate) => {
    const out = inBlocks(new StreamingResampler(rate), sine(440, rate, 1));
    // One second in, one second out (less the filter's half-width still waiting for input).
    expect(out.length).toBeGreaterThan(16_000 - 40);
    expect(out.length).toBeLessThanOrEqual(16_000);
    const steady = out.subarray(200, 15_800);
    expect(toneAmplitude(steady, 440, 16_000)).toBeCloseTo(0.5, 2);
    expect(rms(steady)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it("removes content above 8 kHz instead of folding it back (no aliasing)", () => {
    // 11 kHz would alias to 5 kHz at 16 kHz without the low-pass.
    const out = inBlocks(new StreamingResampler(44_100), sine(11_000, 44_100, 1));
    expect(rms(out.subarray(200))).toBeLessThan(0.005);
    expect(toneAmplitude(out.subarray(200), 5_000, 16_000)).toBeLessThan(0.005);
  });

  it("gives the same result whatever the block sizes", () => {
    const x = sine(1000, 44_100, 0.3);
    const a = inBlocks(new StreamingResampler(44_100), x, 128);
    const b = inBlocks(new StreamingResampler(44_100), x, 1000);
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
  });

  it("passes 16 kHz through unchanged", () => {
    const x = sine(300, 16_000, 0.1);
    expect(Array.from(new StreamingResampler(16_000).process(x))).toEqual(Array.from(x));
  });

  it("keeps its buffer bounded over a long stream", () => {
    const r = new StreamingResampler(44_100);
    const block = new Float32Array(128);
    let total = 0;
    for (let i = 0; i < (44_100 * 60) / 128; i++) total += r.process(block).length;
    expect(total).toBeGreaterThan(16_000 * 60 - 100);
    expect((r as unknown as { buf: Float32Array }).buf.length).toBeLessThanOrEqual(4096);
  });
});

describe("downmix", () => {
  it("averages stereo to mono", () => {
    const out = downmix([Float32Array.from([1, 0.5]), Float32Array.from([0, -0.5])]);
    expect(Array.from(out)).toEqual([0.5, 0]);
  });
});

describe("floatToPcm16", () => {
  it("scales, rounds and clips", () => {
    expect(Array.from(floatToPcm16(Float32Array.from([0, 0.5, -0.5, 1, -1, 1.5, -1.5])))).toEqual([
      0,
      16384,
      -16383,
      32767,
      -32767,
      32767,
      -32768, // Math.round: -16383.5 -> -16383
    ]);
  });
});

describe("FrameAssembler", () => {
  it("cuts any block sizes into exact frames with their start index", () => {
    const fa = new FrameAssembler(4);
    const out = [
      ...fa.push(Int16Array.from([1, 2, 3])),
      ...fa.push(Int16Array.from([4, 5, 6, 7, 8, 9])),
      ...fa.push(Int16Array.from([10])),
    ];
    expect(out.map((f) => [Array.from(f.pcm), f.startIndex])).toEqual([
      [[1, 2, 3, 4], 0],
      [[5, 6, 7, 8], 4],
    ]);
  });
});
