/**
 * 500 ms face windows: what the browser sends over the live stream (docs/live-protocol.md).
 * Only these numbers ever leave the device; frames and landmarks stay in the page.
 */
import type { FaceFrame } from "./frames";

/** Field names and ranges match the server's FaceFeatures schema. */
export interface FaceWindowFeatures {
  /** Share of the window's analysed frames with a (debounced) face in view, 0-1. */
  face_present_ratio: number;
  /** Mean smoothed head pose, degrees (see pose.ts for signs); null when no face was seen. */
  yaw: number | null;
  pitch: number | null;
  roll: number | null;
  /** Mean facing-the-camera score 0-1 (head-direction proxy); null when no face was seen. */
  gaze_on_camera: number | null;
  /**
   * Head and face movement: mean displacement of the 68 smoothed landmarks per second, in
   * face widths (jaw width). A still head reads ~0.01-0.04 (landmark noise left after
   * smoothing), ordinary talking with small nods ~0.05-0.2, turning away or shifting in the
   * seat 0.3 and up. 0 when it could not be measured (no face, or a single frame): the
   * server's schema takes no null here.
   */
  movement_energy: number;
  /** Mean visible-smile score 0-1 (the expression net's "happy" output); null with no face. */
  smile: number | null;
}

export interface FaceWindow {
  /** Window start on the caller's clock (ms); windows are aligned to `originMs`. */
  startMs: number;
  endMs: number;
  /** Frames analysed in the window (the face-analysis rate times the window length). */
  frames: number;
  features: FaceWindowFeatures;
}

export const FACE_WINDOW_MS = 500;

interface Acc {
  index: number;
  frames: number;
  present: number;
  yaw: number[];
  pitch: number[];
  roll: number[];
  gaze: number[];
  smile: number[];
  motion: number;
  motionS: number;
}

function emptyAcc(index: number): Acc {
  return { index, frames: 0, present: 0, yaw: [], pitch: [], roll: [], gaze: [], smile: [], motion: 0, motionS: 0 };
}

function mean(v: ReadonlyArray<number>): number | null {
  if (v.length === 0) return null;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function circularMeanDeg(v: ReadonlyArray<number>): number | null {
  if (v.length === 0) return null;
  let s = 0;
  let c = 0;
  for (const d of v) {
    s += Math.sin((d * Math.PI) / 180);
    c += Math.cos((d * Math.PI) / 180);
  }
  return (Math.atan2(s, c) * 180) / Math.PI;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Collects frames into fixed windows aligned to `originMs` (the session's start on the same
 * clock, so window k covers [origin + 500k, origin + 500(k+1))). A window is emitted when a
 * frame of a later window arrives, or by `flush`. Windows with no analysed frame are not
 * emitted: nothing was observed (tab hidden, analysis stalled), and saying "no face" would be
 * wrong.
 */
export class FaceWindowAggregator {
  private acc: Acc | null = null;

  constructor(
    private readonly originMs = 0,
    private readonly windowMs = FACE_WINDOW_MS,
  ) {}

  push(frame: FaceFrame): FaceWindow[] {
    const index = Math.floor((frame.tMs - this.originMs) / this.windowMs);
    const out: FaceWindow[] = [];
    if (this.acc && index > this.acc.index) {
      out.push(this.close(this.acc));
      this.acc = null;
    }
    // A frame from an already closed window (clock went backwards) is dropped.
    if (this.acc && index < this.acc.index) return out;
    if (!this.acc) this.acc = emptyAcc(index);
    const a = this.acc;
    a.frames++;
    if (frame.present) a.present++;
    if (frame.present && frame.pose) {
      a.yaw.push(frame.pose.yaw);
      a.pitch.push(frame.pose.pitch);
      a.roll.push(frame.pose.roll);
    }
    if (frame.present && frame.gazeOnCamera !== null) a.gaze.push(frame.gazeOnCamera);
    if (frame.present && frame.smile !== null) a.smile.push(frame.smile);
    if (frame.present && frame.motion) {
      a.motion += frame.motion.faceWidths;
      a.motionS += frame.motion.dtS;
    }
    return out;
  }

  /** Closes the open window if `nowMs` is past its end (or always, with `force`). */
  flush(nowMs: number, force = false): FaceWindow[] {
    if (!this.acc) return [];
    const end = this.originMs + (this.acc.index + 1) * this.windowMs;
    if (!force && nowMs < end) return [];
    const w = this.close(this.acc);
    this.acc = null;
    return [w];
  }

  private close(a: Acc): FaceWindow {
    const startMs = this.originMs + a.index * this.windowMs;
    const angle = (v: number[]) => {
      const m = circularMeanDeg(v);
      return m === null ? null : round(m, 2);
    };
    const ratio = (v: number[]) => {
      const m = mean(v);
      return m === null ? null : round(Math.min(1, Math.max(0, m)), 4);
    };
    return {
      startMs,
      endMs: startMs + this.windowMs,
      frames: a.frames,
      features: {
        face_present_ratio: round(a.present / a.frames, 4),
        yaw: angle(a.yaw),
        pitch: angle(a.pitch),
        roll: angle(a.roll),
        gaze_on_camera: ratio(a.gaze),
        movement_energy: a.motionS > 0 ? round(Math.min(1000, a.motion / a.motionS), 4) : 0,
        smile: ratio(a.smile),
      },
    };
  }
}
