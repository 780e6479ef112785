/**
 * Detect-then-track: which frames need the face detector, and where the face is on the others.
 *
 * The tiny detector is the costliest net of a frame. A head moves little in 80 ms, so on most
 * frames the landmark net can run on a region predicted from the previous frame's landmarks,
 * and the detector only re-anchors every few frames, when the face was lost, or when the
 * landmarks jump in a way a real head does not. Pure (no DOM) so the rules are tested alone.
 */
import type { Point2 } from "./pose";

export interface FaceRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionTrackerOptions {
  /** Run the detector on at least one frame in this many (1 = every frame). */
  detectEvery?: number;
  /** Landmark-centre shift between frames, in face widths, beyond which tracking is dropped. */
  maxShift?: number;
  /** Face-size ratio between frames beyond which (or below whose inverse) tracking is dropped. */
  maxScale?: number;
}

/**
 * Every third frame: a covered face is then noticed at most two frames (~0.2 s) late, well
 * inside the five-frame presence debounce, while the detector's cost is paid a third as often.
 */
export const DETECT_EVERY = 3;
/** Head turns move the landmark centre by ~0.1 face widths a frame; a cover board by more. */
const MAX_SHIFT = 0.3;
const MAX_SCALE = 1.3;

/** The tightest box around the points. */
export function boundsOf(points: ReadonlyArray<Point2>): FaceRegion {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * Where a detector box sits relative to the landmark bounds it produced, in units of those
 * bounds. The landmark net was trained on detector-shaped crops, so tracked regions keep this
 * shape rather than hugging the landmarks.
 */
interface BoxRelation {
  dx: number;
  dy: number;
  sw: number;
  sh: number;
}

export class FaceRegionTracker {
  private readonly detectEvery: number;
  private readonly maxShift: number;
  private readonly maxScale: number;
  private relation: BoxRelation | null = null;
  private lastBounds: FaceRegion | null = null;
  private framesSinceDetect = 0;
  private score = 0;

  constructor(options: RegionTrackerOptions = {}) {
    this.detectEvery = Math.max(1, Math.round(options.detectEvery ?? DETECT_EVERY));
    this.maxShift = options.maxShift ?? MAX_SHIFT;
    this.maxScale = options.maxScale ?? MAX_SCALE;
  }

  /** The detector score of the detection the current track started from. */
  get trackedScore(): number {
    return this.score;
  }

  /**
   * The region to run the landmark net on without the detector, or null when this frame
   * needs the detector (nothing tracked, or the periodic re-anchor is due).
   */
  predict(): FaceRegion | null {
    if (!this.relation || !this.lastBounds || this.framesSinceDetect + 1 >= this.detectEvery) return null;
    const b = this.lastBounds;
    const r = this.relation;
    return { x: b.x + r.dx * b.width, y: b.y + r.dy * b.height, width: r.sw * b.width, height: r.sh * b.height };
  }

  /** After a detector pass; `landmarks` are those found in `box` (null box: no face). */
  anchored(box: FaceRegion | null, score: number, landmarks: ReadonlyArray<Point2> | null): void {
    this.framesSinceDetect = 0;
    if (!box || !landmarks || landmarks.length === 0) {
      this.lose();
      return;
    }
    const b = boundsOf(landmarks);
    if (!(b.width > 0 && b.height > 0)) {
      this.lose();
      return;
    }
    this.relation = {
      dx: (box.x - b.x) / b.width,
      dy: (box.y - b.y) / b.height,
      sw: box.width / b.width,
      sh: box.height / b.height,
    };
    this.lastBounds = b;
    this.score = score;
  }

  /**
   * After the landmark net ran on a predicted region. Returns false (and drops the track)
   * when the landmarks moved or changed size more than a head does in one frame: the face
   * was probably covered or left, and the caller should run the detector on this frame.
   */
  tracked(landmarks: ReadonlyArray<Point2>): boolean {
    const prev = this.lastBounds;
    const b = boundsOf(landmarks);
    if (!prev || !(b.width > 0 && b.height > 0)) {
      this.lose();
      return false;
    }
    const shift = Math.hypot(
      b.x + b.width / 2 - (prev.x + prev.width / 2),
      b.y + b.height / 2 - (prev.y + prev.height / 2),
    );
    const scale = b.width / prev.width;
    if (shift > this.maxShift * prev.width || scale > this.maxScale || scale < 1 / this.maxScale) {
      this.lose();
      return false;
    }
    this.lastBounds = b;
    this.framesSinceDetect++;
    return true;
  }

  private lose(): void {
    this.relation = null;
    this.lastBounds = null;
    this.score = 0;
  }
}
