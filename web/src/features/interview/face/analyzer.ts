/**
 * face-api on the tfjs wasm backend (DESIGN §6): tiny face detector, tiny 68-point landmarks
 * and the expression net, nothing else. The age/gender and recognition nets are never loaded:
 * the product infers no protected attributes and recognises nobody (DESIGN §8).
 *
 * The library (~1.3 MB) is imported on demand so pages without a camera never download it.
 */
import type * as FaceApi from "@vladmandic/face-api";
import { faceModelUrl, tfjsWasmUrl } from "./assets";
import type { Point2 } from "./pose";
import { boundsOf, type FaceRegion } from "./regionTracker";

/**
 * Below 320 the expression output goes wrong (DESIGN §8b); above it each frame costs more
 * than the 8 frames/s budget on two cores allows.
 */
export const FACE_INPUT_SIZE = 320;
/** Detector confidence needed to count a face; 0.5 showed no false positives on covered video. */
export const FACE_SCORE_THRESHOLD = 0.5;

/** One video frame copied once, so every net of the frame reads the same pixels. */
export type FaceFrameImage = HTMLCanvasElement;

export interface FaceDescription {
  /** The 68 landmarks, pixels of the whole frame. */
  landmarks: Point2[];
  /** The visible-smile output, 0-1 (see RawFaceObservation.smile); null when not asked for. */
  smile: number | null;
}

export interface FaceAnalyzer {
  /** "wasm" once loaded; anything else is refused at load time. */
  readonly backend: string;
  /** Copies the video's current frame into a canvas the analyzer reuses. */
  grab(video: HTMLVideoElement): FaceFrameImage;
  /** The tiny detector on the whole frame: the most confident face, or null. */
  detect(frame: FaceFrameImage): Promise<{ box: FaceRegion; score: number } | null>;
  /**
   * The landmark net on `region` of the frame, and (with `smile`) the expression net on the
   * landmark-aligned face. The expression net costs about a quarter of a frame; the tracker
   * runs it on every other frame, still ~5 samples/s, plenty for a 500 ms mean.
   */
  describe(frame: FaceFrameImage, region: FaceRegion, options: { smile: boolean }): Promise<FaceDescription>;
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

/**
 * face-api's own landmark-to-expression crop (FaceLandmarks.align: the landmark bounds grown
 * by 20 %), kept so the expression net sees the framing it was trained on.
 */
const EXPRESSION_PADDING = 0.2;

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

  const grabCanvas = document.createElement("canvas");
  const grab = (video: HTMLVideoElement): FaceFrameImage => {
    if (grabCanvas.width !== video.videoWidth) grabCanvas.width = video.videoWidth;
    if (grabCanvas.height !== video.videoHeight) grabCanvas.height = video.videoHeight;
    grabCanvas.getContext("2d")?.drawImage(video, 0, 0, grabCanvas.width, grabCanvas.height);
    return grabCanvas;
  };

  const detect = async (frame: FaceFrameImage): Promise<{ box: FaceRegion; score: number } | null> => {
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(frame, options);
    let best: (typeof found)[number] | null = null;
    for (const d of found) if (!best || d.score > best.score) best = d;
    if (!best) return null;
    const b = best.box;
    return { box: { x: b.x, y: b.y, width: b.width, height: b.height }, score: best.score };
  };

  // Two crop canvases, reused: allocating canvases per frame churns the GC at 12 frames/s.
  const landmarkCrop = document.createElement("canvas");
  const expressionCrop = document.createElement("canvas");

  const describe = async (
    frame: FaceFrameImage,
    region: FaceRegion,
    opts: { smile: boolean },
  ): Promise<FaceDescription> => {
    const r = cropInto(landmarkCrop, frame, region);
    const found = await faceapi.nets.faceLandmark68TinyNet.detectLandmarks(landmarkCrop);
    const positions = (Array.isArray(found) ? found[0]! : found).positions;
    const landmarks = positions.map((p) => ({ x: p.x + r.x, y: p.y + r.y }));
    let smile: number | null = null;
    if (opts.smile) {
      const b = boundsOf(landmarks);
      const padX = b.width * EXPRESSION_PADDING;
      const padY = b.height * EXPRESSION_PADDING;
      cropInto(expressionCrop, frame, {
        x: b.x - padX / 2,
        y: b.y - padY / 2,
        width: b.width + padX,
        height: b.height + padY,
      });
      const expressions = await faceapi.nets.faceExpressionNet.predictExpressions(expressionCrop);
      // Only the visible smile is read; the other outputs are emotion labels (DESIGN §8).
      smile = (Array.isArray(expressions) ? expressions[0] : expressions)?.happy ?? null;
    }
    return { landmarks, smile };
  };

  // Kernels compile on first use; warm every net so the first real frame is not slowed.
  const warm = document.createElement("canvas");
  warm.width = FACE_INPUT_SIZE;
  warm.height = FACE_INPUT_SIZE;
  warm.getContext("2d")?.fillRect(0, 0, warm.width, warm.height);
  await detect(warm);
  await describe(warm, { x: 80, y: 80, width: 160, height: 160 }, { smile: true });

  return { backend: tf.getBackend(), grab, detect, describe };
}

/**
 * Copies `region` of `frame` (clipped to the frame, whole pixels) into `crop`, resizing the
 * crop canvas to match; returns the clipped region, whose corner maps crop pixels back.
 */
function cropInto(crop: HTMLCanvasElement, frame: HTMLCanvasElement, region: FaceRegion): FaceRegion {
  const x = Math.max(0, Math.floor(region.x));
  const y = Math.max(0, Math.floor(region.y));
  const width = Math.max(1, Math.min(frame.width - x, Math.ceil(region.x + region.width) - x));
  const height = Math.max(1, Math.min(frame.height - y, Math.ceil(region.y + region.height) - y));
  crop.width = width;
  crop.height = height;
  crop.getContext("2d")?.drawImage(frame, x, y, width, height, 0, 0, width, height);
  return { x, y, width, height };
}
