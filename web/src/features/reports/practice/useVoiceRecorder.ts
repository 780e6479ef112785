import { useCallback, useEffect, useRef, useState } from "react";

/** Audio formats the server decodes, in order of preference (Chromium: WebM/Opus). */
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/ogg"];
/** The server's limit for one spoken retry (practice.retries.MAX_SPOKEN_RETRY_S). */
export const MAX_RECORDING_S = 600;

export type RecorderPhase = "idle" | "starting" | "recording" | "stopping";

/**
 * One recorded answer, microphone only: the device is asked for when the candidate presses
 * Record (never before), and released as soon as the recording stops or is discarded. Nothing
 * is kept in the browser beyond the one Blob handed to `onRecorded`.
 */
export function useVoiceRecorder(onRecorded: (recording: Blob) => void) {
  const [phase, setPhase] = useState<RecorderPhase>("idle");
  const [error, setError] = useState<string | null>(null);
  const [seconds, setSeconds] = useState(0);
  const rec = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const keep = useRef(true);
  const deliver = useRef(onRecorded);
  deliver.current = onRecorded;

  const release = useCallback(() => {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    rec.current = null;
  }, []);

  const start = useCallback(async () => {
    setError(null);
    if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) {
      setError("This browser cannot record audio here; type your retry instead.");
      return;
    }
    setPhase("starting");
    try {
      const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      stream.current = s;
      const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
      const r = new MediaRecorder(s, mimeType ? { mimeType } : undefined);
      chunks.current = [];
      keep.current = true;
      r.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.current.push(e.data);
      };
      r.onstop = () => {
        const blob = new Blob(chunks.current, { type: r.mimeType || "audio/webm" });
        chunks.current = [];
        release();
        setPhase("idle");
        if (keep.current) deliver.current(blob);
      };
      rec.current = r;
      r.start(1000);
      setSeconds(0);
      setPhase("recording");
    } catch (e) {
      release();
      setPhase("idle");
      const denied = e instanceof DOMException && e.name === "NotAllowedError";
      setError(
        denied
          ? "The browser did not allow the microphone; allow it for this site, or type your retry."
          : `The microphone could not be started (${e instanceof Error ? e.message : String(e)}); type your retry instead.`,
      );
    }
  }, [release]);

  const stop = useCallback((deliverIt: boolean) => {
    const r = rec.current;
    if (!r || r.state === "inactive") return;
    keep.current = deliverIt;
    setPhase("stopping");
    r.stop();
  }, []);

  // The elapsed time, and the server's length limit applied before it would refuse.
  useEffect(() => {
    if (phase !== "recording") return;
    const t0 = performance.now();
    const id = setInterval(() => {
      const s = Math.floor((performance.now() - t0) / 1000);
      setSeconds(s);
      if (s >= MAX_RECORDING_S) stop(true);
    }, 250);
    return () => clearInterval(id);
  }, [phase, stop]);

  // Leaving the page mid-recording releases the microphone; nothing is sent.
  useEffect(
    () => () => {
      keep.current = false;
      if (rec.current && rec.current.state !== "inactive") rec.current.stop();
      release();
    },
    [release],
  );

  return { phase, error, seconds, start, stop };
}
