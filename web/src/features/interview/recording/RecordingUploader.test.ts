import { describe, expect, it, vi } from "vitest";
import {
  RecordingUploader,
  baseContentType,
  startSessionRecording,
  type RecorderLike,
  type RecordingUploaderOptions,
} from "./RecordingUploader";

/** Test double of MediaRecorder: the test emits chunks by hand. */
class FakeRecorder implements RecorderLike {
  state: RecorderLike["state"] = "inactive";
  timeslice: number | null = null;
  ondata: ((blob: Blob) => void) | null = null;
  onstop: (() => void) | null = null;
  onerror: ((message: string) => void) | null = null;
  /** Emitted by stop(), like MediaRecorder's last dataavailable. */
  finalChunk: string | null = null;
  constructor(readonly mimeType: string) {}
  start(ms: number) {
    this.state = "recording";
    this.timeslice = ms;
  }
  pause() {
    this.state = "paused";
  }
  resume() {
    this.state = "recording";
  }
  stop() {
    this.state = "inactive";
    if (this.finalChunk !== null) this.ondata?.(new Blob([this.finalChunk]));
    this.onstop?.();
  }
  emit(text: string) {
    this.ondata?.(new Blob([text]));
  }
}

interface Put {
  offset: number;
  contentType: string | null;
  body: string;
  auth: string | null;
}

/** Test double of the API: an in-memory recording with the server's offset rules. */
class FakeServer {
  stored = "";
  puts: Put[] = [];
  completes: unknown[] = [];
  statusCalls = 0;
  /** Responses to use instead of the normal handling, consumed in order. */
  script: (((req: Request) => Response | Promise<Response>) | "network-error")[] = [];

  fetch = vi.fn(async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    if (path.endsWith("/recording/status")) {
      this.statusCalls += 1;
      return json({ bytes_received: this.stored.length, complete: false });
    }
    if (path.endsWith("/recording/complete")) {
      this.completes.push(await req.json());
      return json({ bytes_received: this.stored.length, complete: true });
    }
    const next = this.script.shift();
    if (next === "network-error") throw new TypeError("Failed to fetch");
    if (next) return next(req);
    const offset = Number(url.searchParams.get("offset"));
    const body = await req.text();
    this.puts.push({
      offset,
      contentType: url.searchParams.get("content_type"),
      body,
      auth: req.headers.get("Authorization"),
    });
    if (offset !== this.stored.length) return conflict(this.stored.length);
    this.stored += body;
    return json({ bytes_received: this.stored.length, complete: false });
  });
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function conflict(size: number): Response {
  return new Response(JSON.stringify({ error: "UploadOffsetMismatch", detail: `resume from ${size}` }), {
    status: 409,
    headers: { "Content-Type": "application/json", "Upload-Offset": String(size) },
  });
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

function setup(overrides: Partial<RecordingUploaderOptions> = {}) {
  const server = new FakeServer();
  let recorder: FakeRecorder | null = null;
  const sleeps: number[] = [];
  const createRecorder = vi.fn((_stream: MediaStream, mime: string | undefined) => {
    recorder = new FakeRecorder(mime ?? "audio/webm");
    return recorder;
  });
  const options: RecordingUploaderOptions = {
    sessionId: "s-1",
    stream: {} as MediaStream,
    fetch: (req) => {
      // Stands in for AuthSession.fetch, which adds the bearer token.
      const authed = new Request(req);
      authed.headers.set("Authorization", "Bearer t0k");
      return server.fetch(authed);
    },
    baseUrl: "http://app.test",
    createRecorder,
    isTypeSupported: (t) => t === "audio/webm;codecs=opus",
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
  const uploader = new RecordingUploader(options);
  return { server, uploader, createRecorder, sleeps, rec: () => recorder!, options };
}

describe("RecordingUploader", () => {
  it("records audio/webm;codecs=opus in 5 s slices and uploads chunks in order at the right offsets", async () => {
    const { server, uploader, rec } = setup();
    uploader.start();
    expect(rec().mimeType).toBe("audio/webm;codecs=opus");
    expect(rec().timeslice).toBe(5_000);
    rec().emit("aaaa");
    rec().emit("bb");
    rec().emit("cccccc");
    await flush();
    expect(server.puts.map((p) => [p.offset, p.body])).toEqual([
      [0, "aaaa"],
      [4, "bb"],
      [6, "cccccc"],
    ]);
    expect(server.puts.every((p) => p.contentType === "audio/webm" && p.auth === "Bearer t0k")).toBe(true);
    expect(server.stored).toBe("aaaabbcccccc");
    expect(uploader.snapshot()).toMatchObject({ phase: "recording", uploaded: 12, recorded: 12 });
  });

  it("after a lost response, the 409's Upload-Offset resumes after the bytes the server has", async () => {
    const { server, uploader, rec } = setup();
    // The first PUT reaches the server and is stored, but its response is lost.
    server.script.push(async (req) => {
      server.stored += await req.text();
      throw new TypeError("Failed to fetch");
    });
    uploader.start();
    rec().emit("aaaa");
    rec().emit("bbbb");
    await flush();
    expect(server.puts.map((p) => [p.offset, p.body])).toEqual([
      [0, "aaaa"], // retry of the lost one: 409, Upload-Offset: 4
      [4, "bbbb"],
    ]);
    expect(server.stored).toBe("aaaabbbb");
    expect(uploader.snapshot()).toMatchObject({ uploaded: 8, recorded: 8 });
  });

  it("on a 409 inside a chunk sends only the bytes the server does not have", async () => {
    const { server, uploader, rec } = setup();
    uploader.start();
    await flush();
    server.stored = "abc"; // e.g. another tab of this session got there first
    rec().emit("abcdef");
    await flush();
    expect(server.puts.map((p) => [p.offset, p.body])).toEqual([
      [0, "abcdef"], // 409, Upload-Offset: 3
      [3, "def"],
    ]);
    expect(server.stored).toBe("abcdef");
  });

  it("retries with back-off after network errors and server errors", async () => {
    const { server, uploader, rec, sleeps } = setup();
    server.script.push("network-error", () => json({ error: "X", detail: "down" }, 503));
    uploader.start();
    rec().emit("hello");
    await flush();
    expect(sleeps).toEqual([1_000, 2_000]);
    expect(server.stored).toBe("hello");
  });

  it("pausing pauses the recorder", () => {
    const { uploader, rec } = setup();
    uploader.start();
    uploader.pause();
    expect(rec().state).toBe("paused");
    expect(uploader.snapshot().phase).toBe("paused");
    uploader.resume();
    expect(rec().state).toBe("recording");
  });

  it("on finish flushes the recorder, waits for the queue and completes once after the last chunk", async () => {
    const { server, uploader, rec } = setup();
    uploader.start();
    rec().emit("one-");
    rec().finalChunk = "last";
    const phases: string[] = [];
    uploader.subscribe(() => phases.push(uploader.snapshot().phase));
    const done = uploader.finish();
    const again = uploader.finish();
    const result = await done;
    expect(await again).toBe(result);
    expect(result.phase).toBe("saved");
    expect(phases).toContain("saving");
    expect(server.stored).toBe("one-last");
    expect(server.completes).toEqual([{ total_bytes: 8 }]);
    // /complete came after the last PUT.
    const calls = server.fetch.mock.calls.map(([r]) => `${r.method} ${new URL(r.url).pathname}`);
    expect(calls.at(-1)).toBe("POST /v1/sessions/s-1/recording/complete");
    expect(calls.filter((c) => c.startsWith("PUT"))).toHaveLength(2);
  });

  it("does not complete when the queue cannot drain within the bounded wait", async () => {
    vi.useFakeTimers();
    try {
      const { server, uploader, rec } = setup({ sleep: () => new Promise(() => {}) });
      server.script.push("network-error");
      uploader.start();
      rec().emit("data");
      const done = uploader.finish(30_000);
      await vi.advanceTimersByTimeAsync(30_001);
      const result = await done;
      expect(result.phase).toBe("stopped");
      expect(server.completes).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("continues after the stored bytes when the room is reloaded mid-upload", async () => {
    const { server, uploader, rec } = setup();
    server.stored = "old!";
    uploader.start();
    rec().emit("new");
    await flush();
    expect(server.puts.map((p) => [p.offset, p.body])).toEqual([[4, "new"]]);
  });

  it("stops on a 409 without Upload-Offset (recording off or already complete)", async () => {
    const { server, uploader, rec } = setup();
    server.script.push(() => json({ error: "RecordingDisabled", detail: "Recording is off for this session." }, 409));
    uploader.start();
    rec().emit("x");
    await flush();
    expect(uploader.snapshot()).toMatchObject({ phase: "failed", error: "Recording is off for this session." });
    expect(rec().state).toBe("inactive");
  });

  it("refuses formats the API cannot store", () => {
    const { uploader, createRecorder } = setup({
      isTypeSupported: () => false,
      createRecorder: () => new FakeRecorder("audio/mp4"),
    });
    uploader.start();
    expect(uploader.snapshot().phase).toBe("unsupported");
    expect(createRecorder).not.toHaveBeenCalled();
    expect(baseContentType("audio/webm;codecs=opus")).toBe("audio/webm");
  });
});

describe("startSessionRecording", () => {
  it("creates no uploader, recorder or request when recording is off", async () => {
    const { server, options, createRecorder } = setup();
    expect(startSessionRecording({ recording_enabled: false }, options)).toBeNull();
    expect(startSessionRecording({}, options)).toBeNull();
    expect(startSessionRecording({ recording_enabled: true }, { ...options, stream: null })).toBeNull();
    await flush();
    expect(createRecorder).not.toHaveBeenCalled();
    expect(server.fetch).not.toHaveBeenCalled();
  });

  it("starts recording when the session has recording on", () => {
    const { options, createRecorder } = setup();
    const uploader = startSessionRecording({ recording_enabled: true }, options);
    expect(uploader).not.toBeNull();
    expect(createRecorder).toHaveBeenCalledTimes(1);
    expect(uploader!.snapshot().phase).toBe("recording");
    uploader!.abort();
  });
});
