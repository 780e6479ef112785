/**
 * What the live client owes the server: messages queued but not yet numbered, numbered messages
 * sent but not yet acknowledged, and what the server's ready/ack/nack said about them (the
 * delivery and bounded-buffer rules are described in liveClient.ts). It knows nothing of
 * sockets or timers: the client asks it what to send and resend, and emits what it reports.
 */
import type { LiveWarning } from "./liveTypes";
import { encodeAudioFrame, type LiveEventName } from "./protocol";
import type { FaceWindowFeatures } from "../face/windows";

export type Outgoing =
  | { kind: "audio"; tMs: number; pcm: Int16Array; bytes: number }
  | { kind: "face"; tMs: number; features: FaceWindowFeatures; bytes: number }
  | { kind: "event"; tMs: number; name: LiveEventName; questionId: string; bytes: number };

export type Numbered = Outgoing & { seq: number };

/** Running totals of what the bound dropped. */
export interface Dropped {
  droppedAudioMs: number;
  droppedFaceWindows: number;
}

/** After this many genuine nacks for the same seq the message is replaced (see nack). */
const MAX_RESENDS_PER_SEQ = 3;

export class Outbox {
  private queue: Outgoing[] = [];
  private unacked: Numbered[] = [];
  private nextSeq = 0;
  private ackedThrough = -1;
  private bytes = 0;
  private droppedAudioMs = 0;
  private droppedFaceWindows = 0;
  /** Highest seq put on the current socket. */
  private sentThrough = -1;
  private nackWindow: { expected: number; remaining: number; genuine: number } | null = null;

  constructor(private readonly maxBytes: number) {}

  stats() {
    return {
      nextSeq: this.nextSeq,
      ackedThrough: this.ackedThrough,
      unacked: this.unacked.length,
      queued: this.queue.length,
      bufferedBytes: this.bytes,
      droppedAudioMs: this.droppedAudioMs,
      droppedFaceWindows: this.droppedFaceWindows,
    };
  }

  get hasQueued(): boolean {
    return this.queue.length > 0;
  }

  get hasUnacked(): boolean {
    return this.unacked.length > 0;
  }

  isDrained(): boolean {
    return this.queue.length === 0 && this.unacked.length === 0;
  }

  /** Queues a message; when the bound had to drop something, returns the new totals. */
  add(message: Outgoing): Dropped | null {
    this.queue.push(message);
    this.bytes += message.bytes;
    return this.enforceBound();
  }

  private enforceBound(): Dropped | null {
    if (this.bytes <= this.maxBytes) return null;
    let audioMs = 0;
    let faces = 0;
    for (const kind of ["audio", "face"] as const) {
      for (let i = 0; i < this.queue.length && this.bytes > this.maxBytes;) {
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
    if (audioMs === 0 && faces === 0) return null;
    this.droppedAudioMs += audioMs;
    this.droppedFaceWindows += faces;
    return { droppedAudioMs: this.droppedAudioMs, droppedFaceWindows: this.droppedFaceWindows };
  }

  /** Numbers the oldest queued message and holds it until an ack covers it. */
  takeNext(): Numbered | undefined {
    const m = this.queue.shift();
    if (!m) return undefined;
    const numbered = { ...m, seq: this.nextSeq++ } as Numbered;
    this.unacked.push(numbered);
    return numbered;
  }

  /** Records that message `seq` went on the current socket. */
  sent(seq: number): void {
    if (seq > this.sentThrough) this.sentThrough = seq;
  }

  /** The held messages from `seq` on, in order (what a resend puts on the wire). */
  heldFrom(seq: number): Numbered[] {
    return this.unacked.filter((m) => m.seq >= seq);
  }

  /** Lets go of everything up to and including `through`. */
  forget(through: number): void {
    if (through > this.ackedThrough) this.ackedThrough = through;
    let n = 0;
    while (n < this.unacked.length && this.unacked[n]!.seq <= through) {
      this.bytes -= this.unacked[n]!.bytes;
      n++;
    }
    if (n > 0) this.unacked.splice(0, n);
    if (this.nackWindow && through >= this.nackWindow.expected) this.nackWindow = null;
  }

  /**
   * A (re)connect's `ready`: the server has everything through `lastSeq`, and nothing later is
   * on the new socket. Returns a warning when the server lost messages already acknowledged.
   */
  resume(lastSeq: number): LiveWarning | null {
    this.nackWindow = null;
    this.sentThrough = lastSeq;
    if (lastSeq >= this.nextSeq) {
      // The server is ahead of this client: a reloaded page resuming a session. Continue the
      // session's counter instead of sending numbers the server would discard as duplicates.
      this.nextSeq = lastSeq + 1;
    }
    this.forget(lastSeq);
    const firstHeld = this.unacked[0]?.seq;
    return firstHeld !== undefined && firstHeld > lastSeq + 1 ? this.renumberFrom(lastSeq + 1) : null;
  }

  /**
   * `nack {expected}`: says whether to resend from `expected` (false: the nack was caused by a
   * message already on the wire when we resent, so it is not news) and what to warn about.
   * Call after forgetting everything before `expected`.
   */
  nack(expected: number): { resend: boolean; warning: LiveWarning | null } {
    const w = this.nackWindow;
    if (w && w.expected === expected && w.remaining > 0) {
      w.remaining--;
      return { resend: false, warning: null };
    }
    const genuine = w && w.expected === expected ? w.genuine + 1 : 1;
    const firstHeld = this.unacked[0]?.seq;
    let warning: LiveWarning | null = null;
    if (firstHeld === undefined || firstHeld > expected) {
      warning = this.renumberFrom(expected);
    } else if (genuine > MAX_RESENDS_PER_SEQ) {
      warning = this.replaceWithSilence(expected);
    }
    // Every message after `expected` that is already on the wire will answer with this same
    // nack before the resent copy arrives.
    // (the first of them, expected + 1, is the one that produced this nack).
    this.nackWindow = { expected, remaining: Math.max(0, this.sentThrough - expected - 1), genuine };
    return { resend: true, warning };
  }

  /**
   * The server no longer has messages this client already forgot (they were acknowledged,
   * then lost by a server that did not keep them). They cannot be recovered; the messages
   * still held are renumbered to follow on from what the server has, so the stream goes on.
   */
  private renumberFrom(first: number): LiveWarning {
    const firstHeld = this.unacked[0]?.seq ?? this.nextSeq;
    let seq = first;
    for (const m of this.unacked) m.seq = seq++;
    this.nextSeq = seq;
    this.sentThrough = first - 1;
    return {
      kind: "resume_gap",
      detail: `server expects ${first}, client holds from ${firstHeld}; ${firstHeld - first} messages were lost`,
    };
  }

  /**
   * The server keeps refusing message `seq` (it answers `error` without acknowledging it), which
   * would stall everything behind it forever. It is replaced by the smallest valid message, one
   * silent audio sample (62.5 µs) at the same time, and the loss is reported.
   */
  private replaceWithSilence(seq: number): LiveWarning | null {
    const i = this.unacked.findIndex((m) => m.seq === seq);
    const m = this.unacked[i];
    if (!m) return null;
    this.bytes -= m.bytes;
    this.unacked[i] = { kind: "audio", seq, tMs: m.tMs, pcm: new Int16Array(1), bytes: 14 };
    this.bytes += 14;
    return { kind: "skipped_message", detail: `message ${seq} (${m.kind}) was refused ${MAX_RESENDS_PER_SEQ} times` };
  }
}

/** The wire form of a numbered message (docs/live-protocol.md). */
export function encode(m: Numbered): string | ArrayBuffer {
  switch (m.kind) {
    case "audio":
      return encodeAudioFrame(m.seq, m.tMs, m.pcm);
    case "face":
      return JSON.stringify({ type: "face", seq: m.seq, t_ms: m.tMs, features: m.features });
    case "event":
      return JSON.stringify({ type: "event", seq: m.seq, t_ms: m.tMs, name: m.name, question_id: m.questionId });
  }
}
