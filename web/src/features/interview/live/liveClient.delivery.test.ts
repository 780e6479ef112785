import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeAudioFrame } from "./protocol";
import { FEATURES, pcm, setup } from "./testing/liveHarness";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
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
