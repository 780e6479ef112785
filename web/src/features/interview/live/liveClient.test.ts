import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveClient, liveStreamUrl, type ConnectionState, type SocketLike } from "./liveClient";
import { decodeAudioFrame } from "./protocol";
import type { FaceWindowFeatures } from "../face/windows";

/** Test double of the browser WebSocket: records what was sent, lets the test play the server. */
class FakeSocket implements SocketLike {
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

const FEATURES: FaceWindowFeatures = {
  face_present_ratio: 1,
  yaw: 1,
  pitch: 2,
  roll: 3,
  gaze_on_camera: 0.9,
  movement_energy: 0.05,
  smile: 0.1,
};

function setup(options: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}) {
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

const pcm = (n = 800, v = 1) => new Int16Array(n).fill(v);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("LiveClient: connecting", () => {
  it("sends the token as the first message, then goes live on ready", async () => {
    const { client, socket, states, goLive } = setup();
    client.connect();
    expect(states.at(-1)).toEqual({ status: "connecting", attempt: 1 });
    expect(socket().binaryType).toBe("arraybuffer");
    await goLive();
    expect(JSON.parse(socket().sent[0] as string)).toEqual({ type: "auth", token: "token-0123456789" });
    expect(client.getState()).toEqual({ status: "live", resumed: false });
  });

  it("builds the stream URL on the page's origin, ws or wss", () => {
    expect(liveStreamUrl("s 1", "http://localhost:8000")).toBe("ws://localhost:8000/v1/sessions/s%201/stream");
    expect(liveStreamUrl("abc", "https://coach.example")).toBe("wss://coach.example/v1/sessions/abc/stream");
  });

  it("stops for good on 4404 and 4409", async () => {
    for (const code of [4404, 4409, 4403]) {
      const { client, socket, sockets } = setup();
      client.connect();
      socket().open();
      socket().drop(code, "nope");
      expect(client.getState()).toMatchObject({ status: "failed", code });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
    }
  });

  it("refreshes the token after 4401 and reconnects", async () => {
    const { client, socket, sockets, getToken, goLive } = setup();
    client.connect();
    socket().open();
    await vi.waitFor(() => expect(socket().sent).toHaveLength(1));
    socket().drop(4401, "token expired");
    expect(client.getState()).toMatchObject({ status: "reconnecting" });
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    await goLive();
    expect(getToken).toHaveBeenLastCalledWith(true);
    expect(JSON.parse(socket().sent[0] as string).token).toBe("fresh-token-0123456789");
  });

  it("gives up when signed out (no token)", async () => {
    const { client, socket } = setup({ getToken: async () => null });
    client.connect();
    socket().open();
    await vi.waitFor(() => expect(client.getState()).toMatchObject({ status: "failed", code: 4401 }));
  });

  it("reconnects when ready does not come", async () => {
    const { client, socket, sockets } = setup({ readyTimeoutMs: 3000 });
    client.connect();
    socket().open();
    await vi.waitFor(() => expect(socket().sent).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(3000);
    expect(sockets[0]!.closedWith).not.toBeNull();
    expect(client.getState()).toMatchObject({ status: "reconnecting" });
  });
});

describe("LiveClient: sequence numbers and acknowledgements", () => {
  it("numbers audio, face and event messages with one counter and encodes the audio header", async () => {
    const { client, socket, goLive } = setup();
    client.connect();
    await goLive();
    client.sendAudio(pcm(4, 7), 1234.5);
    client.sendFace(1000, FEATURES);
    client.sendEvent(1300, "answer_started", "q-1");
    client.sendAudio(pcm(2), 1300);
    expect(socket().seqs()).toEqual([0, 1, 2, 3]);
    const audio = decodeAudioFrame(socket().sent[1] as ArrayBuffer);
    expect(audio).toEqual({ seq: 0, tMs: 1234.5, pcm: Int16Array.from([7, 7, 7, 7]) });
    expect((socket().sent[1] as ArrayBuffer).byteLength).toBe(12 + 8);
    expect(JSON.parse(socket().sent[2] as string)).toEqual({ type: "face", seq: 1, t_ms: 1000, features: FEATURES });
    expect(JSON.parse(socket().sent[3] as string)).toEqual({
      type: "event",
      seq: 2,
      t_ms: 1300,
      name: "answer_started",
      question_id: "q-1",
    });
  });

  it("queues while connecting and keeps messages until they are acknowledged", async () => {
    const { client, socket, goLive } = setup();
    client.sendAudio(pcm(), 0);
    client.sendAudio(pcm(), 50);
    client.connect();
    await goLive();
    expect(socket().seqs()).toEqual([0, 1]);
    client.sendAudio(pcm(), 100);
    expect(client.stats()).toMatchObject({ unacked: 3, ackedThrough: -1 });
    socket().reply({ type: "ack", seq: 1 });
    expect(client.stats()).toMatchObject({ unacked: 1, ackedThrough: 1, nextSeq: 3 });
  });

  it("resends everything after the server's last_seq after a reconnect, in order", async () => {
    const { client, socket, sockets, goLive, states } = setup();
    client.connect();
    await goLive();
    for (let i = 0; i < 5; i++) client.sendAudio(pcm(), i * 50);
    socket().reply({ type: "ack", seq: 1 });
    socket().drop(1006);
    // Captured while offline: queued, not yet numbered.
    client.sendAudio(pcm(), 250);
    expect(states.at(-1)).toEqual({
      status: "reconnecting",
      attempt: 1,
      retryInMs: 500,
      reason: "connection closed (1006)",
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    // The server had ingested up to 2 (its ack for 2 was lost with the connection).
    await goLive(2, true);
    expect(socket().seqs()).toEqual([3, 4, 5]);
    expect(client.getState()).toEqual({ status: "live", resumed: true });
  });

  it("backs off exponentially up to the cap, and resets after a successful connect", async () => {
    const { client, socket, states, goLive } = setup({ backoff: { initialMs: 500, maxMs: 4000, factor: 2 } });
    client.connect();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      socket().drop(1006);
      const s = states.at(-1)!;
      if (s.status === "reconnecting") delays.push(s.retryInMs);
      await vi.advanceTimersByTimeAsync(delays.at(-1)!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000]);
    await goLive();
    socket().drop(1006);
    expect(states.at(-1)).toMatchObject({ status: "reconnecting", retryInMs: 500 });
  });

  it("uses jitter between 50 and 100 % of the nominal delay", async () => {
    const { client, socket, states } = setup({ random: () => 0 });
    client.connect();
    socket().drop(1006);
    expect(states.at(-1)).toMatchObject({ retryInMs: 250 });
  });

  it("continues the session's counter when the server is ahead (a reloaded page)", async () => {
    const { client, socket, goLive } = setup();
    client.connect();
    await goLive(4999, true);
    client.sendAudio(pcm(), 0);
    expect(socket().seqs()).toEqual([5000]);
  });

  it("renumbers held messages when the server lost acknowledged ones, and warns", async () => {
    const { client, socket, goLive } = setup();
    const warnings: string[] = [];
    client.on("warning", (w) => warnings.push(w.kind));
    client.connect();
    await goLive();
    for (let i = 0; i < 6; i++) client.sendAudio(pcm(), i * 50);
    socket().reply({ type: "ack", seq: 3 });
    socket().drop(1006);
    await vi.advanceTimersByTimeAsync(500);
    // Another server instance only has up to 1; 2 and 3 were acknowledged and forgotten.
    await goLive(1, true);
    expect(warnings).toEqual(["resume_gap"]);
    expect(socket().seqs()).toEqual([2, 3]);
    client.sendAudio(pcm(), 300);
    expect(socket().seqs()).toEqual([2, 3, 4]);
  });
});

describe("LiveClient: nack", () => {
  it("resends from the expected seq once, ignoring the nacks already on their way", async () => {
    const { client, socket, goLive } = setup();
    client.connect();
    await goLive();
    for (let i = 0; i < 6; i++) client.sendAudio(pcm(), i * 50);
    // The server lost 2 (say it refused it): 3, 4 and 5 each produce "expected 2".
    socket().reply({ type: "ack", seq: 1 });
    socket().sent = [];
    socket().reply({ type: "nack", expected: 2 });
    socket().reply({ type: "nack", expected: 2 });
    socket().reply({ type: "nack", expected: 2 });
    expect(socket().seqs()).toEqual([2, 3, 4, 5]);
    socket().reply({ type: "ack", seq: 5 });
    expect(client.stats().unacked).toBe(0);
  });

  it("replaces a message the server keeps refusing, so the stream does not stall", async () => {
    const { client, socket, goLive } = setup();
    const warnings: string[] = [];
    client.on("warning", (w) => warnings.push(w.kind));
    client.connect();
    await goLive();
    client.sendFace(0, FEATURES); // seq 0: the server refuses it every time
    client.sendAudio(pcm(), 0); // seq 1
    for (let round = 0; round < 4; round++) {
      socket().reply({ type: "error", error: "BadMessage", detail: "refused" });
      socket().reply({ type: "nack", expected: 0 }); // from seq 1 (resent each round)
    }
    expect(warnings).toEqual(["skipped_message"]);
    const last = socket().sent.at(-2)!;
    expect(typeof last).not.toBe("string");
    expect(decodeAudioFrame(last as ArrayBuffer)).toMatchObject({ seq: 0, pcm: new Int16Array(1) });
  });
});

describe("LiveClient: bounded buffer and back-pressure", () => {
  it("drops the oldest unsent audio first, keeps events, and reports it", async () => {
    // Room for about 5 frames of 800 samples (1612 bytes each).
    const { client } = setup({ maxBufferedBytes: 1612 * 5 });
    const overflow: number[] = [];
    client.on("overflow", (o) => overflow.push(o.droppedAudioMs));
    client.sendEvent(0, "question_shown", "q-1");
    for (let i = 0; i < 8; i++) client.sendAudio(pcm(), i * 50);
    const stats = client.stats();
    expect(stats.bufferedBytes).toBeLessThanOrEqual(1612 * 5);
    expect(stats.droppedAudioMs).toBe(200);
    expect(overflow.at(-1)).toBe(200);
  });

  it("sends the event and the newest audio after an overflow, with no gap in seq", async () => {
    const { client, socket, goLive } = setup({ maxBufferedBytes: 1612 * 3 + 160 });
    client.sendEvent(0, "answer_started", "q-1");
    for (let i = 0; i < 6; i++) client.sendAudio(pcm(800, i), i * 50);
    client.connect();
    await goLive();
    expect(socket().seqs()).toEqual([0, 1, 2, 3]);
    expect(JSON.parse(socket().sent[1] as string).name).toBe("answer_started");
    const values = socket()
      .sent.slice(2)
      .map((m) => decodeAudioFrame(m as ArrayBuffer).pcm[0]);
    expect(values).toEqual([3, 4, 5]);
  });

  it("holds data back while the socket's own buffer is full", async () => {
    const { client, socket, goLive } = setup({ maxSocketBufferedBytes: 1000 });
    client.connect();
    await goLive();
    socket().bufferedAmount = 5000;
    client.sendAudio(pcm(), 0);
    client.sendAudio(pcm(), 50);
    expect(socket().seqs()).toEqual([]);
    expect(client.stats().queued).toBe(2);
    socket().bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(50);
    expect(socket().seqs()).toEqual([0, 1]);
  });
});

describe("LiveClient: liveness, events, draining", () => {
  it("replaces a connection that stops acknowledging", async () => {
    const { client, socket, sockets, goLive } = setup({ ackTimeoutMs: 5000 });
    client.connect();
    await goLive();
    client.sendAudio(pcm(), 0);
    await vi.advanceTimersByTimeAsync(6000);
    expect(sockets[0]!.closedWith).toMatchObject({ code: 4000 });
    expect(client.getState()).toMatchObject({ status: "reconnecting" });
    await vi.advanceTimersByTimeAsync(500);
    await goLive(-1, true);
    expect(socket().seqs()).toEqual([0]);
  });

  it("does not time out an idle connection with nothing owed", async () => {
    const { client, sockets, goLive } = setup({ ackTimeoutMs: 5000 });
    client.connect();
    await goLive();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.getState().status).toBe("live");
  });

  it("emits cues, transcripts, saved answers and server errors", async () => {
    const { client, socket, goLive } = setup();
    const seen: string[] = [];
    client.on("cue", (c) => seen.push(`cue:${c.cue}:${c.level}`));
    client.on("transcript", (t) => seen.push(`transcript:${t.text}:${t.words.length}`));
    client.on("answerSaved", (a) => seen.push(`saved:${a.response_id}`));
    client.on("serverError", (e) => seen.push(`error:${e.error}`));
    client.connect();
    await goLive();
    socket().reply({
      type: "cue",
      cue: "pace",
      level: "warn",
      value: 190,
      message: "Slow down a little.",
      t_ms: 5000,
      latency_ms: 40,
    });
    socket().reply({
      type: "transcript",
      question_id: null,
      start_ms: 0,
      end_ms: 900,
      text: "um hello",
      words: [
        { text: "um", start_ms: 0, end_ms: 300 },
        { text: "hello", start_ms: 400, end_ms: 900 },
      ],
      latency_ms: 800,
    });
    socket().reply({ type: "answer_saved", question_id: "q", response_id: "r" });
    socket().reply({ type: "error", error: "BadMessage", detail: "x" });
    socket().onmessage?.({ data: "not json" });
    expect(seen).toEqual(["cue:pace:warn", "transcript:um hello:2", "saved:r", "error:BadMessage"]);
  });

  it("drain resolves once everything is acknowledged", async () => {
    const { client, socket, goLive } = setup();
    client.connect();
    await goLive();
    client.sendAudio(pcm(), 0);
    client.sendEvent(10, "answer_ended", "q");
    const drained = client.drain(5000);
    socket().reply({ type: "ack", seq: 1 });
    await expect(drained).resolves.toBe(true);
    client.sendAudio(pcm(), 60);
    const late = client.drain(1000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(late).resolves.toBe(false);
  });

  it("close() stops reconnecting and ignores later sends", async () => {
    const { client, socket, sockets, goLive } = setup();
    client.connect();
    await goLive();
    client.close();
    expect(socket().closedWith).toEqual({ code: 1000, reason: "client closed" });
    client.sendAudio(pcm(), 0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.stats().queued).toBe(0);
    expect(client.getState()).toEqual({ status: "closed" });
  });
});
