/**
 * The shapes the live client exposes (its options, state, stats and events), apart from the
 * client itself so the connection code in liveClient.ts reads on its own.
 */
import type { AnswerSaved, Cue, ServerError, Transcript } from "./protocol";

/** What this client needs of a WebSocket (the browser's, or a test double). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState =
  | { status: "idle" }
  | { status: "connecting"; attempt: number }
  | { status: "authenticating"; attempt: number }
  | { status: "live"; resumed: boolean }
  | { status: "reconnecting"; attempt: number; retryInMs: number; reason: string }
  | { status: "failed"; code: number; reason: string }
  | { status: "closed" };

export interface LiveStats {
  nextSeq: number;
  /** Highest seq the server has acknowledged (-1: none). */
  ackedThrough: number;
  /** Numbered, sent, not yet acknowledged. */
  unacked: number;
  /** Queued, not yet numbered or sent. */
  queued: number;
  bufferedBytes: number;
  droppedAudioMs: number;
  droppedFaceWindows: number;
  reconnects: number;
}

export interface LiveWarning {
  kind: "resume_gap" | "skipped_message";
  detail: string;
}

export interface LiveEvents extends Record<string, unknown> {
  state: ConnectionState;
  cue: Cue;
  transcript: Transcript;
  answerSaved: AnswerSaved;
  serverError: ServerError;
  ack: { seq: number };
  overflow: { droppedAudioMs: number; droppedFaceWindows: number };
  warning: LiveWarning;
}

export interface LiveClientOptions {
  /** ws:// or wss:// URL of the session's stream (see `liveStreamUrl`). */
  url: string;
  /**
   * The current access token; `forceRefresh` after the server refused it (4401). Null means
   * the user is signed out: the client stops.
   */
  getToken: (forceRefresh: boolean) => Promise<string | null>;
  createSocket?: (url: string) => SocketLike;
  backoff?: { initialMs: number; maxMs: number; factor: number };
  /** Jitter source (tests pin it). */
  random?: () => number;
  maxBufferedBytes?: number;
  /** Stop handing data to the socket while its own send buffer holds more than this. */
  maxSocketBufferedBytes?: number;
  ackTimeoutMs?: number;
  /** How long to wait for `ready` after sending the token. */
  readyTimeoutMs?: number;
}
