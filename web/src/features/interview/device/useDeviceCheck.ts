/**
 * State of the device check: camera preview with a face indicator, microphone level with
 * hints, and guidance when a device cannot be used. Everything runs in this page; no picture
 * or sound leaves the device during the check.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { startAudioCapture, type AudioCapture } from "../audio/capture";
import { micHint, type LevelReading, type MicHint } from "../audio/level";
import { startFaceTracking, type FaceTracking, type FaceTrackingStats } from "../face/tracker";
import { testProbe } from "../testProbe";
import { cameraHint, meanLuma, type CameraHint } from "./cameraCheck";
import {
  describeMediaError,
  openCamera,
  openMicrophone,
  stopStream,
  CAMERA_CONSTRAINTS,
  MICROPHONE_CONSTRAINTS,
  type MediaProblem,
} from "./media";

export type CheckPhase = "idle" | "starting" | "running";

export interface DeviceCheckState {
  phase: CheckPhase;
  cameraProblem: MediaProblem | null;
  microphoneProblem: MediaProblem | null;
  cameraHint: CameraHint;
  /** Face analysis could not start (e.g. WebAssembly blocked); the preview still works. */
  analysisError: string | null;
  micHint: MicHint;
  /** Recent loudness (dBFS, ~300 ms peak-hold) for the meter; null without a microphone. */
  levelDbfs: number | null;
  faceStats: FaceTrackingStats | null;
}

const INITIAL: DeviceCheckState = {
  phase: "idle",
  cameraProblem: null,
  microphoneProblem: null,
  cameraHint: "starting",
  analysisError: null,
  micHint: "listening",
  levelDbfs: null,
  faceStats: null,
};

/** Which devices the check may open: only those the candidate's consent allows. */
export interface CheckDevices {
  camera: boolean;
  microphone: boolean;
}

/**
 * Opens camera and microphone together (one permission prompt), falling back to each alone so
 * the failing one is named and the other still works. A device not wanted is never asked for.
 */
async function openDevices(wanted: CheckDevices): Promise<{
  camera: MediaStream | null;
  microphone: MediaStream | null;
  cameraProblem: MediaProblem | null;
  microphoneProblem: MediaProblem | null;
}> {
  if (!wanted.camera || !wanted.microphone) {
    const one = wanted.camera ? openCamera : wanted.microphone ? openMicrophone : null;
    const kind = wanted.camera ? "camera" : "microphone";
    const none = { camera: null, microphone: null, cameraProblem: null, microphoneProblem: null };
    if (!one) return none;
    try {
      const stream = await one();
      return { ...none, [kind]: stream };
    } catch (err) {
      return { ...none, [`${kind}Problem`]: describeMediaError(err, kind) };
    }
  }
  try {
    const both = await navigator.mediaDevices.getUserMedia({
      video: CAMERA_CONSTRAINTS,
      audio: MICROPHONE_CONSTRAINTS,
    });
    return {
      camera: new MediaStream(both.getVideoTracks()),
      microphone: new MediaStream(both.getAudioTracks()),
      cameraProblem: null,
      microphoneProblem: null,
    };
  } catch {
    const [cam, mic] = await Promise.allSettled([openCamera(), openMicrophone()]);
    return {
      camera: cam.status === "fulfilled" ? cam.value : null,
      microphone: mic.status === "fulfilled" ? mic.value : null,
      cameraProblem: cam.status === "rejected" ? describeMediaError(cam.reason, "camera") : null,
      microphoneProblem: mic.status === "rejected" ? describeMediaError(mic.reason, "microphone") : null,
    };
  }
}

export function useDeviceCheck(
  video: React.RefObject<HTMLVideoElement | null>,
  wanted: CheckDevices = { camera: true, microphone: true },
) {
  const wantCamera = wanted.camera;
  const wantMicrophone = wanted.microphone;
  const [state, setState] = useState<DeviceCheckState>(INITIAL);
  const resources = useRef<{
    streams: MediaStream[];
    tracking: FaceTracking | null;
    audio: AudioCapture | null;
    timers: Array<ReturnType<typeof setInterval>>;
  }>({ streams: [], tracking: null, audio: null, timers: [] });

  const stop = useCallback(() => {
    const r = resources.current;
    r.tracking?.stop();
    void r.audio?.stop();
    for (const t of r.timers) clearInterval(t);
    for (const s of r.streams) stopStream(s);
    resources.current = { streams: [], tracking: null, audio: null, timers: [] };
  }, []);

  useEffect(() => stop, [stop]);

  const start = useCallback(async () => {
    stop();
    setState({ ...INITIAL, phase: "starting" });
    const devices = await openDevices({ camera: wantCamera, microphone: wantMicrophone });
    const r = resources.current;
    r.streams = [devices.camera, devices.microphone].filter((s): s is MediaStream => s !== null);
    setState((s) => ({
      ...s,
      phase: "running",
      cameraProblem: devices.cameraProblem,
      microphoneProblem: devices.microphoneProblem,
    }));

    const el = video.current;
    if (devices.camera && el) {
      el.srcObject = devices.camera;
      let cameraStartedAt: number | null = null;
      el.addEventListener("loadeddata", () => (cameraStartedAt ??= performance.now()), { once: true });
      await el.play().catch(() => undefined);

      // A tiny copy of the frame is enough for brightness; read twice a second.
      const canvas = document.createElement("canvas");
      canvas.width = 32;
      canvas.height = 24;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      let luma: number | null = null;
      r.timers.push(
        setInterval(() => {
          if (!ctx || el.readyState < 2) return;
          ctx.drawImage(el, 0, 0, canvas.width, canvas.height);
          luma = meanLuma(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
        }, 500),
      );
      const tracking = startFaceTracking(el, {
        onFrame: (frame, size) => {
          const hint = cameraHint({ luma, facePresent: frame.present, box: frame.box, ...size });
          setState((s) => (s.cameraHint === hint ? s : { ...s, cameraHint: hint }));
        },
        onWindow: (w) => {
          const stats = tracking.stats();
          testProbe()?.faceWindow?.(w, stats, cameraStartedAt);
          setState((s) => ({ ...s, faceStats: stats }));
        },
        onError: (err) => {
          setState((s) => ({ ...s, analysisError: err instanceof Error ? err.message : String(err) }));
        },
      });
      r.tracking = tracking;
    }

    if (devices.microphone) {
      const readings: LevelReading[] = [];
      try {
        r.audio = await startAudioCapture(devices.microphone, {
          onFrame: (frame) => {
            readings.push(frame.level);
            while (readings.length > 0 && readings[0]!.tMs < frame.tMs - 5000) readings.shift();
          },
        });
      } catch (err) {
        setState((s) => ({ ...s, microphoneProblem: describeMediaError(err, "microphone") }));
        return;
      }
      r.timers.push(
        setInterval(() => {
          const now = performance.now();
          const recent = readings.filter((x) => x.tMs > now - 300);
          const level = recent.length ? Math.max(...recent.map((x) => x.rmsDbfs)) : null;
          const hint = micHint(readings, now);
          setState((s) =>
            s.levelDbfs === level && s.micHint === hint ? s : { ...s, levelDbfs: level, micHint: hint },
          );
        }, 100),
      );
    }
  }, [stop, video, wantCamera, wantMicrophone]);

  return { state, start, stop };
}
