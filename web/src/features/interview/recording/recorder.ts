/**
 * The recorder side of the optional session recording: which audio formats the API stores,
 * and the browser's MediaRecorder adapted to the small interface the uploader drives (a fake in
 * tests). Only the stream's audio tracks are recorded (DESIGN §8).
 */

/** The part of MediaRecorder the uploader uses (a fake in tests). */
export interface RecorderLike {
  readonly state: "inactive" | "recording" | "paused";
  readonly mimeType: string;
  start(timesliceMs: number): void;
  stop(): void;
  pause(): void;
  resume(): void;
  /** Set by the uploader. */
  ondata: ((blob: Blob) => void) | null;
  onstop: (() => void) | null;
  onerror: ((message: string) => void) | null;
}

export type RecorderFactory = (stream: MediaStream, mimeType: string | undefined) => RecorderLike;

/** Types the API stores (recording.CONTENT_TYPES), in order of preference for audio. */
export const PREFERRED_MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/ogg"];
export const ACCEPTED_CONTENT_TYPES = ["audio/webm", "audio/ogg"];

/** Real MediaRecorder on the stream's audio tracks, adapted to RecorderLike. */
export const browserRecorder: RecorderFactory = (stream, mimeType) => {
  const audioOnly = new MediaStream(stream.getAudioTracks());
  const rec = new MediaRecorder(audioOnly, mimeType ? { mimeType } : undefined);
  const adapter: RecorderLike = {
    get state() {
      return rec.state;
    },
    get mimeType() {
      return rec.mimeType;
    },
    start: (ms) => rec.start(ms),
    stop: () => rec.stop(),
    pause: () => rec.pause(),
    resume: () => rec.resume(),
    ondata: null,
    onstop: null,
    onerror: null,
  };
  rec.addEventListener("dataavailable", (e) => adapter.ondata?.(e.data));
  rec.addEventListener("stop", () => adapter.onstop?.());
  rec.addEventListener("error", () => adapter.onerror?.("The recorder stopped with an error."));
  return adapter;
};

export function pickMimeType(isTypeSupported: (t: string) => boolean): string | undefined {
  return PREFERRED_MIME_TYPES.find((t) => isTypeSupported(t));
}

/** "audio/webm;codecs=opus" -> "audio/webm" (the API stores the bare type). */
export function baseContentType(mimeType: string): string {
  return mimeType.split(";")[0]!.trim().toLowerCase();
}
