import type { components } from "../client/schema";

export type ErrorBody = components["schemas"]["ErrorBody"];

/** A response from the API that was not a success. Carries the server's `{error, detail}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | null;
  /** Seconds from the Retry-After header (429), when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, body: ErrorBody | null, retryAfterSeconds: number | null = null) {
    super(body?.detail ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 422 field messages keyed by the field name ("body.password" -> "password"). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.body?.fields ?? []) {
      const parts = f.loc.split(".");
      // The server prefixes the request part ("body", "query"); a bare "body" is form-level.
      const name = parts.length > 1 ? parts[parts.length - 1] : undefined;
      if (name !== undefined && !(name in out)) out[name] = f.msg;
    }
    return out;
  }
}

/** The request never got an answer (offline, server down, CORS, aborted). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("Network request failed", { cause });
    this.name = "NetworkError";
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { error?: unknown }).error === "string" &&
    typeof (value as { detail?: unknown }).detail === "string"
  );
}

export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  // Retry-After may also be an HTTP date.
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function apiErrorFrom(response: Response, body: unknown): ApiError {
  return new ApiError(
    response.status,
    isErrorBody(body) ? body : null,
    parseRetryAfter(response.headers.get("Retry-After")),
  );
}

/**
 * Turns openapi-fetch's `{data, error, response}` into a value or a thrown ApiError, so that
 * TanStack Query and form handlers deal with one kind of failure.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!result.response.ok) throw apiErrorFrom(result.response, result.error);
  // 204 has no body; callers of such endpoints type T as undefined/void.
  return result.data as T;
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** One sentence a person can act on, for any failure. */
export function describeError(err: unknown): string {
  if (err instanceof NetworkError) {
    return "MoodLens could not be reached. Check your connection and try again.";
  }
  if (err instanceof ApiError) {
    if (err.status === 429) {
      return err.retryAfterSeconds !== null
        ? `Too many attempts. Please wait ${formatWait(err.retryAfterSeconds)} and try again.`
        : "Too many attempts. Please wait a moment and try again.";
    }
    if (err.status >= 500) {
      return "Something went wrong on our side. Please try again in a moment.";
    }
    if (err.body) return err.body.detail;
    return `The request failed (status ${err.status}).`;
  }
  return "Something unexpected went wrong. Please try again.";
}
