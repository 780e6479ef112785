/**
 * The camera preview's indicator in the device check: "face in frame", "too dark",
 * "off-centre" or "no face". Pure rules on numbers the page measures.
 */

export type CameraHint = "starting" | "too_dark" | "no_face" | "off_centre" | "face_in_frame";

export const CAMERA_HINT_TEXT: Record<CameraHint, string> = {
  starting: "Starting the camera…",
  too_dark: "The picture is too dark. Turn on a light in front of you or face a window.",
  no_face: "No face in view. Sit in front of the camera.",
  off_centre: "Your face is off-centre. Move so your face is in the middle of the picture.",
  face_in_frame: "Face in frame.",
};

export interface CameraCheckInput {
  /** Mean luma of the frame, 0-255 (see meanLuma). Null before the first frame. */
  luma: number | null;
  /** Debounced presence from the face analysis. */
  facePresent: boolean;
  box: { x: number; y: number; width: number; height: number } | null;
  width: number;
  height: number;
}

/**
 * Below this mean luma (of 255) the image is too dark for the detector to be reliable;
 * an ordinary room at night with only a screen lit reads ~30-45.
 */
export const DARK_LUMA = 50;
/** The face centre may sit this far (share of the frame) from the middle before "off-centre". */
export const CENTRE_TOLERANCE = 0.2;

export function cameraHint(input: CameraCheckInput): CameraHint {
  if (input.luma === null) return "starting";
  if (input.luma < DARK_LUMA) return "too_dark";
  if (!input.facePresent || !input.box || !(input.width > 0) || !(input.height > 0)) return "no_face";
  const { x, y, width, height } = input.box;
  const cx = (x + width / 2) / input.width - 0.5;
  const cy = (y + height / 2) / input.height - 0.5;
  const cut = x < 0 || y < 0 || x + width > input.width || y + height > input.height;
  if (cut || Math.abs(cx) > CENTRE_TOLERANCE || Math.abs(cy) > CENTRE_TOLERANCE) return "off_centre";
  return "face_in_frame";
}

/** Mean Rec. 601 luma of RGBA pixels (a small downscaled copy of the frame is enough). */
export function meanLuma(rgba: Uint8ClampedArray): number {
  const n = Math.floor(rgba.length / 4);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!;
  }
  return sum / n;
}
