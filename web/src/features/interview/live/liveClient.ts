/**
 * The browser end of `WS /v1/sessions/{id}/stream` (docs/live-protocol.md).
 *
 * Delivery rules:
 * - One sequence counter for audio, face and event messages. A number is given to a message
 *   when it is first put on a socket, not when it is queued, so a message dropped from the
 *   queue (see "Bounded buffer") never leaves a hole the server would wait for.
 * - A sent message is kept until an `ack` covers it. After every (re)connect the server's
 *   `ready.last_seq` says what it has; everything later is sent again, in order.
 * - `nack {expected}` resends from `expected`. The nacks caused by messages that were already
 *   on the wire before the resend are recognised and ignored, so one gap costs one resend.
 * - Reconnects back off exponentially (0.5 s doubling to 15 s, with jitter); 4401 refreshes
 *   the token first; 4403/4404/4409 are final (wrong origin, no such session, session not live).
 * - A connection that stops acknowledging for `ackTimeoutMs` is treated as dead and replaced.
 *
 * Bounded buffer: unsent plus unacknowledged messages are limited to `maxBufferedBytes`
 * (4 MiB, about two minutes of 16 kHz PCM16 audio). Over that, the OLDEST UNSENT audio frames
 * are dropped first, then the oldest unsent face windows; question/answer events are never
 * dropped, and messages already numbered are never dropped (that would leave a gap). Every drop
 * is counted (`stats().droppedAudioMs`) and announced with an `overflow` event so the room can
 * tell the candidate part of an answer did not reach the server.
 */
import { Emitter } from "./emitter";
import {
  encodeAudioFrame,
  parseServerMessage,
  sanitizeFeatures,
  sessionMs,
  type AnswerSaved,
  type Cue,
  type LiveEventName,
  type ServerError,
  type Transcript,
} from "./protocol";
import type { FaceWindowFeatures } from "../face/windows";

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

const OPEN = 1;

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

/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE: Record<number, string> = {
  4403: "This page's origin is not allowed to stream to the server.",
  4404: "This practice session does not exist.",
  4409: "This practice session is no longer live.",
};

/** After this many genuine nacks for the same seq the message is replaced (see onNack). */
const MAX_RESENDS_PER_SEQ = 3;

type Outgoing =
  | { kind: "audio"; tMs: number; pcm: Int16Array; bytes: number }
  | { kind: "face"; tMs: number; features: FaceWindowFeatures; bytes: number }
  | { kind: "event"; tMs: number; name: LiveEventName; questionId: string; bytes: number };

type Numbered = Outgoing & { seq: number };

export function liveStreamUrl(sessionId: string, origin: string = window.location.origin): string {
  const url = new URL(`/v1/sessions/${encodeURIComponent(sessionId)}/stream`, origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export class LiveClient extends Emitter<LiveEvents> {
  private readonly opts: Required<Omit<LiveClientOptions, "createSocket">> & {
    createSocket: (url: string) => SocketLike;
  };
  private state: ConnectionState = { status: "idle" };
  private socket: SocketLike | null = null;
  private queue: Outgoing[] = [];
  private unacked: Numbered[] = [];
  private nextSeq = 0;
  private ackedThrough = -1;
  /** Highest seq put on the current socket. */
  private sentThrough = -1;
  private bytes = 0;
  private droppedAudioMs = 0;
  private droppedFaceWindows = 0;
  private reconnects = 0;
  private attempt = 0;
  private forceRefresh = false;
  private refusedTokens = 0;
  private lastProgressAt = 0;
  private nackWindow: { expected: number; remaining: number; genuine: number } | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private drainWaiters: Array<() => void> = [];

  constructor(options: LiveClientOptions) {
    super();
    this.opts = {
      url: options.url,
      getToken: options.getToken,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      backoff: options.backoff ?? { initialMs: 500, maxMs: 15_000, factor: 2 },
      random: options.random ?? Math.random,
      maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
      maxSocketBufferedBytes: options.maxSocketBufferedBytes ?? 256 * 1024,
      ackTimeoutMs: options.ackTimeoutMs ?? 15_000,
      readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    };
  }

  // --- public API ---

  getState = (): ConnectionState => this.state;

  /** useSyncExternalStore-compatible subscription to the connection state. */
  subscribe = (listener: () => void): (() => void) => this.on("state", listener);

  stats(): LiveStats {
    return {
      nextSeq: this.nextSeq,
      ackedThrough: this.ackedThrough,
      unacked: this.unacked.length,
      queued: this.queue.length,
      bufferedBytes: this.bytes,
      droppedAudioMs: this.droppedAudioMs,
      droppedFaceWindows: this.droppedFaceWindows,
      reconnects: this.reconnects,
    };
  }

  connect(): void {
    if (this.state.status !== "idle" && this.state.status !== "failed") return;
    this.attempt = 0;
    this.open();
  }

  /** Skip the remaining back-off wait (e.g. on the browser's `online` event). */
  reconnectNow(): void {
    if (this.state.status !== "reconnecting") return;
    this.clearTimer("retryTimer");
    this.open();
  }

  /** 16 kHz mono PCM16 captured at `tMs` (ms since the session's start). */
  sendAudio(pcm: Int16Array, tMs: number): void {
    if (pcm.length === 0) return;
    this.enqueue({ kind: "audio", tMs: sessionMs(tMs), pcm, bytes: 12 + pcm.length * 2 });
  }

  /** One 500 ms face window starting at `tMs` (ms since the session's start). */
  sendFace(tMs: number, features: FaceWindowFeatures): void {
    this.enqueue({ kind: "face", tMs: sessionMs(tMs), features: sanitizeFeatures(features), bytes: 260 });
  }

  sendEvent(tMs: number, name: LiveEventName, questionId: string): void {
    this.enqueue({ kind: "event", tMs: sessionMs(tMs), name, questionId, bytes: 160 });
  }

  /**
   * Resolves true once everything queued has been acknowledged (call before ending the
   * session so the last words are transcribed), false after `timeoutMs`.
   */
  drain(timeoutMs = 10_000): Promise<boolean> {
    if (this.isDrained()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.drainWaiters.push(done);
    });
  }

  /** Ends the stream for good (the session ended or the page is leaving). */
  close(): void {
    this.clearAllTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, "client closed");
    }
    this.setState({ status: "closed" });
  }

  // --- queueing and sending ---

  private enqueue(message: Outgoing): void {
    if (this.state.status === "closed") return;
    this.queue.push(message);
    this.bytes += message.bytes;
    this.enforceBound();
    this.pump();
  }

  private enforceBound(): void {
    if (this.bytes <= this.opts.maxBufferedBytes) return;
    let audioMs = 0;
    let faces = 0;
    for (const kind of ["audio", "face"] as const) {
      for (let i = 0; i < this.queue.length && this.bytes > this.opts.maxBufferedBytes;) {
        const m = this.queue[i]!;
        if (m.kind !== kind) {
          i++;
          continue;
        }
        this.queue.splice(i, 1);
        this.bytes -= m.bytes;
        if (m.kind === "audio") audioMs += (m.pcm.length / 16_000) * 1000;
        else faces++;
      }
    }
    if (audioMs > 0 || faces > 0) {
      this.droppedAudioMs += audioMs;
      this.droppedFaceWindows += faces;
      this.emit("overflow", { droppedAudioMs: this.droppedAudioMs, droppedFaceWindows: this.droppedFaceWindows });
    }
  }

  private pump(): void {
    const socket = this.socket;
    if (this.state.status !== "live" || !socket || socket.readyState !== OPEN) return;
    while (this.queue.length > 0) {
      if (socket.bufferedAmount > this.opts.maxSocketBufferedBytes) {
        // The network is slower than capture: let the socket drain, keep the rest queued
        // (where the bound above applies) and look again shortly. WebSocket has no drain event.
        if (this.pumpTimer === null) {
          this.pumpTimer = setTimeout(() => {
            this.pumpTimer = null;
            this.pump();
          }, 50);
        }
        return;
      }
      const m = this.queue.shift()!;
      const numbered = { ...m, seq: this.nextSeq++ } as Numbered;
      if (this.unacked.length === 0) this.lastProgressAt = Date.now();
      this.unacked.push(numbered);
      this.transmit(socket, numbered);
    }
  }

  private transmit(socket: SocketLike, m: Numbered): void {
    socket.send(encode(m));
    if (m.seq > this.sentThrough) this.sentThrough = m.seq;
  }

  private resendFrom(seq: number): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    for (const m of this.unacked) if (m.seq >= seq) this.transmit(socket, m);
  }

  // --- acknowledgements ---

  private forget(through: number): void {
    if (through > this.ackedThrough) this.ackedThrough = through;
    let n = 0;
    while (n < this.unacked.length && this.unacked[n]!.seq <= through) {
      this.bytes -= this.unacked[n]!.bytes;
      n++;
    }
    if (n > 0) this.unacked.splice(0, n);
    this.lastProgressAt = Date.now();
    if (this.isDrained()) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    }
  }

  private isDrained(): boolean {
    return this.queue.length === 0 && this.unacked.length === 0;
  }

  /**
   * The server no longer has messages this client already forgot (they were acknowledged,
   * then lost by a server that did not keep them). They cannot be recovered; the messages
   * still held are renumbered to follow on from what the server has, so the stream goes on.
   */
  private renumberFrom(first: number): void {
    const firstHeld = this.unacked[0]?.seq ?? this.nextSeq;
    this.emit("warning", {
      kind: "resume_gap",
      detail: `server expects ${first}, client holds from ${firstHeld}; ${firstHeld - first} messages were lost`,
    });
    let seq = first;
    for (const m of this.unacked) m.seq = seq++;
    this.nextSeq = seq;
    this.sentThrough = first - 1;
  }

  private onReady(lastSeq: number, resumed: boolean): void {
    this.clearTimer("readyTimer");
    this.attempt = 0;
    this.refusedTokens = 0;
    this.nackWindow = null;
    this.sentThrough = lastSeq;
    if (lastSeq >= this.nextSeq) {
      // The server is ahead of this client: a reloaded page resuming a session. Continue the
      // session's counter instead of sending numbers the server would discard as duplicates.
      this.nextSeq = lastSeq + 1;
    }
    this.forget(lastSeq);
    const firstHeld = this.unacked[0]?.seq;
    if (firstHeld !== undefined && firstHeld > lastSeq + 1) this.renumberFrom(lastSeq + 1);
    this.setState({ status: "live", resumed });
    this.resendFrom(lastSeq + 1);
    this.startWatchdog();
    this.pump();
  }

  private onNack(expected: number): void {
    this.forget(expected - 1);
    const w = this.nackWindow;
    if (w && w.expected === expected && w.remaining > 0) {
      // Caused by a message that was already on the wire when we resent: not news.
      w.remaining--;
      return;
    }
    const genuine = w && w.expected === expected ? w.genuine + 1 : 1;
    const firstHeld = this.unacked[0]?.seq;
    if (firstHeld === undefined || firstHeld > expected) {
      this.renumberFrom(expected);
    } else if (genuine > MAX_RESENDS_PER_SEQ) {
      this.skipPoisoned(expected);
    }
    // Every message after `expected` that is already on the wire will answer with this same
    // nack before the resent copy arrives.
    // (the first of them, expected + 1, is the one that produced this nack).
    this.nackWindow = { expected, remaining: Math.max(0, this.sentThrough - expected - 1), genuine };
    this.resendFrom(expected);
  }

  /**
   * The server keeps refusing message `seq` (it answers `error` without acknowledging it), which
   * would stall everything behind it forever. It is replaced by the smallest valid message, one
   * silent audio sample (62.5 µs) at the same time, and the loss is reported.
   */
  private skipPoisoned(seq: number): void {
    const i = this.unacked.findIndex((m) => m.seq === seq);
    const m = this.unacked[i];
    if (!m) return;
    this.bytes -= m.bytes;
    this.unacked[i] = { kind: "audio", seq, tMs: m.tMs, pcm: new Int16Array(1), bytes: 14 };
    this.bytes += 14;
    this.emit("warning", {
      kind: "skipped_message",
      detail: `message ${seq} (${m.kind}) was refused ${MAX_RESENDS_PER_SEQ} times`,
    });
  }

  // --- connection lifecycle ---

  private open(): void {
    this.attempt++;
    this.setState({ status: "connecting", attempt: this.attempt });
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch (err) {
      this.scheduleReconnect(err instanceof Error ? err.message : "could not open the connection");
      return;
    }
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => void this.authenticate(socket);
    socket.onmessage = (event) => this.onMessage(socket, event.data);
    socket.onclose = (event) => this.onClose(socket, event.code, event.reason);
    socket.onerror = () => {
      // A close event always follows an error; the reconnect is decided there.
    };
  }

  private async authenticate(socket: SocketLike): Promise<void> {
    if (socket !== this.socket) return;
    this.setState({ status: "authenticating", attempt: this.attempt });
    let token: string | null;
    try {
      token = await this.opts.getToken(this.forceRefresh);
    } catch {
      if (socket === this.socket) {
        this.dropSocket(socket, 4000, "token unavailable");
        this.scheduleReconnect("could not get an access token");
      }
      return;
    }
    if (socket !== this.socket) return;
    if (token === null) {
      this.fail(4401, "You are signed out.");
      return;
    }
    this.forceRefresh = false;
    if (socket.readyState !== OPEN) return;
    socket.send(JSON.stringify({ type: "auth", token }));
    this.readyTimer = setTimeout(() => {
      this.readyTimer = null;
      if (socket !== this.socket) return;
      this.dropSocket(socket, 4000, "no ready");
      this.scheduleReconnect("the server did not answer");
    }, this.opts.readyTimeoutMs);
  }

  private onMessage(socket: SocketLike, data: unknown): void {
    if (socket !== this.socket || typeof data !== "string") return;
    const m = parseServerMessage(data);
    if (!m) return;
    switch (m.type) {
      case "ready":
        this.onReady(m.last_seq, m.resumed);
        break;
      case "ack":
        this.forget(m.seq);
        if (this.nackWindow && m.seq >= this.nackWindow.expected) this.nackWindow = null;
        this.emit("ack", { seq: m.seq });
        break;
      case "nack":
        this.onNack(m.expected);
        break;
      case "cue":
        this.emit("cue", m);
        break;
      case "transcript":
        this.emit("transcript", m);
        break;
      case "answer_saved":
        this.emit("answerSaved", m);
        break;
      case "error":
        this.emit("serverError", m);
        break;
    }
  }

  private onClose(socket: SocketLike, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.detach(socket);
    this.socket = null;
    this.clearTimer("readyTimer");
    this.stopWatchdog();
    const final = FINAL_CLOSE[code];
    if (final) {
      this.fail(code, final);
      return;
    }
    if (code === 4401) {
      // The access token expired or was refused: refresh it and try again, but not forever.
      this.refusedTokens++;
      if (this.refusedTokens > 2) {
        this.fail(code, "The server keeps refusing your sign-in. Log in again.");
        return;
      }
      this.forceRefresh = true;
    }
    this.scheduleReconnect(reason || `connection closed (${code})`);
  }

  private scheduleReconnect(reason: string): void {
    if (this.state.status === "closed" || this.state.status === "failed") return;
    const { initialMs, maxMs, factor } = this.opts.backoff;
    const base = Math.min(maxMs, initialMs * factor ** Math.max(0, this.attempt - 1));
    // Jitter (50-100 %) keeps many clients dropped by one server restart from returning at once.
    const delay = Math.round(base * (0.5 + 0.5 * this.opts.random()));
    this.reconnects++;
    // `attempt` is the number of the connection attempt that the timer will make.
    this.setState({ status: "reconnecting", attempt: this.attempt + 1, retryInMs: delay, reason });
    this.clearTimer("retryTimer");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private fail(code: number, reason: string): void {
    this.clearAllTimers();
    if (this.socket) this.dropSocket(this.socket, 1000, "giving up");
    this.setState({ status: "failed", code, reason });
  }

  private startWatchdog(): void {
    this.stopWatchdog();
    this.lastProgressAt = Date.now();
    this.watchdog = setInterval(() => {
      const socket = this.socket;
      if (!socket || this.unacked.length === 0) return;
      if (Date.now() - this.lastProgressAt > this.opts.ackTimeoutMs) {
        // Half-open connection (laptop lid, Wi-Fi change): the browser may not notice for
        // minutes. Acks stopped while data is owed, so start over on a fresh socket.
        this.dropSocket(socket, 4000, "no acknowledgement");
        this.stopWatchdog();
        this.scheduleReconnect("the server stopped acknowledging");
      }
    }, 1000);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private dropSocket(socket: SocketLike, code: number, reason: string): void {
    this.detach(socket);
    if (this.socket === socket) this.socket = null;
    try {
      socket.close(code, reason);
    } catch {
      // Already closing: nothing to do.
    }
  }

  private detach(socket: SocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private clearTimer(name: "retryTimer" | "pumpTimer" | "readyTimer"): void {
    const t = this[name];
    if (t !== null) clearTimeout(t);
    this[name] = null;
  }

  private clearAllTimers(): void {
    this.clearTimer("retryTimer");
    this.clearTimer("pumpTimer");
    this.clearTimer("readyTimer");
    this.stopWatchdog();
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    this.emit("state", next);
  }
}

function encode(m: Numbered): string | ArrayBuffer {
  switch (m.kind) {
    case "audio":
      return encodeAudioFrame(m.seq, m.tMs, m.pcm);
    case "face":
      return JSON.stringify({ type: "face", seq: m.seq, t_ms: m.tMs, features: m.features });
    case "event":
      return JSON.stringify({ type: "event", seq: m.seq, t_ms: m.tMs, name: m.name, question_id: m.questionId });
  }
}
