/**
 * AudioWorklet processor: microphone -> 16 kHz mono PCM16 frames + level readings.
 * Runs on the audio rendering thread; bundled by Vite (`?worker&url`) with its imports.
 *
 * When the AudioContext already runs at 16 kHz (Chromium resamples the microphone for us) the
 * resampler is a pass-through; otherwise (Firefox refuses to connect a 44.1/48 kHz microphone
 * to a 16 kHz context) it resamples here.
 */
import { LevelAccumulator } from "./level";
import { downmix, floatToPcm16, FrameAssembler, StreamingResampler, TARGET_RATE } from "./resample";

// The AudioWorkletGlobalScope is not in TypeScript's DOM library.
declare const sampleRate: number;
declare const currentTime: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(
  name: string,
  ctor: new (options: { processorOptions?: Pcm16ProcessorOptions }) => AudioWorkletProcessor,
): void;

export interface Pcm16ProcessorOptions {
  frameSamples: number;
}

/** Posted once per frame; `pcm` is transferred, not copied. */
export interface Pcm16FrameMessage {
  type: "frame";
  pcm: Int16Array;
  /** AudioContext time (s) of the frame's first sample. */
  contextTime: number;
  rmsDbfs: number;
  peak: number;
  clippedSamples: number;
  samples: number;
}

class Pcm16Processor extends AudioWorkletProcessor {
  private readonly resampler = new StreamingResampler(sampleRate, TARGET_RATE);
  private readonly frames: FrameAssembler;
  private readonly level = new LevelAccumulator();
  private startTime: number | null = null;

  constructor(options: { processorOptions?: Pcm16ProcessorOptions }) {
    super(options);
    this.frames = new FrameAssembler(options.processorOptions?.frameSamples ?? 800);
  }

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    // No channels: the track is not delivering (muted, ended) — keep the node alive.
    if (!input || input.length === 0) return true;
    if (this.startTime === null) this.startTime = currentTime - this.resampler.delaySeconds;
    const mono = downmix(input);
    // Level on the microphone's own samples, before resampling smooths the peaks.
    this.level.add(mono);
    for (const { pcm, startIndex } of this.frames.push(floatToPcm16(this.resampler.process(mono)))) {
      const message: Pcm16FrameMessage = {
        type: "frame",
        pcm,
        contextTime: this.startTime + startIndex / TARGET_RATE,
        ...this.level.take(),
      };
      this.port.postMessage(message, [pcm.buffer]);
    }
    return true;
  }
}

registerProcessor("moodlens-pcm16", Pcm16Processor);
