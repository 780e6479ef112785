/**
 * The parts of the live connection that need no client state: the stream's URL, the options'
 * defaults, which close codes are final, the reconnect back-off, and socket clean-up.
 */
import type { LiveClientOptions, SocketLike } from "./liveTypes";

/** WebSocket.OPEN (a test double has no WebSocket global to read it from). */
export const OPEN = 1;

/** Close codes after which reconnecting cannot help. */
export const FINAL_CLOSE: Record<number, string> = {
  4403: "This page's origin is not allowed to stream to the server.",
  4404: "This practice session does not exist.",
  4409: "This practice session is no longer live.",
};

export type ResolvedOptions = Required<Omit<LiveClientOptions, "createSocket">> & {
  createSocket: (url: string) => SocketLike;
};

export function liveStreamUrl(sessionId: string, origin: string = window.location.origin): string {
  const url = new URL(`/v1/sessions/${encodeURIComponent(sessionId)}/stream`, origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export function withDefaults(options: LiveClientOptions): ResolvedOptions {
  return {
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

/** The wait before reconnect attempt `attempt + 1`, after `attempt` attempts failed. */
export function backoffDelay(opts: Pick<ResolvedOptions, "backoff" | "random">, attempt: number): number {
  const { initialMs, maxMs, factor } = opts.backoff;
  const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  // Jitter (50-100 %) keeps many clients dropped by one server restart from returning at once.
  return Math.round(base * (0.5 + 0.5 * opts.random()));
}

/** Stops listening to a socket, so a late event from it cannot touch the client. */
export function detach(socket: SocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}

export function closeQuietly(socket: SocketLike, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // Already closing: nothing to do.
  }
}
