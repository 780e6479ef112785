/**
 * The face-analysis loop the interview room and the device check run on a camera <video>.
 * Frames are analysed in this page and dropped; only FaceWindow numbers come out.
 */
import { loadFaceAnalyzer, type FaceAnalyzer } from "./analyzer";
import { FaceFrameProcessor, type FaceFrame } from "./frames";
import { FaceWindowAggregator, type FaceWindow } from "./windows";

export interface FaceTrackingStats {
  /** Frames analysed per second over the last few seconds (what the >= 8 fps goal is about). */
  fps: number;
  /** Detection + landmarks + expression time per frame, ms (last 100 frames). */
  medianMs: number;
  p90Ms: number;
  framesAnalysed: number;
  /** Frames with a face found by the detector (before debounce). */
  framesWithFace: number;
  backend: string;
}

export interface FaceTrackingOptions {
  /** Called with every completed 500 ms window (send these to the live stream). */
  onWindow?: (window: FaceWindow) => void;
  /** Called with every analysed frame (for a local "face in frame" indicator). */
  onFrame?: (frame: FaceFrame, video: { width: number; height: number }) => void;
  /** Called once if analysis cannot start or fails; the loop then stops. */
  onError?: (error: unknown) => void;
  /** Origin of the window grid on the performance.now() clock (the session start). */
  originMs?: number;
  /**
   * Upper bound on the analysis rate. Frames are analysed back to back up to this rate: at
   * ~50-70 ms a frame on the wasm backend that is ~12 frames/s on one core, leaving the other
   * for audio, the page and the network.
   */
  maxFps?: number;
  /** Injected in tests of the loop; defaults to the real face-api analyzer. */
  analyzer?: FaceAnalyzer;
}

export interface FaceTracking {
  stop(): void;
  stats(): FaceTrackingStats;
  /** Resolves once the models are loaded and the first frame can be analysed. */
  readonly ready: Promise<void>;
}

const FPS_SPAN_MS = 3000;

/**
 * Starts analysing `video` (a playing camera stream). Returns at once; `ready` settles when
 * the models are loaded. Call `stop()` when the page leaves or the camera is turned off; the
 * last partial window is then flushed through `onWindow`.
 */
export function startFaceTracking(video: HTMLVideoElement, options: FaceTrackingOptions = {}): FaceTracking {
  const maxFps = options.maxFps ?? 12;
  const minIntervalMs = 1000 / maxFps;
  const processor = new FaceFrameProcessor();
  const aggregator = new FaceWindowAggregator(options.originMs ?? 0);
  const doneAt: number[] = [];
  const durations: number[] = [];
  let framesAnalysed = 0;
  let framesWithFace = 0;
  let backend = "";
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const emit = (windows: FaceWindow[]) => {
    for (const w of windows) options.onWindow?.(w);
  };

  const step = async (analyzer: FaceAnalyzer) => {
    if (stopped) return;
    const started = performance.now();
    // HAVE_CURRENT_DATA: a frame is decoded. A paused or ended camera is not analysed.
    if (video.readyState >= 2 && video.videoWidth > 0 && !video.paused && !video.ended) {
      // The smile is sampled on every other frame (see AnalyzeOptions.smile).
      const face = await analyzer.analyze(video, { smile: framesAnalysed % 2 === 0 });
      if (stopped) return;
      const finished = performance.now();
      framesAnalysed++;
      if (face) framesWithFace++;
      durations.push(finished - started);
      if (durations.length > 100) durations.shift();
      doneAt.push(finished);
      while (doneAt.length > 2 && doneAt[0]! < finished - FPS_SPAN_MS) doneAt.shift();
      // The frame was grabbed when analysis started; that is its capture time.
      const frame = processor.process({ tMs: started, width: video.videoWidth, height: video.videoHeight, face });
      options.onFrame?.(frame, { width: video.videoWidth, height: video.videoHeight });
      emit(aggregator.push(frame));
    }
    emit(aggregator.flush(performance.now()));
    const wait = Math.max(0, minIntervalMs - (performance.now() - started));
    timer = setTimeout(() => void run(analyzer), wait);
  };

  const run = async (analyzer: FaceAnalyzer) => {
    try {
      await step(analyzer);
    } catch (err) {
      stopped = true;
      options.onError?.(err);
    }
  };

  const ready = (options.analyzer ? Promise.resolve(options.analyzer) : loadFaceAnalyzer()).then((analyzer) => {
    backend = analyzer.backend;
    if (!stopped) void run(analyzer);
  });
  ready.catch((err: unknown) => {
    stopped = true;
    options.onError?.(err);
  });

  return {
    ready,
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      emit(aggregator.flush(performance.now(), true));
    },
    stats() {
      const fps =
        doneAt.length >= 2 ? ((doneAt.length - 1) * 1000) / (doneAt[doneAt.length - 1]! - doneAt[0]!) : 0;
      const sorted = [...durations].sort((a, b) => a - b);
      const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
      return { fps, medianMs: pick(0.5), p90Ms: pick(0.9), framesAnalysed, framesWithFace, backend };
    },
  };
}
