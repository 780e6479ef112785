/**
 * The face-analysis loop the interview room and the device check run on a camera <video>.
 * Frames are analysed in this page and dropped; only FaceWindow numbers come out.
 */
import { loadFaceAnalyzer, type FaceAnalyzer, type FaceFrameImage } from "./analyzer";
import { FaceFrameProcessor, type FaceFrame, type RawFaceObservation } from "./frames";
import { FaceRegionTracker } from "./regionTracker";
import { FaceWindowAggregator, type FaceWindow } from "./windows";

export interface FaceTrackingStats {
  /** Frames analysed per second over the last few seconds (what the >= 8 fps goal is about). */
  fps: number;
  /** Whole analysis time per frame, ms (last 100 frames). */
  medianMs: number;
  p90Ms: number;
  /** Median time of one detector pass, and of one landmark (+ smile) pass, ms. */
  detectMedianMs: number;
  describeMedianMs: number;
  framesAnalysed: number;
  /** Frames on which the detector ran (the rest were tracked from the previous landmarks). */
  framesDetected: number;
  /** Frames with a face found or tracked (before debounce). */
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
   * Upper bound on the analysis rate. Frames are analysed back to back up to this rate. With
   * detect-then-track a frame costs ~20 ms median on the wasm backend (~40 ms when the
   * detector runs), so 12 frames/s keeps well under one core, leaving the other for audio,
   * the page and the network, and headroom for when the machine is busy.
   */
  maxFps?: number;
  /** Run the face detector on one frame in this many (see regionTracker.DETECT_EVERY). */
  detectEvery?: number;
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
  const regions = new FaceRegionTracker({ detectEvery: options.detectEvery });
  const aggregator = new FaceWindowAggregator(options.originMs ?? 0);
  const doneAt: number[] = [];
  const durations: number[] = [];
  const detectDurations: number[] = [];
  const describeDurations: number[] = [];
  let framesAnalysed = 0;
  let framesDetected = 0;
  let framesWithFace = 0;
  let backend = "";
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const emit = (windows: FaceWindow[]) => {
    for (const w of windows) options.onWindow?.(w);
  };

  const timed = async <T>(into: number[], work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    pushBounded(into, performance.now() - t0);
    return result;
  };

  /** One frame: track from the last landmarks when possible, else (or on a jump) detect. */
  const analyseFrame = async (analyzer: FaceAnalyzer, frame: FaceFrameImage): Promise<RawFaceObservation | null> => {
    // The smile is sampled on every other frame (see FaceAnalyzer.describe).
    const smile = framesAnalysed % 2 === 0;
    const predicted = regions.predict();
    if (predicted) {
      const tracked = await timed(describeDurations, () => analyzer.describe(frame, predicted, { smile }));
      if (regions.tracked(tracked.landmarks)) {
        return { ...tracked, box: predicted, score: regions.trackedScore };
      }
    }
    framesDetected++;
    const found = await timed(detectDurations, () => analyzer.detect(frame));
    if (!found) {
      regions.anchored(null, 0, null);
      return null;
    }
    const described = await timed(describeDurations, () => analyzer.describe(frame, found.box, { smile }));
    regions.anchored(found.box, found.score, described.landmarks);
    return { ...described, box: found.box, score: found.score };
  };

  const step = async (analyzer: FaceAnalyzer) => {
    if (stopped) return;
    const started = performance.now();
    // HAVE_CURRENT_DATA: a frame is decoded. A paused or ended camera is not analysed.
    if (video.readyState >= 2 && video.videoWidth > 0 && !video.paused && !video.ended) {
      const face = await analyseFrame(analyzer, analyzer.grab(video));
      if (stopped) return;
      const finished = performance.now();
      framesAnalysed++;
      if (face) framesWithFace++;
      pushBounded(durations, finished - started);
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
      const fps = doneAt.length >= 2 ? ((doneAt.length - 1) * 1000) / (doneAt[doneAt.length - 1]! - doneAt[0]!) : 0;
      return {
        fps,
        medianMs: quantile(durations, 0.5),
        p90Ms: quantile(durations, 0.9),
        detectMedianMs: quantile(detectDurations, 0.5),
        describeMedianMs: quantile(describeDurations, 0.5),
        framesAnalysed,
        framesDetected,
        framesWithFace,
        backend,
      };
    },
  };
}

/** Keeps the last 100 timings: enough for a stable median, recent enough to follow load. */
function pushBounded(into: number[], value: number): void {
  into.push(value);
  if (into.length > 100) into.shift();
}

function quantile(values: ReadonlyArray<number>, q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
