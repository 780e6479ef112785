/**
 * Optional session recording (issue 7): the candidate's AUDIO only, recorded with MediaRecorder
 * from the room's microphone stream and uploaded to the API in ~5 s chunks, resumably.
 * Video never leaves the browser (DESIGN §8): only the stream's audio tracks are recorded.
 *
 * Protocol (src/moodlens/privacy/router.py):
 *   GET  /v1/sessions/{id}/recording/status   -> {bytes_received, complete}
 *   PUT  /v1/sessions/{id}/recording?offset=N&content_type=... (octet-stream body)
 *        409 with `Upload-Offset: M` -> the server holds M bytes: resume from M
 *   POST /v1/sessions/{id}/recording/complete {total_bytes}
 *
 * The recorded bytes form one stream; each chunk keeps its absolute position in it, so after a
 * 409 the queue resends from exactly the server's offset (or skips bytes it already has).
 */
import {
  ACCEPTED_CONTENT_TYPES,
  baseContentType,
  browserRecorder,
  pickMimeType,
  type RecorderFactory,
  type RecorderLike,
} from "./recorder";
import { describeFailure, postComplete } from "./recordingApi";

export * from "./recorder";

export type RecordingPhase =
  | "starting"
  | "recording"
  | "paused"
  /** Session ended: flushing the recorder and the upload queue, then completing. */
  | "saving"
  | "saved"
  /** Stopped without completing (room left, or the save ran out of time). */
  | "stopped"
  | "failed"
  | "unsupported";

export interface RecordingSnapshot {
  phase: RecordingPhase;
  /** Bytes the server confirmed. */
  uploaded: number;
  /** End of the recorded stream (including bytes from an earlier upload of this session). */
  recorded: number;
  error: string | null;
}

export interface RecordingUploaderOptions {
  sessionId: string;
  /** The microphone stream; only its audio tracks are recorded. */
  stream: MediaStream;
  /** Authenticated fetch (AuthSession.fetch): adds the bearer token, refreshes on 401. */
  fetch: (request: Request) => Promise<Response>;
  baseUrl?: string;
  timesliceMs?: number;
  createRecorder?: RecorderFactory;
  isTypeSupported?: (mimeType: string) => boolean;
  sleep?: (ms: number) => Promise<void>;
  /** Back-off after the n-th consecutive failure (0-based). */
  backoffMs?: (attempt: number) => number;
}

export const DEFAULT_TIMESLICE_MS = 5_000;
export const DEFAULT_FINISH_TIMEOUT_MS = 30_000;

const defaultBackoff = (attempt: number) => Math.min(30_000, 1_000 * 2 ** attempt);
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Chunk {
  start: number;
  blob: Blob;
}

class Fatal extends Error {}

export class RecordingUploader {
  private readonly opts: Required<Omit<RecordingUploaderOptions, "baseUrl">> & { baseUrl: string };
  private recorder: RecorderLike | null = null;
  private contentType = "audio/webm";
  private chunks: Chunk[] = [];
  private produced = 0;
  private confirmed = 0;
  private ready: Promise<void> = Promise.resolve();
  private running = false;
  private halted = false;
  private recorderStopped = false;
  private failures = 0;
  private idleWaiters: (() => void)[] = [];
  private finishing: Promise<RecordingSnapshot> | null = null;
  private state: RecordingSnapshot = { phase: "starting", uploaded: 0, recorded: 0, error: null };
  private readonly listeners = new Set<() => void>();

  constructor(options: RecordingUploaderOptions) {
    this.opts = {
      baseUrl: options.baseUrl ?? globalThis.location?.origin ?? "http://localhost",
      timesliceMs: options.timesliceMs ?? DEFAULT_TIMESLICE_MS,
      createRecorder: options.createRecorder ?? browserRecorder,
      isTypeSupported:
        options.isTypeSupported ?? ((t) => typeof MediaRecorder !== "undefined" && MediaRecorder.isTypeSupported(t)),
      sleep: options.sleep ?? defaultSleep,
      backoffMs: options.backoffMs ?? defaultBackoff,
      sessionId: options.sessionId,
      stream: options.stream,
      fetch: options.fetch,
    };
  }

  // --- state for the UI (useSyncExternalStore-compatible) ---

  snapshot = (): RecordingSnapshot => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<RecordingSnapshot>): void {
    this.state = { ...this.state, uploaded: this.confirmed, recorded: this.produced, ...patch };
    for (const l of this.listeners) l();
  }

  // --- lifecycle ---

  /** Starts recording at once; uploads wait for the server's status (resume after a reload). */
  start(): void {
    if (this.recorder || this.halted) return;
    const mimeType = pickMimeType(this.opts.isTypeSupported);
    let rec: RecorderLike;
    try {
      rec = this.opts.createRecorder(this.opts.stream, mimeType);
    } catch {
      this.halted = true;
      this.set({ phase: "unsupported", error: "This browser cannot record audio." });
      return;
    }
    const type = baseContentType(rec.mimeType || mimeType || "");
    if (!ACCEPTED_CONTENT_TYPES.includes(type)) {
      this.halted = true;
      this.set({
        phase: "unsupported",
        error: `This browser records ${type || "an unknown format"}, which cannot be stored.`,
      });
      return;
    }
    this.contentType = type;
    this.recorder = rec;
    rec.ondata = (blob) => this.onData(blob);
    rec.onstop = () => {
      this.recorderStopped = true;
      this.notifyIfIdle();
    };
    rec.onerror = (message) => this.fail(message);
    this.ready = this.readStatus();
    rec.start(this.opts.timesliceMs);
    this.set({ phase: "recording" });
  }

  pause(): void {
    if (this.recorder?.state === "recording") {
      this.recorder.pause();
      this.set({ phase: "paused" });
    }
  }

  resume(): void {
    if (this.recorder?.state === "paused") {
      this.recorder.resume();
      this.set({ phase: "recording" });
    }
  }

  /**
   * Session end: stop the recorder (it emits its last chunk), wait for the queue for at most
   * `timeoutMs`, then POST /complete once. Idempotent: later calls get the same promise.
   */
  finish(timeoutMs = DEFAULT_FINISH_TIMEOUT_MS): Promise<RecordingSnapshot> {
    if (!this.finishing) this.finishing = this.doFinish(timeoutMs);
    return this.finishing;
  }

  /** Leaving the room without ending: stop recording and uploading (resumable later). */
  abort(): void {
    this.stopRecorder();
    if (!this.halted) {
      this.halted = true;
      if (this.state.phase !== "saved" && this.state.phase !== "failed") this.set({ phase: "stopped" });
    }
    this.notifyIfIdle();
  }

  // --- internals ---

  private async doFinish(timeoutMs: number): Promise<RecordingSnapshot> {
    if (!this.recorder || this.halted) {
      this.stopRecorder();
      return this.state;
    }
    this.set({ phase: "saving" });
    this.stopRecorder();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const drained = await Promise.race([
      this.waitIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (this.state.phase === "failed") return this.state;
    const wasHalted = this.halted;
    this.halted = true;
    if (!drained || wasHalted || this.confirmed < this.produced) {
      this.set({ phase: "stopped", error: "The recording did not finish uploading in time; it was not saved." });
      return this.state;
    }
    if (this.confirmed === 0) {
      this.set({ phase: "stopped", error: "Nothing was recorded." });
      return this.state;
    }
    try {
      await this.complete();
      this.set({ phase: "saved", error: null });
    } catch (err) {
      this.set({ phase: "failed", error: err instanceof Error ? err.message : "The recording could not be saved." });
    }
    return this.state;
  }

  private stopRecorder(): void {
    const rec = this.recorder;
    if (rec && rec.state !== "inactive") rec.stop();
    else this.recorderStopped = true;
  }

  private url(path: string, query?: Record<string, string>): string {
    const u = new URL(`/v1/sessions/${encodeURIComponent(this.opts.sessionId)}/recording${path}`, this.opts.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, v);
    return u.toString();
  }

  /** Where the server's copy ends (a reload of the room continues the same upload). */
  private async readStatus(): Promise<void> {
    try {
      const res = await this.opts.fetch(new Request(this.url("/status")));
      if (!res.ok) return;
      const body = (await res.json()) as { bytes_received?: number; complete?: boolean };
      if (body.complete) {
        this.stopRecorder();
        this.fail("This session's recording is already saved.");
        return;
      }
      const have = body.bytes_received ?? 0;
      if (have > 0 && this.confirmed === 0) {
        // Uploads wait for this, so nothing was sent yet: this room's bytes go after the stored ones.
        this.produced += have;
        this.confirmed = have;
        for (const c of this.chunks) c.start += have;
      }
    } catch {
      // Unknown: start at 0; a 409 with Upload-Offset corrects it.
    }
  }

  private onData(blob: Blob): void {
    if (blob.size === 0) return;
    this.chunks.push({ start: this.produced, blob });
    this.produced += blob.size;
    this.set({});
    this.kick();
  }

  private kick(): void {
    if (this.running || this.halted) return;
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      await this.ready;
      while (!this.halted && this.confirmed < this.produced) {
        await this.uploadNext();
      }
    } catch (err) {
      this.fail(err instanceof Error ? err.message : "The recording upload failed.");
    } finally {
      this.running = false;
      this.notifyIfIdle();
    }
  }

  private async uploadNext(): Promise<void> {
    // Drop what the server already holds.
    this.chunks = this.chunks.filter((c) => c.start + c.blob.size > this.confirmed);
    const chunk = this.chunks[0];
    if (!chunk) return;
    if (chunk.start > this.confirmed) {
      throw new Fatal("Part of the recording was lost before it reached the server.");
    }
    const offset = this.confirmed;
    const body = chunk.start === offset ? chunk.blob : chunk.blob.slice(offset - chunk.start);
    let res: Response;
    try {
      res = await this.opts.fetch(
        new Request(this.url("", { offset: String(offset), content_type: this.contentType }), {
          method: "PUT",
          headers: { "Content-Type": "application/octet-stream" },
          body: await body.arrayBuffer(),
        }),
      );
    } catch {
      return this.backoff();
    }
    if (res.ok) {
      const data = (await res.json().catch(() => null)) as { bytes_received?: number } | null;
      this.confirmed = typeof data?.bytes_received === "number" ? data.bytes_received : offset + body.size;
      this.failures = 0;
      this.set({});
      return;
    }
    if (res.status === 409) {
      const header = res.headers.get("Upload-Offset");
      const serverHas = header === null ? NaN : Number(header);
      if (Number.isInteger(serverHas) && serverHas >= 0 && serverHas !== offset) {
        this.confirmed = serverHas;
        this.set({});
        return;
      }
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) return this.backoff(res);
    throw new Fatal(await describeFailure(res));
  }

  private async backoff(res?: Response): Promise<void> {
    const retryAfter = Number(res?.headers.get("Retry-After") ?? NaN);
    const ms = Number.isFinite(retryAfter) ? retryAfter * 1000 : this.opts.backoffMs(this.failures);
    this.failures += 1;
    await this.opts.sleep(ms);
  }

  private complete(): Promise<void> {
    const wait = (attempt: number) => this.opts.sleep(this.opts.backoffMs(attempt));
    return postComplete(this.opts.fetch, this.url("/complete"), this.confirmed, wait);
  }

  private fail(message: string): void {
    this.halted = true;
    this.stopRecorder();
    this.set({ phase: "failed", error: message });
    this.notifyIfIdle();
  }

  private waitIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.notifyIfIdle();
    });
  }

  private notifyIfIdle(): void {
    const idle = !this.running && this.recorderStopped && (this.halted || this.confirmed >= this.produced);
    if (!idle) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }
}

/** The room's entry point: an uploader only when the session has recording on and a mic. */
export function startSessionRecording(
  session: { recording_enabled?: boolean | null },
  options: RecordingUploaderOptions | (Omit<RecordingUploaderOptions, "stream"> & { stream: MediaStream | null }),
): RecordingUploader | null {
  if (session.recording_enabled !== true || !options.stream) return null;
  const uploader = new RecordingUploader({ ...options, stream: options.stream });
  uploader.start();
  return uploader;
}
