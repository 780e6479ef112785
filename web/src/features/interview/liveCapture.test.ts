import { describe, expect, it, vi } from "vitest";
import type { AudioCaptureOptions } from "./audio/capture";
import type { FaceTrackingOptions } from "./face/tracker";
import { sessionOrigin, startLiveCapture } from "./liveCapture";

describe("startLiveCapture", () => {
  it("stamps face windows and audio frames in ms since the session start", async () => {
    const sendFace = vi.fn();
    const sendAudio = vi.fn();
    let face: FaceTrackingOptions | null = null;
    let audio: AudioCaptureOptions | null = null;
    const stopFace = vi.fn();
    const stopAudio = vi.fn(async () => {});
    const capture = await startLiveCapture({
      client: { sendFace, sendAudio },
      video: {} as HTMLVideoElement,
      microphone: {} as MediaStream,
      sessionStartMs: 10_000,
      startFace: (_video, options) => {
        face = options;
        return {
          stop: stopFace,
          stats: () => ({
            fps: 9,
            medianMs: 60,
            p90Ms: 80,
            detectMedianMs: 30,
            describeMedianMs: 20,
            framesAnalysed: 1,
            framesDetected: 1,
            framesWithFace: 1,
            backend: "wasm",
          }),
          ready: Promise.resolve(),
        };
      },
      startAudio: async (_stream, options) => {
        audio = options;
        return { contextRate: 16_000, resamplingInWorklet: false, stop: stopAudio };
      },
    });
    expect(face!.originMs).toBe(10_000);
    const features = {
      face_present_ratio: 1,
      yaw: 0,
      pitch: 0,
      roll: 0,
      gaze_on_camera: 1,
      movement_energy: 0.1,
      smile: 0,
    };
    face!.onWindow!({ startMs: 12_500, endMs: 13_000, frames: 5, features });
    expect(sendFace).toHaveBeenCalledWith(2500, features);
    const pcm = new Int16Array(800);
    audio!.onFrame({
      pcm,
      tMs: 12_650,
      level: { tMs: 12_650, rmsDbfs: -20, peak: 0.3, clippedSamples: 0, samples: 800 },
    });
    expect(sendAudio).toHaveBeenCalledWith(pcm, 2650);
    expect(capture.faceStats()?.fps).toBe(9);
    await capture.stop();
    expect(stopFace).toHaveBeenCalled();
    expect(stopAudio).toHaveBeenCalled();
  });

  it("runs audio-only without a camera", async () => {
    const capture = await startLiveCapture({
      client: { sendFace: vi.fn(), sendAudio: vi.fn() },
      video: null,
      microphone: {} as MediaStream,
      sessionStartMs: 0,
      startAudio: async () => ({ contextRate: 16_000, resamplingInWorklet: false, stop: async () => {} }),
    });
    expect(capture.faceStats()).toBeNull();
  });
});

describe("sessionOrigin", () => {
  it("places the server's started_at on the performance clock", () => {
    const nowWall = Date.parse("2026-11-25T15:00:10.000Z");
    expect(sessionOrigin("2026-11-25T15:00:00.000Z", 50_000, nowWall)).toBe(40_000);
  });
});
