/**
 * What the interview room calls to stream a session: camera -> face windows and microphone ->
 * PCM16 frames, both stamped in ms since the session's start and handed to the live client.
 * Raw frames never leave this page; only the numbers in FaceWindowFeatures and the audio do.
 */
import { startAudioCapture, type AudioCapture, type AudioCaptureOptions, type AudioFrame } from "./audio/capture";
import type { FaceFrame } from "./face/frames";
import { startFaceTracking, type FaceTracking, type FaceTrackingOptions, type FaceTrackingStats } from "./face/tracker";
import type { LevelReading } from "./audio/level";
import type { LiveClient } from "./live/liveClient";

export interface LiveCaptureOptions {
  client: Pick<LiveClient, "sendAudio" | "sendFace">;
  /** A playing <video> of the camera stream; null for an audio-only session. */
  video: HTMLVideoElement | null;
  /** The microphone stream; null for a typed-only session. */
  microphone: MediaStream | null;
  /** The session's start (its `started_at`) on the performance.now() clock: see sessionOrigin. */
  sessionStartMs: number;
  /** Every analysed camera frame, for the room's own "face in view" indicator. */
  onFaceFrame?: (frame: FaceFrame) => void;
  /** Every microphone level reading, for a level indicator. */
  onLevel?: (level: LevelReading) => void;
  onFaceError?: (error: unknown) => void;
  /** Injected in unit tests; default to the real browser implementations. */
  startFace?: (video: HTMLVideoElement, options: FaceTrackingOptions) => FaceTracking;
  startAudio?: (stream: MediaStream, options: AudioCaptureOptions) => Promise<AudioCapture>;
}

export interface LiveCapture {
  /** Face-analysis rate and timing (null for an audio-only session). */
  faceStats(): FaceTrackingStats | null;
  /** Stops both captures; the last partial face window is still sent. */
  stop(): Promise<void>;
}

/**
 * Maps a server timestamp (ISO 8601, e.g. the session's `started_at`) to the performance.now()
 * clock. The protocol's t_ms is "client clock", so a skew between the two machines shifts every
 * stamp by the same amount and cancels out of durations.
 */
export function sessionOrigin(startedAtIso: string, nowPerf = performance.now(), nowWall = Date.now()): number {
  const startedWall = Date.parse(startedAtIso);
  if (!Number.isFinite(startedWall)) throw new Error(`Not a timestamp: ${startedAtIso}`);
  return nowPerf - (nowWall - startedWall);
}

export async function startLiveCapture(options: LiveCaptureOptions): Promise<LiveCapture> {
  const { client, sessionStartMs } = options;
  const startFace = options.startFace ?? startFaceTracking;
  const startAudio = options.startAudio ?? startAudioCapture;

  let tracking: FaceTracking | null = null;
  if (options.video) {
    tracking = startFace(options.video, {
      // Windows are aligned to the session start so window k covers [500k, 500k + 500) ms.
      originMs: sessionStartMs,
      onWindow: (w) => client.sendFace(w.startMs - sessionStartMs, w.features),
      onFrame: (frame) => options.onFaceFrame?.(frame),
      onError: (err) => options.onFaceError?.(err),
    });
  }

  let audio: AudioCapture | null = null;
  if (options.microphone) {
    try {
      audio = await startAudio(options.microphone, {
        onFrame: (frame: AudioFrame) => {
          client.sendAudio(frame.pcm, frame.tMs - sessionStartMs);
          options.onLevel?.(frame.level);
        },
      });
    } catch (err) {
      tracking?.stop();
      throw err;
    }
  }

  return {
    faceStats: () => tracking?.stats() ?? null,
    async stop() {
      tracking?.stop();
      await audio?.stop();
    },
  };
}
