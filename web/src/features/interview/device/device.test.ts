import { describe, expect, it } from "vitest";
import { AudioNotStartedError } from "../audio/capture";
import { cameraHint, meanLuma } from "./cameraCheck";
import { describeMediaError } from "./media";

describe("describeMediaError", () => {
  const err = (name: string, message = "") => new DOMException(message, name);

  it.each([
    ["NotAllowedError", "denied"],
    ["NotFoundError", "no_device"],
    ["OverconstrainedError", "no_device"],
    ["NotReadableError", "in_use"],
    ["AbortError", "in_use"],
    ["NotSupportedError", "unsupported"],
    ["WeirdError", "unknown"],
  ])("maps %s to %s", (name, kind) => {
    expect(describeMediaError(err(name), "camera").kind).toBe(kind);
  });

  it("gives guidance that names the device and offers to continue without it", () => {
    const p = describeMediaError(err("NotAllowedError"), "microphone");
    expect(p.title).toBe("Access to the microphone was blocked");
    expect(p.guidance).toMatch(/continue without it/);
  });

  it("explains an AudioContext that never started (Firefox without a sound output)", () => {
    const p = describeMediaError(new AudioNotStartedError(), "microphone");
    expect(p.kind).toBe("audio_not_started");
    expect(p.guidance).toMatch(/speakers or headphones/);
  });

  it("tells an insecure page apart from a denial", () => {
    expect(describeMediaError(err("SecurityError", "insecure context"), "camera").kind).toBe("insecure");
    expect(describeMediaError(err("SecurityError", "blocked by policy"), "camera").kind).toBe("denied");
  });
});

describe("cameraHint", () => {
  const frame = { width: 640, height: 480 };
  const centred = { x: 250, y: 170, width: 140, height: 140 };

  it("says face in frame for a centred face in a lit room", () => {
    expect(cameraHint({ ...frame, luma: 120, facePresent: true, box: centred })).toBe("face_in_frame");
  });

  it("says too dark before anything else", () => {
    expect(cameraHint({ ...frame, luma: 30, facePresent: true, box: centred })).toBe("too_dark");
  });

  it("says no face when nobody is in view", () => {
    expect(cameraHint({ ...frame, luma: 120, facePresent: false, box: null })).toBe("no_face");
  });

  it("says off-centre when the face sits near an edge or is cut", () => {
    expect(cameraHint({ ...frame, luma: 120, facePresent: true, box: { ...centred, x: 480 } })).toBe("off_centre");
    expect(cameraHint({ ...frame, luma: 120, facePresent: true, box: { ...centred, y: -20 } })).toBe("off_centre");
  });

  it("waits for the first frame", () => {
    expect(cameraHint({ ...frame, luma: null, facePresent: false, box: null })).toBe("starting");
  });

  it("computes Rec. 601 luma", () => {
    expect(meanLuma(Uint8ClampedArray.from([255, 255, 255, 255, 0, 0, 0, 255]))).toBeCloseTo(127.5);
  });
});
