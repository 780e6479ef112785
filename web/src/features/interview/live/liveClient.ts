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
import {
  OPEN,
  FINAL_CLOSE,
  backoffDelay,
  closeQuietly,
  detach,
  withDefaults,
  type ResolvedOptions,
} from "./connection";
import { Emitter } from "./emitter";
import type { ConnectionState, LiveClientOptions, LiveEvents, LiveStats, SocketLike } from "./liveTypes";
import { Outbox, encode } from "./outbox";
import { parseServerMessage, sanitizeFeatures, sessionMs, type LiveEventName } from "./protocol";
import type { FaceWindowFeatures } from "../face/windows";

export type { ConnectionState, LiveClientOptions, LiveEvents, LiveStats, LiveWarning, SocketLike } from "./liveTypes";
export { liveStreamUrl } from "./connection";

export class LiveClient extends Emitter<LiveEvents> {
  private readonly opts: ResolvedOptions;
  private state: ConnectionState = { status: "idle" };
  private socket: SocketLike | null = null;
  private readonly outbox: Outbox;
  private reconnects = 0;
  private attempt = 0;
  private forceRefresh = false;
  private refusedTokens = 0;
  private lastProgressAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private drainWaiters: Array<() => void> = [];

  constructor(options: LiveClientOptions) {
    super();
    this.opts = withDefaults(options);
    this.outbox = new Outbox(this.opts.maxBufferedBytes);
  }

  // --- public API ---

  getState = (): ConnectionState => this.state;

  /** useSyncExternalStore-compatible subscription to the connection state. */
  subscribe = (listener: () => void): (() => void) => this.on("state", listener);

  stats(): LiveStats {
    return { ...this.outbox.stats(), reconnects: this.reconnects };
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
      detach(socket);
      socket.close(1000, "client closed");
    }
    this.setState({ status: "closed" });
  }

  // --- queueing and sending ---

  private enqueue(message: Parameters<Outbox["add"]>[0]): void {
    if (this.state.status === "closed") return;
    const dropped = this.outbox.add(message);
    if (dropped) this.emit("overflow", dropped);
    this.pump();
  }

  private pump(): void {
    const socket = this.socket;
    if (this.state.status !== "live" || !socket || socket.readyState !== OPEN) return;
    while (this.outbox.hasQueued) {
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
      if (!this.outbox.hasUnacked) this.lastProgressAt = Date.now();
      this.transmit(socket, this.outbox.takeNext()!);
    }
  }

  private transmit(socket: SocketLike, m: Parameters<typeof encode>[0]): void {
    socket.send(encode(m));
    this.outbox.sent(m.seq);
  }

  private resendFrom(seq: number): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    for (const m of this.outbox.heldFrom(seq)) this.transmit(socket, m);
  }

  // --- acknowledgements ---

  private forget(through: number): void {
    this.outbox.forget(through);
    this.progressed();
  }

  /** The server acknowledged something: the watchdog starts over, drain waiters may be done. */
  private progressed(): void {
    this.lastProgressAt = Date.now();
    if (this.isDrained()) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    }
  }

  private isDrained(): boolean {
    return this.outbox.isDrained();
  }

  private onReady(lastSeq: number, resumed: boolean): void {
    this.clearTimer("readyTimer");
    this.attempt = 0;
    this.refusedTokens = 0;
    const gap = this.outbox.resume(lastSeq);
    this.progressed();
    if (gap) this.emit("warning", gap);
    this.setState({ status: "live", resumed });
    this.resendFrom(lastSeq + 1);
    this.startWatchdog();
    this.pump();
  }

  private onNack(expected: number): void {
    this.forget(expected - 1);
    const { resend, warning } = this.outbox.nack(expected);
    if (warning) this.emit("warning", warning);
    if (resend) this.resendFrom(expected);
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
    detach(socket);
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
    const delay = backoffDelay(this.opts, this.attempt);
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
      if (!socket || !this.outbox.hasUnacked) return;
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
    detach(socket);
    if (this.socket === socket) this.socket = null;
    closeQuietly(socket, code, reason);
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
