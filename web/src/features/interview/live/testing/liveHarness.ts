/** The live client's test harness: a WebSocket double the test plays the server with. */
import { expect, vi } from "vitest";
import { LiveClient, type ConnectionState, type SocketLike } from "../liveClient";
import { decodeAudioFrame } from "../protocol";
import type { FaceWindowFeatures } from "../../face/windows";

/** Test double of the browser WebSocket: records what was sent, lets the test play the server. */
export class FakeSocket implements SocketLike {
  binaryType = "blob";
  readyState = 0;
  bufferedAmount = 0;
  sent: Array<string | ArrayBuffer> = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  // --- server side ---
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  /** Sequence numbers of the data messages sent (auth excluded), in order. */
  seqs(): number[] {
    return this.sent.flatMap((m) => {
      if (typeof m !== "string") return [decodeAudioFrame(m).seq];
      const parsed = JSON.parse(m) as { type: string; seq?: number };
      return parsed.type === "auth" ? [] : [parsed.seq!];
    });
  }
}

export const FEATURES: FaceWindowFeatures = {
  face_present_ratio: 1,
  yaw: 1,
  pitch: 2,
  roll: 3,
  gaze_on_camera: 0.9,
  movement_energy: 0.05,
  smile: 0.1,
};

export function setup(options: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}) {
  const sockets: FakeSocket[] = [];
  const getToken = vi.fn(async (force: boolean) => (force ? "fresh-token-0123456789" : "token-0123456789"));
  const client = new LiveClient({
    url: "ws://example.test/v1/sessions/abc/stream",
    getToken,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    random: () => 1, // no jitter: delays are the nominal back-off
    ...options,
  });
  const states: ConnectionState[] = [];
  client.on("state", (s) => states.push(s));
  const socket = () => sockets[sockets.length - 1]!;
  /** Open the current socket, let the auth go out, answer ready. */
  const goLive = async (lastSeq = -1, resumed = false) => {
    socket().open();
    await vi.waitFor(() => expect(socket().sent.length).toBeGreaterThan(0));
    socket().reply({ type: "ready", last_seq: lastSeq, resumed });
  };
  return { client, sockets, socket, getToken, states, goLive };
}

export const pcm = (n = 800, v = 1) => new Int16Array(n).fill(v);
