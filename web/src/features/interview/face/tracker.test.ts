import { afterEach, describe, expect, it, vi } from "vitest";
import type { FaceAnalyzer } from "./analyzer";
import { defaultCamera, projectModel } from "./pose";
import { startFaceTracking } from "./tracker";
import type { FaceWindow } from "./windows";

const video = { readyState: 4, videoWidth: 640, videoHeight: 480, paused: false, ended: false } as HTMLVideoElement;

const frameImage = {} as HTMLCanvasElement;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An analyzer whose detector takes `detectMs` and landmark pass `describeMs` of (fake) time,
 * and that sees a face when `face()` says so (the landmark net always answers, as the real
 * one does on any crop: only the detector can say a face is gone).
 */
function fakeAnalyzer(
  detectMs: number,
  describeMs: number,
  face: () => boolean,
): FaceAnalyzer & { detections: number } {
  const landmarks = projectModel({ yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, tz: 600 }, defaultCamera(640, 480));
  landmarks[0] = { x: 250, y: 180 };
  landmarks[16] = { x: 390, y: 180 };
  const fake = {
    backend: "wasm",
    detections: 0,
    grab: () => frameImage,
    detect: async () => {
      fake.detections++;
      await sleep(detectMs);
      return face() ? { box: { x: 250, y: 150, width: 140, height: 150 }, score: 0.9 } : null;
    },
    describe: async (_frame: HTMLCanvasElement, _region: unknown, opts: { smile: boolean }) => {
      await sleep(describeMs);
      return { landmarks, smile: opts.smile ? 0.3 : null };
    },
  };
  return fake;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("startFaceTracking", () => {
  it("analyses at up to maxFps, emits 500 ms windows and measures the rate", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const windows: FaceWindow[] = [];
    const tracking = startFaceTracking(video, {
      analyzer: fakeAnalyzer(30, 20, () => true),
      maxFps: 10,
      originMs: 0,
      onWindow: (w) => windows.push(w),
    });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(3000);
    const stats = tracking.stats();
    expect(stats.fps).toBeGreaterThan(9);
    expect(stats.fps).toBeLessThan(10.5);
    // Detector on one frame in three (30 + 20 ms), tracking on the others (20 ms).
    expect(Math.abs(stats.framesDetected - stats.framesAnalysed / 3)).toBeLessThanOrEqual(1);
    expect(stats.detectMedianMs).toBeCloseTo(30, -1);
    expect(stats.describeMedianMs).toBeCloseTo(20, -1);
    expect(stats.medianMs).toBeCloseTo(20, -1);
    expect(stats.backend).toBe("wasm");
    expect(windows.length).toBeGreaterThanOrEqual(5);
    expect(windows.at(-1)!.features.face_present_ratio).toBe(1);
    tracking.stop();
    const n = windows.length;
    await vi.advanceTimersByTimeAsync(2000);
    // stop() flushed the open window; nothing is emitted after it.
    expect(windows.length).toBe(n);
  });

  it("is as fast as the analyzer allows when that is slower than maxFps", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const tracking = startFaceTracking(video, {
      analyzer: fakeAnalyzer(200, 0, () => true),
      maxFps: 12,
      detectEvery: 1,
    });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(4000);
    expect(tracking.stats().fps).toBeCloseTo(5, 0);
    tracking.stop();
  });

  it("reports an analyzer failure once and stops", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const onError = vi.fn();
    const tracking = startFaceTracking(video, {
      analyzer: { ...fakeAnalyzer(10, 10, () => true), detect: async () => Promise.reject(new Error("boom")) },
      onError,
    });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(1000);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("re-runs the detector at once when the face goes, so covering shows within a frame", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    let visible = true;
    const frames: boolean[] = [];
    const analyzer = fakeAnalyzer(30, 20, () => visible);
    const tracking = startFaceTracking(video, { analyzer, maxFps: 10, onFrame: (f) => frames.push(f.detected) });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(1000);
    expect(frames.every(Boolean)).toBe(true);
    visible = false;
    await vi.advanceTimersByTimeAsync(1000);
    // At most two tracked frames pass before the periodic detector run notices; after that,
    // with nothing to track, every frame runs the detector and reports no face.
    const afterCover = frames.slice(10);
    expect(afterCover.filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(afterCover.slice(-5).some(Boolean)).toBe(false);
    tracking.stop();
  });
});
