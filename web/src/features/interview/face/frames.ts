/**
 * Per-frame face features, free of the browser so the rules can be tested alone: presence
 * debounce, pose fit + one-euro smoothing, facing-the-camera proxy, movement, visible smile.
 *
 * Everything here is visible behaviour (DESIGN §8): a face in view, where the head points,
 * how much it moves, whether the mouth shows a smile. Nothing is read as an inner state.
 */
import { AngleOneEuroFilter, OneEuroFilter, POSE_FILTER, type OneEuroParams } from "./oneEuro";
import { angleToCamera, defaultCamera, fitPose, gazeOnCameraScore, type Point2 } from "./pose";
import { PresenceDebouncer } from "./presence";

/** What the detector saw in one video frame (one face at most: the most confident one). */
export interface RawFaceObservation {
  /** The 68 landmarks, pixels of the analysed frame. */
  landmarks: Point2[];
  box: { x: number; y: number; width: number; height: number };
  /** Detector confidence 0-1. */
  score: number;
  /**
   * The expression net's "happy" output, 0-1, used only as "a smile is visible". The net's
   * other outputs are never read: they are emotion labels (EU AI Act Art. 5(1)(f), DESIGN §8).
   * Null on frames where the expression net was not run.
   */
  smile: number | null;
}

export interface FaceFrameInput {
  /** Capture time, ms on the caller's clock (performance.now() in the browser). */
  tMs: number;
  width: number;
  height: number;
  face: RawFaceObservation | null;
}

export interface FaceFrame {
  tMs: number;
  /** A face was found in this very frame (by the detector, or tracked from the last one). */
  detected: boolean;
  /** Debounced presence (5 frames): what is reported. */
  present: boolean;
  /** Smoothed head pose in degrees; null unless a face is present and was found this frame. */
  pose: { yaw: number; pitch: number; roll: number } | null;
  /** 0-1 facing-the-camera score (head-direction proxy for gaze); null without a pose. */
  gazeOnCamera: number | null;
  smile: number | null;
  /**
   * Mean displacement of the 68 smoothed landmarks since the previous usable frame, in face
   * widths, and that frame's time gap in seconds; null when there is no previous frame.
   */
  motion: { faceWidths: number; dtS: number } | null;
  /** Reprojection error of the pose fit (eye spans); large values mean an unreliable pose. */
  fitError: number | null;
  box: RawFaceObservation["box"] | null;
}

export interface FaceFrameOptions {
  presenceFrames?: number;
  pose?: OneEuroParams;
  /** Landmark smoothing before motion is measured, in face widths (see LANDMARK_FILTER). */
  landmarks?: OneEuroParams;
}

/**
 * Landmark smoothing in face-width units. The tiny landmarks jitter by about 1 % of the face
 * width from frame to frame; differencing raw positions at 10 frames/s would report ~0.1 face
 * widths/s of "movement" for a still head. At 1.5 Hz the noise floor drops to a few hundredths
 * while a deliberate head movement (0.2-1 face widths/s) raises the cutoff and passes.
 */
export const LANDMARK_FILTER: OneEuroParams = { minCutoff: 1.5, beta: 0.5, dCutoff: 1.0 };

/** A gap longer than this (face lost, tab hidden) restarts smoothing instead of bridging it. */
const MAX_GAP_S = 0.5;

/** Pose fits worse than this (in eye spans) are treated as no pose (a bad landmark set). */
const MAX_FIT_ERROR = 0.15;

export class FaceFrameProcessor {
  private readonly presence: PresenceDebouncer;
  private readonly yaw: AngleOneEuroFilter;
  private readonly pitch: AngleOneEuroFilter;
  private readonly roll: AngleOneEuroFilter;
  private readonly faceWidth: OneEuroFilter;
  private readonly landmarkParams: OneEuroParams;
  private landmarkFilters: OneEuroFilter[] = [];
  private prevLandmarks: Point2[] | null = null;
  private lastUsableS: number | null = null;

  constructor(options: FaceFrameOptions = {}) {
    this.presence = new PresenceDebouncer(options.presenceFrames ?? 5);
    const pose = options.pose ?? POSE_FILTER;
    this.yaw = new AngleOneEuroFilter(pose);
    this.pitch = new AngleOneEuroFilter(pose);
    this.roll = new AngleOneEuroFilter(pose);
    this.faceWidth = new OneEuroFilter({ minCutoff: 0.5, beta: 0.01, dCutoff: 1 });
    this.landmarkParams = options.landmarks ?? LANDMARK_FILTER;
  }

  process(input: FaceFrameInput): FaceFrame {
    const tS = input.tMs / 1000;
    const face = input.face;
    const present = this.presence.update(face !== null, input.tMs);
    const base: FaceFrame = {
      tMs: input.tMs,
      detected: face !== null,
      present,
      pose: null,
      gazeOnCamera: null,
      smile: null,
      motion: null,
      fitError: null,
      box: face?.box ?? null,
    };
    if (!face || !present || face.landmarks.length < 68) return base;

    if (this.lastUsableS !== null && tS - this.lastUsableS > MAX_GAP_S) this.resetSmoothing();

    const fit = fitPose(face.landmarks, defaultCamera(input.width, input.height));
    let pose: FaceFrame["pose"] = null;
    let gaze: number | null = null;
    if (fit && fit.rmsError <= MAX_FIT_ERROR) {
      pose = {
        yaw: this.yaw.filter(fit.pose.yaw, tS),
        pitch: this.pitch.filter(fit.pose.pitch, tS),
        roll: this.roll.filter(fit.pose.roll, tS),
      };
      // The camera direction uses the smoothed angles with the fitted position.
      gaze = gazeOnCameraScore(angleToCamera({ ...fit.pose, ...pose }));
    }

    const motion = this.measureMotion(face.landmarks, tS);
    this.lastUsableS = tS;
    return {
      ...base,
      pose,
      gazeOnCamera: gaze,
      smile: face.smile === null ? null : clamp01(face.smile),
      motion,
      fitError: fit ? fit.rmsError : null,
    };
  }

  private measureMotion(landmarks: ReadonlyArray<Point2>, tS: number): FaceFrame["motion"] {
    const jaw0 = landmarks[0]!;
    const jaw16 = landmarks[16]!;
    const rawWidth = Math.hypot(jaw16.x - jaw0.x, jaw16.y - jaw0.y);
    if (!(rawWidth > 1)) return null;
    const width = this.faceWidth.filter(rawWidth, tS);
    if (this.landmarkFilters.length !== landmarks.length * 2) {
      this.landmarkFilters = Array.from({ length: landmarks.length * 2 }, () => new OneEuroFilter(this.landmarkParams));
    }
    const smoothed = landmarks.map((p, i) => ({
      x: this.landmarkFilters[2 * i]!.filter(p.x / width, tS),
      y: this.landmarkFilters[2 * i + 1]!.filter(p.y / width, tS),
    }));
    const prev = this.prevLandmarks;
    const prevS = this.lastUsableS;
    this.prevLandmarks = smoothed;
    if (!prev || prevS === null || !(tS > prevS)) return null;
    let sum = 0;
    for (let i = 0; i < smoothed.length; i++) {
      sum += Math.hypot(smoothed[i]!.x - prev[i]!.x, smoothed[i]!.y - prev[i]!.y);
    }
    return { faceWidths: sum / smoothed.length, dtS: tS - prevS };
  }

  private resetSmoothing(): void {
    this.yaw.reset();
    this.pitch.reset();
    this.roll.reset();
    this.faceWidth.reset();
    this.landmarkFilters = [];
    this.prevLandmarks = null;
    this.lastUsableS = null;
  }
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
