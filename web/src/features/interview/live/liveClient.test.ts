import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { liveStreamUrl } from "./liveClient";
import { decodeAudioFrame } from "./protocol";
import { FEATURES, pcm, setup } from "./testing/liveHarness";

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
