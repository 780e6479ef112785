/**
 * Microphone capture: an AudioWorklet turning the microphone track into 16 kHz mono PCM16
 * frames (docs/live-protocol.md) with a level reading per frame for the device check.
 */
import workletUrl from "./pcm16.worklet.ts?worker&url";
import type { LevelReading } from "./level";
import type { Pcm16FrameMessage, Pcm16ProcessorOptions } from "./pcm16.worklet";
import { TARGET_RATE } from "./resample";

export interface AudioFrame {
  /** 16 kHz mono PCM16 samples (the frame owns this buffer). */
  pcm: Int16Array;
  /** Capture time of the first sample, ms on the performance.now() clock. */
  tMs: number;
  level: LevelReading;
}

export interface AudioCaptureOptions {
  onFrame: (frame: AudioFrame) => void;
  /**
   * Frame length. 50 ms keeps the live cues responsive and the per-message overhead (12-byte
   * header, one WebSocket frame, one ack per 100 ms) small.
   */
  frameMs?: number;
}

export interface AudioCapture {
  /** The AudioContext's rate: 16000 when the browser resamples, else the device's rate. */
  readonly contextRate: number;
  /** True when the worklet resamples (the browser would not run the microphone at 16 kHz). */
  readonly resamplingInWorklet: boolean;
  stop(): Promise<void>;
}

export const DEFAULT_FRAME_MS = 50;

/**
 * How long the browser may take to start the AudioContext. It normally takes well under a
 * second; Firefox without a usable sound output (no speakers, no sound server) never starts
 * one, and resume() then stays pending for ever.
 */
export const AUDIO_START_TIMEOUT_MS = 5_000;

/** The browser did not start audio processing in time (see AUDIO_START_TIMEOUT_MS). */
export class AudioNotStartedError extends Error {
  override readonly name = "AudioNotStartedError";
  constructor() {
    super("The browser did not start processing sound");
  }
}

/** Resumes `ctx`, or rejects with AudioNotStartedError when it is not running after `ms`. */
export async function resumeWithin(ctx: Pick<AudioContext, "resume" | "state">, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    const outcome = await Promise.race([ctx.resume(), timeout]);
    if (outcome === "timeout" && ctx.state !== "running") throw new AudioNotStartedError();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts capturing `stream`'s audio track. Call from a user gesture (a click) where possible:
 * browsers start an AudioContext suspended otherwise; this resumes it either way, and rejects
 * with AudioNotStartedError when the browser does not start it (the caller can then offer
 * typed answers instead of waiting for ever).
 */
export async function startAudioCapture(stream: MediaStream, options: AudioCaptureOptions): Promise<AudioCapture> {
  if (stream.getAudioTracks().length === 0) throw new Error("The stream has no microphone track");
  const frameSamples = Math.round(((options.frameMs ?? DEFAULT_FRAME_MS) * TARGET_RATE) / 1000);

  let ctx = new AudioContext({ sampleRate: TARGET_RATE });
  let source: MediaStreamAudioSourceNode;
  try {
    source = ctx.createMediaStreamSource(stream);
  } catch {
    // Firefox: "Connecting AudioNodes from AudioContexts with different sample-rate is currently
    // not supported". Run at the device's rate and resample in the worklet instead.
    await ctx.close();
    ctx = new AudioContext();
    source = ctx.createMediaStreamSource(stream);
  }
  await ctx.audioWorklet.addModule(workletUrl);
  const processorOptions: Pcm16ProcessorOptions = { frameSamples };
  const node = new AudioWorkletNode(ctx, "moodlens-pcm16", {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    outputChannelCount: [1],
    processorOptions,
  });
  // The node must be pulled by the destination to run in every browser; a muted gain keeps the
  // candidate's own voice out of the speakers.
  const mute = ctx.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(ctx.destination);

  const context = ctx;
  node.port.onmessage = (event: MessageEvent<Pcm16FrameMessage>) => {
    const m = event.data;
    if (m.type !== "frame") return;
    const tMs = contextToPerformanceMs(context, m.contextTime);
    options.onFrame({
      pcm: m.pcm,
      tMs,
      level: { tMs, rmsDbfs: m.rmsDbfs, peak: m.peak, clippedSamples: m.clippedSamples, samples: m.samples },
    });
  };
  try {
    await resumeWithin(ctx, AUDIO_START_TIMEOUT_MS);
  } catch (err) {
    node.port.onmessage = null;
    source.disconnect();
    // Not awaited: closing a context that never started may stay pending as well.
    void context.close().catch(() => undefined);
    throw err;
  }

  return {
    contextRate: ctx.sampleRate,
    resamplingInWorklet: ctx.sampleRate !== TARGET_RATE,
    async stop() {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      if (context.state !== "closed") await context.close();
    },
  };
}

/**
 * Maps AudioContext time to performance.now() through the context's own timestamp pair, so
 * audio and face windows share one clock (good to a render quantum, ~8 ms at 16 kHz).
 */
function contextToPerformanceMs(ctx: AudioContext, contextTime: number): number {
  const stamp = typeof ctx.getOutputTimestamp === "function" ? ctx.getOutputTimestamp() : null;
  if (stamp && stamp.contextTime !== undefined && stamp.performanceTime !== undefined && stamp.performanceTime > 0) {
    return stamp.performanceTime + (contextTime - stamp.contextTime) * 1000;
  }
  return performance.now() - (ctx.currentTime - contextTime) * 1000;
}
