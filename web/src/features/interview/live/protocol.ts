/**
 * Wire format of the live stream (docs/live-protocol.md): what the browser sends and what the
 * server answers. Message parsing is defensive: the server is trusted, but a malformed message
 * must never break the interview, so unknown shapes are reported and skipped.
 */
import type { components } from "../../../client/live";
import type { FaceWindowFeatures } from "../face/windows";

export const AUDIO_HEADER_BYTES = 12;

/** Binary audio frame: uint32 seq LE, float64 t_ms LE, then PCM16 LE mono 16 kHz samples. */
export function encodeAudioFrame(seq: number, tMs: number, pcm: Int16Array): ArrayBuffer {
  const buffer = new ArrayBuffer(AUDIO_HEADER_BYTES + pcm.length * 2);
  const view = new DataView(buffer);
  view.setUint32(0, seq, true);
  view.setFloat64(4, tMs, true);
  // DataView writes little-endian whatever the platform's byte order is.
  for (let i = 0; i < pcm.length; i++) view.setInt16(AUDIO_HEADER_BYTES + 2 * i, pcm[i]!, true);
  return buffer;
}

export function decodeAudioFrame(buffer: ArrayBuffer): { seq: number; tMs: number; pcm: Int16Array } {
  const view = new DataView(buffer);
  const n = (buffer.byteLength - AUDIO_HEADER_BYTES) / 2;
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = view.getInt16(AUDIO_HEADER_BYTES + 2 * i, true);
  return { seq: view.getUint32(0, true), tMs: view.getFloat64(4, true), pcm };
}

export type LiveEventName = "question_shown" | "answer_started" | "answer_ended";

export interface FaceMessage {
  type: "face";
  seq: number;
  t_ms: number;
  features: FaceWindowFeatures;
}

export interface EventMessage {
  type: "event";
  seq: number;
  t_ms: number;
  name: LiveEventName;
  question_id: string;
}

// What the server sends is generated from its models (moodlens/live/messages.py ->
// web/live-protocol.json -> src/client/live.d.ts; `npm run check:client` catches drift).
type Messages = components["schemas"];
export type CueName = Cue["cue"];
export type CueLevel = Cue["level"];
/** A cue; `seq` is null when no audio frame caused it (the server then leaves it out). */
export type Cue = Messages["CueMessage"];
export type TranscriptWord = Messages["TranscriptWord"];
export type Transcript = Messages["TranscriptMessage"];
export type AnswerSaved = Messages["AnswerSavedMessage"];
export type ServerError = Messages["ErrorMessage"];
export type Ready = Messages["ReadyMessage"];
export type ServerMessage = Messages["ServerMessage"];

type Json = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === "string";

/** What `ready` says this connection may carry; nothing when the server did not say. */
function captureOf(v: unknown): Ready["capture"] {
  const o = (typeof v === "object" && v !== null ? v : {}) as Json;
  return { audio: o.audio === true, face: o.face === true };
}

/** Parses one text message from the server; null when it is not a message this client knows. */
export function parseServerMessage(text: string): ServerMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const m = data as Json;
  switch (m.type) {
    case "ready":
      if (!isInt(m.last_seq)) return null;
      return { type: "ready", last_seq: m.last_seq, resumed: m.resumed === true, capture: captureOf(m.capture) };
    case "ack":
      return isInt(m.seq) ? { type: "ack", seq: m.seq } : null;
    case "nack":
      return isInt(m.expected) ? { type: "nack", expected: m.expected } : null;
    case "cue":
      if (!isStr(m.cue) || !isStr(m.level) || !isStr(m.message)) return null;
      return {
        type: "cue",
        cue: m.cue as CueName,
        level: m.level as CueLevel,
        value: isNum(m.value) ? m.value : null,
        message: m.message,
        t_ms: isNum(m.t_ms) ? m.t_ms : 0,
        latency_ms: isNum(m.latency_ms) ? m.latency_ms : 0,
        seq: isInt(m.seq) ? m.seq : null,
      };
    case "transcript":
      if (!isStr(m.text)) return null;
      return {
        type: "transcript",
        question_id: isStr(m.question_id) ? m.question_id : null,
        start_ms: isNum(m.start_ms) ? m.start_ms : 0,
        end_ms: isNum(m.end_ms) ? m.end_ms : 0,
        text: m.text,
        words: Array.isArray(m.words)
          ? m.words.flatMap((w: unknown) => {
              const o = w as Json;
              return typeof w === "object" && w !== null && isStr(o.text) && isNum(o.start_ms) && isNum(o.end_ms)
                ? [{ text: o.text, start_ms: o.start_ms, end_ms: o.end_ms }]
                : [];
            })
          : [],
        latency_ms: isNum(m.latency_ms) ? m.latency_ms : 0,
      };
    case "answer_saved":
      return isStr(m.question_id) && isStr(m.response_id)
        ? {
            type: "answer_saved",
            question_id: m.question_id,
            response_id: m.response_id,
            transcript: isStr(m.transcript) ? m.transcript : "",
          }
        : null;
    case "error":
      return { type: "error", error: isStr(m.error) ? m.error : "Error", detail: isStr(m.detail) ? m.detail : "" };
    default:
      return null;
  }
}

/**
 * Makes face features safe to send: finite, in the server's ranges (ratios 0-1, angles ±180,
 * movement 0-1000). The server refuses a bad message without acknowledging it, which would
 * stall the stream behind it, so nothing out of range is ever sent.
 */
export function sanitizeFeatures(f: FaceWindowFeatures): FaceWindowFeatures {
  const ratio = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
  const optRatio = (v: number | null) => (v === null || !Number.isFinite(v) ? null : ratio(v));
  const angle = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.min(180, Math.max(-180, v)));
  return {
    face_present_ratio: ratio(f.face_present_ratio),
    yaw: angle(f.yaw),
    pitch: angle(f.pitch),
    roll: angle(f.roll),
    gaze_on_camera: optRatio(f.gaze_on_camera),
    movement_energy: Number.isFinite(f.movement_energy) ? Math.min(1000, Math.max(0, f.movement_energy)) : 0,
    smile: optRatio(f.smile),
  };
}

/** Session time is sent in ms since the session's start, never negative. */
export function sessionMs(t: number): number {
  return Number.isFinite(t) ? Math.max(0, Math.round(t * 10) / 10) : 0;
}
