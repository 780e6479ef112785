import { afterEach, describe, expect, it, vi } from "vitest";
import type { FaceAnalyzer } from "./analyzer";
import { defaultCamera, projectModel } from "./pose";
import { startFaceTracking } from "./tracker";
import type { FaceWindow } from "./windows";

const video = { readyState: 4, videoWidth: 640, videoHeight: 480, paused: false, ended: false } as HTMLVideoElement;

/** An analyzer that takes `costMs` of (fake) time per frame and sees a face when `face()` says so. */
function fakeAnalyzer(costMs: number, face: () => boolean): FaceAnalyzer {
  const landmarks = projectModel({ yaw: 0, pitch: 0, roll: 0, tx: 0, ty: 0, tz: 600 }, defaultCamera(640, 480));
  landmarks[0] = { x: 250, y: 180 };
  landmarks[16] = { x: 390, y: 180 };
  return {
    backend: "wasm",
    analyze: async () => {
      await new Promise((r) => setTimeout(r, costMs));
      return face() ? { landmarks, box: { x: 250, y: 150, width: 140, height: 150 }, score: 0.9, smile: 0.3 } : null;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("startFaceTracking", () => {
  it("analyses at up to maxFps, emits 500 ms windows and measures the rate", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const windows: FaceWindow[] = [];
    const tracking = startFaceTracking(video, {
      analyzer: fakeAnalyzer(50, () => true),
      maxFps: 10,
      originMs: 0,
      onWindow: (w) => windows.push(w),
    });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(3000);
    const stats = tracking.stats();
    expect(stats.fps).toBeGreaterThan(9);
    expect(stats.fps).toBeLessThan(10.5);
    expect(stats.medianMs).toBeCloseTo(50, -1);
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
    const tracking = startFaceTracking(video, { analyzer: fakeAnalyzer(200, () => true), maxFps: 12 });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(4000);
    expect(tracking.stats().fps).toBeCloseTo(5, 0);
    tracking.stop();
  });

  it("reports an analyzer failure once and stops", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const onError = vi.fn();
    const tracking = startFaceTracking(video, {
      analyzer: { backend: "wasm", analyze: async () => Promise.reject(new Error("boom")) },
      onError,
    });
    await tracking.ready;
    await vi.advanceTimersByTimeAsync(1000);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
