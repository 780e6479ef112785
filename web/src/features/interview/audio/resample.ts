/**
 * Streaming audio conversion for the microphone path: downmix to mono, resample to 16 kHz,
 * convert to PCM16 and cut into fixed frames. Pure code: the AudioWorklet imports it and the
 * unit tests run it on synthetic signals.
 */

export const TARGET_RATE = 16_000;

/** Averages the channels (a stereo fake mic or a stereo USB headset) into one. */
export function downmix(channels: ReadonlyArray<Float32Array>): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const ch of channels) {
    for (let i = 0; i < out.length; i++) out[i]! += ch[i] ?? 0;
  }
  const k = 1 / channels.length;
  for (let i = 0; i < out.length; i++) out[i]! *= k;
  return out;
}

/**
 * Windowed-sinc resampler for arbitrary rate ratios (44.1 or 48 kHz -> 16 kHz), processing
 * blocks as they come (128 samples per AudioWorklet call) with state carried between them.
 *
 * The low-pass sits at 90 % of the output Nyquist (7.2 kHz at 16 kHz), so content the target
 * rate cannot hold is removed instead of folding back as aliasing; the kernel spans
 * `zeroCrossings` lobes each side (a Blackman window), ~50 input taps per output sample at
 * 44.1 kHz (0.8 M table look-ups and multiply-adds per second of audio).
 * Group delay: `zeroCrossings / cutoff` input samples (~1.5 ms), reported by `delaySeconds`.
 */
export class StreamingResampler {
  readonly step: number;
  private readonly cutoff: number;
  private readonly halfWidth: number;
  private buf = new Float32Array(4096);
  private len = 0;
  /** Absolute input index of buf[0]. */
  private base = 0;
  /** Absolute input position (fractional) of the next output sample. */
  private pos = 0;
  private readonly passthrough: boolean;
  /** The kernel tabulated at TABLE_STEPS points per input sample (trig is too slow per tap). */
  private readonly table: Float32Array;

  constructor(
    readonly inRate: number,
    readonly outRate = TARGET_RATE,
    zeroCrossings = 8,
  ) {
    if (!(inRate > 0) || !(outRate > 0)) throw new Error("sample rates must be positive");
    this.step = inRate / outRate;
    this.cutoff = Math.min(1, outRate / inRate) * 0.9;
    this.halfWidth = Math.ceil(zeroCrossings / this.cutoff);
    this.passthrough = inRate === outRate;
    this.table = new Float32Array(this.halfWidth * TABLE_STEPS + 2);
    for (let i = 0; i < this.table.length; i++) {
      this.table[i] = kernel(i / TABLE_STEPS, this.cutoff, this.halfWidth);
    }
    // Start with a window of zeros before the first sample so the first outputs are defined.
    this.base = -this.halfWidth;
    this.len = this.halfWidth;
  }

  get delaySeconds(): number {
    return this.passthrough ? 0 : this.halfWidth / this.inRate;
  }

  process(input: Float32Array): Float32Array {
    if (this.passthrough) return input.slice();
    this.append(input);
    const end = this.base + this.len; // one past the last available input index
    const out = new Float32Array(Math.ceil(input.length / this.step) + 2);
    let n = 0;
    while (Math.floor(this.pos) + this.halfWidth < end) {
      out[n++] = this.sampleAt(this.pos);
      this.pos += this.step;
    }
    // Keep only what the next output still needs.
    const keepFrom = Math.floor(this.pos) - this.halfWidth;
    const drop = keepFrom - this.base;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.len);
      this.len -= drop;
      this.base = keepFrom;
    }
    return out.subarray(0, n);
  }

  private append(input: Float32Array): void {
    if (this.len + input.length > this.buf.length) {
      const bigger = new Float32Array(Math.max(this.buf.length * 2, this.len + input.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(input, this.len);
    this.len += input.length;
  }

  private sampleAt(t: number): number {
    const center = Math.floor(t);
    const table = this.table;
    const buf = this.buf;
    const last = table.length - 1;
    let acc = 0;
    let norm = 0;
    // The buffer always holds [floor(pos) - halfWidth, floor(pos) + halfWidth] (see process),
    // so no bounds checks are needed in this hot loop.
    let j = center - this.halfWidth + 1 - this.base;
    for (let i = center - this.halfWidth + 1; i <= center + this.halfWidth; i++, j++) {
      const d = Math.abs(t - i) * TABLE_STEPS;
      const k = d | 0;
      const w = k < last ? table[k]! + (d - k) * (table[k + 1]! - table[k]!) : 0;
      norm += w;
      acc += w * buf[j]!;
    }
    // Normalising by the weights' sum keeps DC gain at exactly 1 whatever the phase.
    return norm !== 0 ? acc / norm : 0;
  }
}

const TABLE_STEPS = 256;

function kernel(d: number, cutoff: number, halfWidth: number): number {
  const x = d / halfWidth;
  if (x <= -1 || x >= 1) return 0;
  const blackman = 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
  const a = Math.PI * cutoff * d;
  const sinc = a === 0 ? 1 : Math.sin(a) / a;
  return cutoff * sinc * blackman;
}

/** Float [-1, 1] to PCM16 with rounding and clipping at full scale. */
export function floatToPcm16(x: Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i]! * 32767);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Cuts a stream of samples into frames of exactly `frameSamples`. */
export class FrameAssembler {
  private current: Int16Array;
  private filled = 0;
  /** Index (in output samples since the start) of the first sample of the open frame. */
  private nextStart = 0;

  constructor(readonly frameSamples: number) {
    if (!(frameSamples > 0)) throw new Error("frameSamples must be positive");
    this.current = new Int16Array(frameSamples);
  }

  push(samples: Int16Array): Array<{ pcm: Int16Array; startIndex: number }> {
    const out: Array<{ pcm: Int16Array; startIndex: number }> = [];
    let offset = 0;
    while (offset < samples.length) {
      const n = Math.min(this.frameSamples - this.filled, samples.length - offset);
      this.current.set(samples.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameSamples) {
        out.push({ pcm: this.current, startIndex: this.nextStart });
        this.nextStart += this.frameSamples;
        this.current = new Int16Array(this.frameSamples);
        this.filled = 0;
      }
    }
    return out;
  }
}
