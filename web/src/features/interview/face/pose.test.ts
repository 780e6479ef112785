import { describe, expect, it } from "vitest";
import {
  angleToCamera,
  defaultCamera,
  fitPose,
  gazeOnCameraScore,
  projectModel,
  rollFromEyes,
  type Point2,
  type Pose,
} from "./pose";

const camera = defaultCamera(640, 480);

function pose(yaw: number, pitch: number, roll: number, extra: Partial<Pose> = {}): Pose {
  return { yaw, pitch, roll, tx: 0, ty: 0, tz: 600, ...extra };
}

/** Deterministic pseudo-random noise so a failing case can be replayed. */
function noisy(points: Point2[], sigmaPx: number, seed: number): Point2[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  return points.map((p) => ({ x: p.x + sigmaPx * gauss(), y: p.y + sigmaPx * gauss() }));
}

describe("fitPose", () => {
  const cases: Array<[number, number, number]> = [
    [0, 0, 0],
    [25, 0, 0],
    [-30, 0, 0],
    [0, 15, 0],
    [0, -20, 0],
    [0, 0, 12],
    [20, -10, 8],
    [-35, 15, -10],
    [40, 20, 15],
  ];

  it.each(cases)("recovers yaw %d, pitch %d, roll %d from exact projections", (yaw, pitch, roll) => {
    const fit = fitPose(projectModel(pose(yaw, pitch, roll), camera), camera);
    expect(fit).not.toBeNull();
    expect(fit!.pose.yaw).toBeCloseTo(yaw, 1);
    expect(fit!.pose.pitch).toBeCloseTo(pitch, 1);
    expect(fit!.pose.roll).toBeCloseTo(roll, 1);
    expect(fit!.rmsError).toBeLessThan(1e-3);
  });

  // 1.5 px on a ~96 px eye span (a face 60 cm from a 640 px camera) is about the tiny
  // landmarks' frame-to-frame noise; single frames stay within a few degrees, and the one-euro
  // filter and the 500 ms window mean reduce it further.
  it.each(cases)(
    "stays within a few degrees with 1.5 px landmark noise (yaw %d, pitch %d, roll %d)",
    (yaw, pitch, roll) => {
      const errors = { yaw: [] as number[], pitch: [] as number[], roll: [] as number[] };
      for (let seed = 1; seed <= 8; seed++) {
        const fit = fitPose(noisy(projectModel(pose(yaw, pitch, roll), camera), 1.5, seed * 7919), camera);
        expect(fit).not.toBeNull();
        errors.yaw.push(Math.abs(fit!.pose.yaw - yaw));
        errors.pitch.push(Math.abs(fit!.pose.pitch - pitch));
        errors.roll.push(Math.abs(fit!.pose.roll - roll));
      }
      for (const e of Object.values(errors)) {
        expect(Math.max(...e)).toBeLessThan(8);
        expect(e.reduce((a, b) => a + b, 0) / e.length).toBeLessThan(4);
      }
    },
  );

  it("works for a face off-centre and far from the camera", () => {
    const truth = pose(15, -5, 5, { tx: 120, ty: -60, tz: 900 });
    const fit = fitPose(projectModel(truth, camera), camera)!;
    expect(fit.pose.yaw).toBeCloseTo(15, 1);
    expect(fit.pose.pitch).toBeCloseTo(-5, 1);
    expect(fit.pose.tx).toBeCloseTo(120, -1);
    expect(fit.pose.tz).toBeCloseTo(900, -1);
  });

  it("uses the documented sign conventions", () => {
    const nose = (p: Pose) => projectModel(p, camera)[30]!;
    const eyesMid = (p: Pose) => {
      const pts = projectModel(p, camera);
      return { x: (pts[36]!.x + pts[45]!.x) / 2, y: (pts[36]!.y + pts[45]!.y) / 2 };
    };
    // yaw > 0: the nose moves toward the image's right of the eye midpoint.
    expect(nose(pose(20, 0, 0)).x).toBeGreaterThan(eyesMid(pose(20, 0, 0)).x + 5);
    // pitch > 0 (chin up): the nose tip rises toward the eyes (smaller y gap in the image).
    const gap = (p: Pose) => nose(p).y - eyesMid(p).y;
    expect(gap(pose(0, 15, 0))).toBeLessThan(gap(pose(0, 0, 0)) - 5);
    // roll > 0: clockwise on screen, the eye line descends to the right.
    expect(rollFromEyes(projectModel(pose(0, 0, 10), camera))).toBeCloseTo(10, 0);
  });

  it("returns null without the points it needs", () => {
    expect(fitPose([], camera)).toBeNull();
    const collapsed = Array.from({ length: 68 }, () => ({ x: 100, y: 100 }));
    expect(fitPose(collapsed, camera)).toBeNull();
  });
});

describe("facing the camera", () => {
  it("is 0 degrees for a centred face looking into the lens", () => {
    expect(angleToCamera(pose(0, 0, 0))).toBeCloseTo(0, 5);
  });

  it("measures the turn away from the lens", () => {
    expect(angleToCamera(pose(30, 0, 0))).toBeCloseTo(30, 5);
    expect(angleToCamera(pose(0, -20, 0))).toBeCloseTo(20, 5);
  });

  it("accounts for sitting off-centre: facing the lens from the side is on camera", () => {
    // Face 300 mm to the image's right at 600 mm: looking at the lens means turning toward
    // the image's left (negative yaw), by atan(300/600) = 26.6 degrees.
    const side = { tx: 300, ty: 0, tz: 600 };
    expect(angleToCamera({ ...pose(-26.565, 0, 0), ...side, yaw: -26.565 })).toBeLessThan(0.1);
    expect(angleToCamera({ ...pose(0, 0, 0), ...side })).toBeCloseTo(26.565, 2);
  });

  it("scores 1 within 15 degrees, 0 beyond 30, linear between", () => {
    expect(gazeOnCameraScore(10)).toBe(1);
    expect(gazeOnCameraScore(22.5)).toBeCloseTo(0.5);
    expect(gazeOnCameraScore(45)).toBe(0);
  });
});
