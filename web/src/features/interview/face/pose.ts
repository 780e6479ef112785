/**
 * Head pose from the 68 face-api landmarks: a small perspective-n-point fit (solvePnP-style,
 * Levenberg-Marquardt on six parameters) against a generic 3D face.
 *
 * Why not ratios: yaw and pitch read from 2D distance ratios are weak proxies (DESIGN §6); a
 * fit to a 3D shape uses every point at once and degrades gracefully when one point is off.
 *
 * Conventions (degrees; what the live protocol sends):
 * - yaw   > 0: the nose turns toward the image's right (the candidate's own left on a
 *              non-mirrored camera image).
 * - pitch > 0: the nose turns up (chin up).
 * - roll  > 0: the head tilts clockwise as seen in the image (eye line descends to the right).
 * Rotation order: yaw about the face's vertical axis, then pitch, then roll about the camera
 * axis, i.e. R = Rz(roll) · Rx(pitch) · Ry(yaw) acting on model points.
 */

export interface Point2 {
  x: number;
  y: number;
}

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** A 3D pose of the generic face in camera space. Angles in degrees, translation in mm. */
export interface Pose {
  yaw: number;
  pitch: number;
  roll: number;
  /** Nose tip position: x right, y up, z = distance in front of the camera (mm, positive). */
  tx: number;
  ty: number;
  tz: number;
}

export interface Camera {
  width: number;
  height: number;
  /** Focal length in pixels. Unknown for a webcam; ~image width matches a ~53° horizontal FOV. */
  focal: number;
}

export function defaultCamera(width: number, height: number): Camera {
  return { width, height, focal: width };
}

/**
 * A generic adult face in mm: origin at the nose tip, x toward the image's right, y up, z out
 * of the face toward the camera. The proportions are those of the widely used mean 3D shape of
 * the 68 landmarks (OpenFace's model), re-centred on the nose tip, made symmetric and rounded
 * to the millimetre: a rough shape gives biased angles (a too-short lower face read every
 * frontal face as ~20° chin-down). Only rigid, reliably located points are used: the jaw
 * contour (0-16) follows the silhouette as the head turns, brows and lips move with expression
 * and speech, so those are left out; mouth and chin get a lower weight for the same reason.
 */
export const FACE_MODEL: ReadonlyArray<{ index: number; p: Vec3; weight: number }> = [
  { index: 27, p: { x: 0, y: 34, z: -24 }, weight: 1 }, // nasion (top of the nose bridge)
  { index: 30, p: { x: 0, y: 0, z: 0 }, weight: 1 }, // nose tip
  { index: 31, p: { x: -15, y: -11, z: -16 }, weight: 1 }, // nostril, image-left
  { index: 33, p: { x: 0, y: -15, z: -11 }, weight: 1 }, // subnasale
  { index: 35, p: { x: 15, y: -11, z: -16 }, weight: 1 }, // nostril, image-right
  { index: 36, p: { x: -45.5, y: 29.5, z: -43 }, weight: 1 }, // outer eye corner, image-left
  { index: 39, p: { x: -19.5, y: 28.5, z: -36.5 }, weight: 1 }, // inner eye corner, image-left
  { index: 42, p: { x: 19.5, y: 28.5, z: -36.5 }, weight: 1 }, // inner eye corner, image-right
  { index: 45, p: { x: 45.5, y: 29.5, z: -43 }, weight: 1 }, // outer eye corner, image-right
  { index: 48, p: { x: -29, y: -37, z: -34 }, weight: 0.5 }, // mouth corner, image-left
  { index: 51, p: { x: 0, y: -29, z: -13 }, weight: 0.5 }, // upper lip
  { index: 54, p: { x: 29, y: -37, z: -34 }, weight: 0.5 }, // mouth corner, image-right
  { index: 8, p: { x: 0, y: -85, z: -36 }, weight: 0.3 }, // chin (moves when speaking)
];

/** Distance between the outer eye corners of FACE_MODEL, used for the initial depth. */
const MODEL_EYE_SPAN_MM = 91;

const DEG = Math.PI / 180;

type Mat3 = [number, number, number, number, number, number, number, number, number];

export function rotationMatrix(yawDeg: number, pitchDeg: number, rollDeg: number): Mat3 {
  const [cy, sy] = [Math.cos(yawDeg * DEG), Math.sin(yawDeg * DEG)];
  const [cp, sp] = [Math.cos(pitchDeg * DEG), Math.sin(pitchDeg * DEG)];
  const [cr, sr] = [Math.cos(rollDeg * DEG), Math.sin(rollDeg * DEG)];
  // Ry(yaw): nose (0,0,1) -> (sin yaw, 0, cos yaw)
  const ry: Mat3 = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  // Rx(pitch), sign chosen so that pitch > 0 lifts the nose: (0,0,1) -> (0, sin, cos)
  const rx: Mat3 = [1, 0, 0, 0, cp, sp, 0, -sp, cp];
  // Rz(roll), clockwise on screen for roll > 0: (1,0,0) -> (cos, -sin, 0)
  const rz: Mat3 = [cr, sr, 0, -sr, cr, 0, 0, 0, 1];
  return mul3(rz, mul3(rx, ry));
}

function mul3(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0) as Mat3;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
    }
  }
  return out;
}

function rotate(m: Mat3, p: Vec3): Vec3 {
  return {
    x: m[0] * p.x + m[1] * p.y + m[2] * p.z,
    y: m[3] * p.x + m[4] * p.y + m[5] * p.z,
    z: m[6] * p.x + m[7] * p.y + m[8] * p.z,
  };
}

/** Pixel position of a model point under `pose` (pinhole camera, principal point at centre). */
export function projectPoint(
  p: Vec3,
  pose: Pose,
  camera: Camera,
  m = rotationMatrix(pose.yaw, pose.pitch, pose.roll),
): Point2 {
  const r = rotate(m, p);
  const depth = pose.tz - r.z;
  return {
    x: camera.width / 2 + (camera.focal * (r.x + pose.tx)) / depth,
    y: camera.height / 2 - (camera.focal * (r.y + pose.ty)) / depth,
  };
}

/**
 * 68 synthetic landmarks for tests and warm-up: the model points projected, every other index
 * filled with the nose tip's projection (not used by the fit).
 */
export function projectModel(pose: Pose, camera: Camera): Point2[] {
  const m = rotationMatrix(pose.yaw, pose.pitch, pose.roll);
  const nose = projectPoint({ x: 0, y: 0, z: 0 }, pose, camera, m);
  const out: Point2[] = Array.from({ length: 68 }, () => ({ ...nose }));
  for (const { index, p } of FACE_MODEL) out[index] = projectPoint(p, pose, camera, m);
  return out;
}

/** Roll from the line through the outer eye corners: accurate to a few degrees on its own. */
export function rollFromEyes(landmarks: ReadonlyArray<Point2>): number {
  const l = landmarks[36];
  const r = landmarks[45];
  if (!l || !r) return 0;
  return Math.atan2(r.y - l.y, r.x - l.x) / DEG;
}

export interface PoseFit {
  pose: Pose;
  /** Root-mean-square reprojection error in units of the eye span (dimensionless). */
  rmsError: number;
  iterations: number;
}

const PARAMS = 6;

function toParams(p: Pose): number[] {
  return [p.yaw, p.pitch, p.roll, p.tx, p.ty, p.tz];
}

function fromParams(v: ReadonlyArray<number>): Pose {
  return { yaw: v[0]!, pitch: v[1]!, roll: v[2]!, tx: v[3]!, ty: v[4]!, tz: v[5]! };
}

/**
 * Fits the generic face to the landmarks. Starts facing the camera (yaw = pitch = 0) at the
 * roll of the eye line and at the depth the eye span implies, which keeps the solver in the
 * right basin (a weak-perspective fit can mirror yaw and pitch; starting at zero avoids that
 * for the ±45° a candidate in front of a camera can show).
 *
 * Cost: 13 points, ~5-15 iterations of a 6x6 solve with a numeric Jacobian: a few hundred
 * microseconds, negligible beside the ~50 ms the networks take.
 */
export function fitPose(landmarks: ReadonlyArray<Point2>, camera: Camera, initial?: Pose): PoseFit | null {
  const used = FACE_MODEL.filter(({ index }) => landmarks[index] !== undefined);
  if (used.length < 6) return null;
  const le = landmarks[36];
  const re = landmarks[45];
  const nose = landmarks[30];
  if (!le || !re || !nose) return null;
  const eyeSpanPx = Math.hypot(re.x - le.x, re.y - le.y);
  if (!(eyeSpanPx > 1)) return null;

  let pose: Pose;
  if (initial) {
    pose = initial;
  } else {
    const tz = (camera.focal * MODEL_EYE_SPAN_MM) / eyeSpanPx;
    pose = {
      yaw: 0,
      pitch: 0,
      roll: rollFromEyes(landmarks),
      tx: ((nose.x - camera.width / 2) * tz) / camera.focal,
      ty: (-(nose.y - camera.height / 2) * tz) / camera.focal,
      tz,
    };
  }

  const residuals = (params: ReadonlyArray<number>): number[] => {
    const p = fromParams(params);
    const m = rotationMatrix(p.yaw, p.pitch, p.roll);
    const out: number[] = [];
    for (const { index, p: q, weight } of used) {
      const obs = landmarks[index]!;
      const proj = projectPoint(q, p, camera, m);
      // Scaled by the eye span so the error (and the stopping rule) does not depend on how
      // large the face is in the image.
      out.push((weight * (proj.x - obs.x)) / eyeSpanPx, (weight * (proj.y - obs.y)) / eyeSpanPx);
    }
    return out;
  };

  // Finite-difference steps: degrees for the angles, mm for translation (depth relative).
  const steps = [1e-3, 1e-3, 1e-3, 1e-3 * (pose.tz / 100), 1e-3 * (pose.tz / 100), 1e-3 * (pose.tz / 100)];
  let params = toParams(pose);
  let r = residuals(params);
  let cost = sumSq(r);
  let lambda = 1e-3;
  let iterations = 0;
  let done = false;

  while (!done && iterations < 50) {
    iterations++;
    const jac: number[][] = []; // jac[k] = d residuals / d param k
    for (let k = 0; k < PARAMS; k++) {
      const h = steps[k]!;
      const plus = params.slice();
      const minus = params.slice();
      plus[k]! += h;
      minus[k]! -= h;
      const rp = residuals(plus);
      const rm = residuals(minus);
      jac.push(rp.map((v, i) => (v - rm[i]!) / (2 * h)));
    }
    const jtj: number[][] = Array.from({ length: PARAMS }, () => new Array<number>(PARAMS).fill(0));
    const jtr = new Array<number>(PARAMS).fill(0);
    for (let a = 0; a < PARAMS; a++) {
      for (let b = a; b < PARAMS; b++) {
        let s = 0;
        for (let i = 0; i < r.length; i++) s += jac[a]![i]! * jac[b]![i]!;
        jtj[a]![b] = s;
        jtj[b]![a] = s;
      }
      let s = 0;
      for (let i = 0; i < r.length; i++) s += jac[a]![i]! * r[i]!;
      jtr[a] = s;
    }

    let improved = false;
    // Marquardt damping (scaled by the diagonal) copes with angles and mm on different scales.
    for (let attempt = 0; attempt < 10; attempt++) {
      const damped = jtj.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) + 1e-12 : v)));
      const delta = solve(
        damped,
        jtr.map((v) => -v),
      );
      if (!delta) {
        lambda *= 10;
        continue;
      }
      const candidate = params.map((v, i) => v + delta[i]!);
      if (!(candidate[5]! > 0)) {
        lambda *= 10;
        continue;
      }
      const rc = residuals(candidate);
      const cc = sumSq(rc);
      if (cc < cost) {
        const converged = cost - cc < 1e-12 || Math.max(...delta.slice(0, 3).map(Math.abs)) < 1e-4;
        params = candidate;
        r = rc;
        cost = cc;
        lambda = Math.max(lambda / 10, 1e-9);
        improved = true;
        done = converged;
        break;
      }
      lambda *= 10;
    }
    if (!improved) done = true;
  }

  const fitted = fromParams(params);
  return {
    pose: { ...fitted, yaw: wrapDeg(fitted.yaw), pitch: wrapDeg(fitted.pitch), roll: wrapDeg(fitted.roll) },
    rmsError: Math.sqrt(cost / r.length),
    iterations,
  };
}

function sumSq(v: ReadonlyArray<number>): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
}

function wrapDeg(a: number): number {
  const w = ((((a + 180) % 360) + 360) % 360) - 180;
  return w;
}

/** Gaussian elimination with partial pivoting; null for a singular system. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    }
    if (Math.abs(m[pivot]![col]!) < 1e-15) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let row = col + 1; row < n; row++) {
      const f = m[row]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[row]![k]! -= f * m[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let s = m[row]![n]!;
    for (let k = row + 1; k < n; k++) s -= m[row]![k]! * x[k]!;
    x[row] = s / m[row]![row]!;
  }
  return x;
}

/**
 * How directly the face points at the camera, from the fitted pose: the angle between the
 * face's forward direction and the line from the face to the lens. Unlike raw yaw this stays
 * right when the candidate sits off-centre (facing the lens from the side of the frame).
 *
 * The 68 tiny landmarks carry no iris points, so this is a head-direction proxy for gaze.
 */
export function angleToCamera(pose: Pose): number {
  const m = rotationMatrix(pose.yaw, pose.pitch, pose.roll);
  const forward = rotate(m, { x: 0, y: 0, z: 1 });
  // Camera at the origin, the nose tip at (tx, ty, -tz) in camera space (z toward the viewer).
  const toCamera = { x: -pose.tx, y: -pose.ty, z: pose.tz };
  const n = Math.hypot(toCamera.x, toCamera.y, toCamera.z);
  const cos = (forward.x * toCamera.x + forward.y * toCamera.y + forward.z * toCamera.z) / n;
  return Math.acos(Math.min(1, Math.max(-1, cos))) / DEG;
}

/** Facing-the-camera score: 1 within `fullDeg`, 0 beyond `zeroDeg`, linear between. */
export function gazeOnCameraScore(angleDeg: number, fullDeg = 15, zeroDeg = 30): number {
  if (angleDeg <= fullDeg) return 1;
  if (angleDeg >= zeroDeg) return 0;
  return (zeroDeg - angleDeg) / (zeroDeg - fullDeg);
}
