import { useEffect, useRef, useState, type Dispatch, type MutableRefObject, type RefObject } from "react";
import { ApiError, describeError } from "../../../lib/apiError";
import { useAuth } from "../../../lib/services";
import { CAMERA_CONSTRAINTS, MICROPHONE_CONSTRAINTS, describeMediaError, stopStream } from "../device/media";
import type { FaceFrame } from "../face/frames";
import { LiveClient, liveStreamUrl } from "../live/liveClient";
import { sessionOrigin, startLiveCapture, type LiveCapture } from "../liveCapture";
import { startSessionRecording, type RecordingUploader } from "../recording/RecordingUploader";
import type { SessionOut } from "./api";
import { useRoomApi } from "./api";
import type { InputMode, RoomAction } from "./roomMachine";

/** What the room holds open while it runs: the ending flushes and releases it. */
export interface RoomMedia {
  capture: MutableRefObject<LiveCapture | null>;
  streams: MutableRefObject<MediaStream[]>;
  recorder: MutableRefObject<RecordingUploader | null>;
  /** Stop the capture and every device stream (the camera light goes off). */
  release: () => Promise<void>;
}

export interface RoomStartOptions {
  sessionId: string;
  mode: InputMode;
  dispatch: Dispatch<RoomAction>;
  video: RefObject<HTMLVideoElement | null>;
  /** True while paused: nothing is sent, the socket stays open. */
  pausedRef: MutableRefObject<boolean>;
  /** Each microphone level reading (dBFS), for the speech gate. */
  onLevel: MutableRefObject<(dbfs: number) => void>;
  /** Each face frame, for the attention cues the room summarises itself. */
  onFaceFrame: MutableRefObject<(f: FaceFrame) => void>;
}

/** The session as POST /start answers it; a reload of a live room carries on with the live session. */
async function startOrResume(roomApi: ReturnType<typeof useRoomApi>): Promise<SessionOut | string> {
  try {
    return await roomApi.start();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 409)) return describeError(err);
  }
  try {
    const current = await roomApi.get();
    return current.status === "live" ? current : "This session has already ended. Start a new one from the setup page.";
  } catch (e) {
    return describeError(e);
  }
}

/**
 * Start-up, once per room: POST /start, connect the live socket, open the devices, start the
 * capture and the optional recording. Each step that fails falls back to a mode that still
 * works (camera -> audio -> typed) and says why in `mediaNote`.
 */
export function useRoomStart({ sessionId, mode, dispatch, video, pausedRef, onLevel, onFaceFrame }: RoomStartOptions) {
  const roomApi = useRoomApi(sessionId);
  const apiRef = useRef(roomApi);
  apiRef.current = roomApi;
  const { session } = useAuth();
  const [client, setClient] = useState<LiveClient | null>(null);
  const [inputMode, setInputMode] = useState<InputMode>(mode);
  const [mediaNote, setMediaNote] = useState<string | null>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  const [recUploader, setRecUploader] = useState<RecordingUploader | null>(null);
  const origin = useRef<number>(0);
  const capture = useRef<LiveCapture | null>(null);
  const streams = useRef<MediaStream[]>([]);
  const recorder = useRef<RecordingUploader | null>(null);

  const release = async () => {
    await capture.current?.stop();
    capture.current = null;
    for (const s of streams.current) stopStream(s);
    streams.current = [];
  };

  useEffect(() => {
    let cancelled = false;
    let live: LiveClient | null = null;

    /** Open the microphone (and the camera for a camera room); returns the mode they allow. */
    const openDevices = async (): Promise<{
      effective: InputMode;
      mic: MediaStream | null;
      cam: MediaStream | null;
    }> => {
      let mic: MediaStream | null = null;
      let cam: MediaStream | null = null;
      try {
        mic = await navigator.mediaDevices.getUserMedia({ audio: MICROPHONE_CONSTRAINTS });
        streams.current.push(mic);
      } catch (err) {
        setMediaNote(`${describeMediaError(err, "microphone").guidance} You can type your answers instead.`);
        return { effective: "typed", mic, cam };
      }
      if (mode !== "camera") return { effective: mode, mic, cam };
      try {
        cam = await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS });
        streams.current.push(cam);
        const el = video.current;
        if (el) {
          el.srcObject = cam;
          await el.play();
        }
      } catch (err) {
        setMediaNote(`${describeMediaError(err, "camera").guidance} Continuing audio-only.`);
        return { effective: "audio", mic, cam };
      }
      return { effective: "camera", mic, cam };
    };

    void (async () => {
      const started = await startOrResume(apiRef.current);
      if (cancelled) return;
      if (typeof started === "string") {
        dispatch({ type: "failed", message: started });
        return;
      }
      origin.current = sessionOrigin(started.started_at ?? new Date().toISOString());
      if (started.time_left_s != null) setDeadline(Date.now() + started.time_left_s * 1000);

      let effective: InputMode = mode;
      if (mode !== "typed") {
        live = new LiveClient({ url: liveStreamUrl(sessionId), getToken: (force) => session.getAccessToken(force) });
        live.connect();
        setClient(live);
        const devices = await openDevices();
        effective = devices.effective;
        if (cancelled) return;
        recorder.current = startSessionRecording(started, { sessionId, stream: devices.mic, fetch: session.fetch });
        setRecUploader(recorder.current);
        const c = live;
        // Pause stops sending while the socket stays open (reconnect state and seq are kept).
        const gated = {
          sendAudio: (pcm: Int16Array, t: number) => {
            if (!pausedRef.current) c.sendAudio(pcm, t);
          },
          sendFace: (t: number, f: Parameters<LiveClient["sendFace"]>[1]) => {
            if (!pausedRef.current) c.sendFace(t, f);
          },
        };
        if (effective !== "typed") {
          try {
            capture.current = await startLiveCapture({
              client: gated,
              video: effective === "camera" ? video.current : null,
              microphone: devices.mic,
              sessionStartMs: origin.current,
              onLevel: (level) => onLevel.current(level.rmsDbfs),
              onFaceFrame: (f) => onFaceFrame.current(f),
              onFaceError: () =>
                setMediaNote("Face analysis stopped; attention cues are missing but the interview goes on."),
            });
          } catch (err) {
            // E.g. Firefox without a sound output never starts the AudioContext: say so.
            setMediaNote(`${describeMediaError(err, "microphone").guidance} You can type your answers instead.`);
            effective = "typed";
            // Nothing reads the camera in a typed room: turn it (and its light) off.
            if (devices.cam) stopStream(devices.cam);
          }
        }
      }
      if (cancelled) return;
      setInputMode(effective);
      dispatch({ type: "started" });
    })();
    return () => {
      cancelled = true;
      recorder.current?.abort();
      void capture.current?.stop();
      capture.current = null;
      for (const s of streams.current) stopStream(s);
      streams.current = [];
      live?.close();
      window.speechSynthesis?.cancel();
    };
    // Runs once per room: the session id and mode are fixed for its lifetime (RoomPage keys the
    // room by session), and the refs it reads are stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const media: RoomMedia = { capture, streams, recorder, release };
  /** Milliseconds since the session started, on the capture clock the server's `t_ms` uses. */
  const sessionMs = () => performance.now() - origin.current;
  return { client, inputMode, mediaNote, deadline, setDeadline, recUploader, media, sessionMs };
}
