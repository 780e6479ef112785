import { describe, expect, it } from "vitest";
import { FaceFrameProcessor, type FaceFrame, type RawFaceObservation } from "./frames";
import { defaultCamera, projectModel, type Pose } from "./pose";
import { FaceWindowAggregator, type FaceWindow } from "./windows";

const W = 640;
const H = 480;

function face(p: Partial<Pose> = {}, smile = 0.2): RawFaceObservation {
  const pose: Pose = { yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, tz: 600, ...p };
  const landmarks = projectModel(pose, defaultCamera(W, H));
  // projectModel fills unused indices with the nose tip; give the jaw a real width.
  landmarks[0] = { x: landmarks[36]!.x - 30, y: landmarks[36]!.y + 10 };
  landmarks[16] = { x: landmarks[45]!.x + 30, y: landmarks[45]!.y + 10 };
  return { landmarks, box: { x: 250, y: 170, width: 140, height: 140 }, score: 0.9, smile };
}

function frame(tMs: number, present: boolean, extra: Partial<FaceFrame> = {}): FaceFrame {
  return {
    tMs,
    detected: present,
    present,
    pose: present ? { yaw: 10, pitch: -5, roll: 2 } : null,
    gazeOnCamera: present ? 1 : null,
    smile: present ? 0.4 : null,
    motion: null,
    fitError: present ? 0.01 : null,
    box: null,
    ...extra,
  };
}

describe("FaceWindowAggregator", () => {
  it("emits one window per 500 ms with ratios and means", () => {
    const agg = new FaceWindowAggregator(0, 500);
    const out: FaceWindow[] = [];
    // 10 frames/s: window 0 has 5 frames, 3 of them with a face.
    const present = [true, true, false, true, false, true, true, true, true, true, true];
    present.forEach((p, i) => out.push(...agg.push(frame(i * 100, p))));
    expect(out).toHaveLength(2);
    expect(out[0]!.startMs).toBe(0);
    expect(out[0]!.frames).toBe(5);
    expect(out[0]!.features.face_present_ratio).toBe(0.6);
    expect(out[0]!.features.yaw).toBeCloseTo(10);
    expect(out[0]!.features.pitch).toBeCloseTo(-5);
    expect(out[0]!.features.smile).toBeCloseTo(0.4);
    expect(out[1]!.features.face_present_ratio).toBe(1);
  });

  it("gives null angles, gaze and smile and zero movement for a window without a face", () => {
    const agg = new FaceWindowAggregator(0, 500);
    for (let i = 0; i < 5; i++) agg.push(frame(i * 100, false));
    const [w] = agg.flush(500);
    expect(w!.features).toEqual({
      face_present_ratio: 0,
      yaw: null,
      pitch: null,
      roll: null,
      gaze_on_camera: null,
      movement_energy: 0,
      smile: null,
    });
  });

  it("aligns windows to the session origin and skips empty ones", () => {
    const agg = new FaceWindowAggregator(1000, 500);
    expect(agg.push(frame(1100, true))).toEqual([]);
    // A stall from 1.1 s to 3.2 s: the window at 1000 closes, nothing is invented in between.
    const out = agg.push(frame(3200, true));
    expect(out.map((w) => w.startMs)).toEqual([1000]);
    expect(agg.flush(3400)).toEqual([]);
    expect(agg.flush(3500).map((w) => w.startMs)).toEqual([3000]);
  });

  it("turns frame motion into face widths per second", () => {
    const agg = new FaceWindowAggregator(0, 500);
    for (let i = 0; i < 5; i++)
      agg.push(frame(i * 100, true, { motion: i === 0 ? null : { faceWidths: 0.01, dtS: 0.1 } }));
    const [w] = agg.flush(0, true);
    expect(w!.features.movement_energy).toBeCloseTo(0.1);
  });

  it("averages angles on the circle", () => {
    const agg = new FaceWindowAggregator(0, 500);
    agg.push(frame(0, true, { pose: { yaw: 179, pitch: 0, roll: 0 } }));
    agg.push(frame(100, true, { pose: { yaw: -179, pitch: 0, roll: 0 } }));
    const [w] = agg.flush(0, true);
    expect(Math.abs(w!.features.yaw!)).toBeCloseTo(180, 0);
  });
});

describe("FaceFrameProcessor", () => {
  it("reports presence only after 5 frames with a face, and pose only while present", () => {
    const proc = new FaceFrameProcessor();
    const frames = Array.from({ length: 8 }, (_, i) =>
      proc.process({ tMs: i * 100, width: W, height: H, face: face() }),
    );
    expect(frames.map((f) => f.present)).toEqual([false, false, false, false, true, true, true, true]);
    expect(frames[3]!.pose).toBeNull();
    expect(frames[4]!.pose!.yaw).toBeCloseTo(0, 0);
    expect(frames[7]!.gazeOnCamera).toBe(1);
    expect(frames[7]!.smile).toBeCloseTo(0.2);
  });

  it("smooths a jump in yaw instead of following it at once", () => {
    const proc = new FaceFrameProcessor();
    for (let i = 0; i < 10; i++) proc.process({ tMs: i * 100, width: W, height: H, face: face() });
    let last = proc.process({ tMs: 1000, width: W, height: H, face: face({ yaw: 30 }) });
    expect(last.pose!.yaw).toBeGreaterThan(3);
    expect(last.pose!.yaw).toBeLessThan(30);
    for (let i = 11; i < 30; i++) last = proc.process({ tMs: i * 100, width: W, height: H, face: face({ yaw: 30 }) });
    expect(last.pose!.yaw).toBeCloseTo(30, 0);
  });

  it("measures no movement for a still face and some for a moving one", () => {
    const still = new FaceFrameProcessor();
    const moving = new FaceFrameProcessor();
    const aggStill = new FaceWindowAggregator(0, 500);
    const aggMoving = new FaceWindowAggregator(0, 500);
    for (let i = 0; i < 20; i++) {
      aggStill.push(still.process({ tMs: i * 100, width: W, height: H, face: face() }));
      // Sliding sideways by 60 mm/s at 600 mm: about 0.4 face widths per second.
      aggMoving.push(moving.process({ tMs: i * 100, width: W, height: H, face: face({ tx: 6 * i }) }));
    }
    const lastStill = aggStill.flush(0, true)[0]!;
    const lastMoving = aggMoving.flush(0, true)[0]!;
    expect(lastStill.features.movement_energy).toBeLessThan(0.001);
    expect(lastMoving.features.movement_energy).toBeGreaterThan(0.2);
    expect(lastMoving.features.movement_energy).toBeLessThan(0.8);
  });

  it("never reads anything but the smile from the expression net", () => {
    const obs = face();
    expect(Object.keys(obs).sort()).toEqual(["box", "landmarks", "score", "smile"]);
  });
});
