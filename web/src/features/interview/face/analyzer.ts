/**
 * face-api on the tfjs wasm backend (DESIGN §6): tiny face detector, tiny 68-point landmarks
 * and the expression net, nothing else. The age/gender and recognition nets are never loaded:
 * the product infers no protected attributes and recognises nobody (DESIGN §8).
 *
 * The library (~1.3 MB) is imported on demand so pages without a camera never download it.
 */
import type * as FaceApi from "@vladmandic/face-api";
import { faceModelUrl, tfjsWasmUrl } from "./assets";
import type { RawFaceObservation } from "./frames";

/**
 * Below 320 the expression output goes wrong (DESIGN §8b); above it each frame costs more
 * than the 8 frames/s budget on two cores allows.
 */
export const FACE_INPUT_SIZE = 320;
/** Detector confidence needed to count a face; 0.5 showed no false positives on covered video. */
export const FACE_SCORE_THRESHOLD = 0.5;

export type FaceInput = HTMLVideoElement | HTMLCanvasElement | HTMLImageElement;

export interface AnalyzeOptions {
  /**
   * Run the expression net (for the visible smile). It costs about a quarter of a frame; the
   * tracker runs it on every other frame, which halves the smile's sampling rate (still ~5/s,
   * plenty for a 500 ms mean) and buys frames per second for pose and presence.
   */
  smile?: boolean;
}

export interface FaceAnalyzer {
  /** "wasm" once loaded; anything else is refused at load time. */
  readonly backend: string;
  analyze(input: FaceInput, options?: AnalyzeOptions): Promise<RawFaceObservation | null>;
}

/**
 * The parts of the bundled tfjs that face-api's type declarations leave out (they list only the
 * tensor ops it uses itself); all of them exist on the runtime object.
 */
interface TfRuntime {
  setWasmPaths(prefix: string): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
}

let loading: Promise<FaceAnalyzer> | null = null;

/**
 * Loads (once per page) the wasm backend and the three nets from this origin, and runs one
 * warm-up pass so the first real frame is not slowed by kernel compilation.
 * Rejects when the wasm backend cannot start: tfjs would otherwise fall back to WebGL, which on
 * a GPU-less machine runs in software at ~600 ms a frame.
 */
export function loadFaceAnalyzer(): Promise<FaceAnalyzer> {
  if (!loading) {
    loading = load().catch((err: unknown) => {
      loading = null; // let a later call retry (e.g. after a network blip)
      throw err;
    });
  }
  return loading;
}

async function load(): Promise<FaceAnalyzer> {
  const faceapi: typeof FaceApi = await import("@vladmandic/face-api");
  const tf = faceapi.tf as unknown as TfRuntime;
  tf.setWasmPaths(tfjsWasmUrl());
  const ok = await tf.setBackend("wasm");
  await tf.ready();
  if (!ok || tf.getBackend() !== "wasm") {
    throw new Error(`Face analysis needs the WebAssembly backend (got "${tf.getBackend()}")`);
  }
  const models = faceModelUrl();
  await Promise.all([
    faceapi.nets.tinyFaceDetector.loadFromUri(models),
    faceapi.nets.faceLandmark68TinyNet.loadFromUri(models),
    faceapi.nets.faceExpressionNet.loadFromUri(models),
  ]);
  const options = new faceapi.TinyFaceDetectorOptions({
    inputSize: FACE_INPUT_SIZE,
    scoreThreshold: FACE_SCORE_THRESHOLD,
  });

  const analyze = async (input: FaceInput, opts: AnalyzeOptions = {}): Promise<RawFaceObservation | null> => {
    const withLandmarks = faceapi.detectSingleFace(input, options).withFaceLandmarks(true);
    let result;
    let smile: number | null = null;
    if (opts.smile === false) {
      result = await withLandmarks;
    } else {
      const withExpressions = await withLandmarks.withFaceExpressions();
      // Only the visible smile is read; the other outputs are emotion labels (DESIGN §8).
      smile = withExpressions?.expressions.happy ?? null;
      result = withExpressions;
    }
    if (!result) return null;
    const box = result.detection.box;
    return {
      landmarks: result.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
      box: { x: box.x, y: box.y, width: box.width, height: box.height },
      score: result.detection.score,
      smile,
    };
  };

  const warm = document.createElement("canvas");
  warm.width = FACE_INPUT_SIZE;
  warm.height = FACE_INPUT_SIZE;
  warm.getContext("2d")?.fillRect(0, 0, warm.width, warm.height);
  // A blank frame holds no face, so the landmark and expression nets are warmed directly.
  await analyze(warm);
  await faceapi.nets.faceLandmark68TinyNet.detectLandmarks(warm);
  await faceapi.nets.faceExpressionNet.predictExpressions(warm);

  return { backend: tf.getBackend(), analyze };
}
