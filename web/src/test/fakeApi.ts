import type { TokenResponse, User } from "../client/types";

/** A scripted stand-in for the HTTP API: route handlers by "METHOD /path", with a call log. */
export type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeApi {
  fetch: (request: Request) => Promise<Response>;
  on(route: string, handler: Handler): void;
  calls: { route: string; authorization: string | null; body: string }[];
  count(route: string): number;
}

export const BASE_URL = "http://localhost:3000";

export function createFakeApi(): FakeApi {
  const handlers = new Map<string, Handler>();
  const calls: FakeApi["calls"] = [];
  return {
    calls,
    on(route, handler) {
      handlers.set(route, handler);
    },
    count(route) {
      return calls.filter((c) => c.route === route).length;
    },
    async fetch(request) {
      const url = new URL(request.url);
      const route = `${request.method} ${url.pathname}`;
      const body = request.body ? await request.clone().text() : "";
      calls.push({ route, authorization: request.headers.get("Authorization"), body });
      const handler = handlers.get(route);
      if (!handler) return json(404, { error: "NotFound", detail: `no fake for ${route}` });
      return handler(request);
    },
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export const testUser: User = {
  id: "7d5e1b1e-5a3e-4a57-9a55-2b0d8c0f6a10",
  email: "ada@example.com",
  full_name: "Ada Lovelace",
  role: "candidate",
  created_at: "2025-01-01T00:00:00Z",
} as User;

let counter = 0;
/** A fresh token pair each call, like the real server's rotation. */
export function tokens(user: User = testUser): TokenResponse {
  counter += 1;
  return {
    access_token: `access-${counter}`,
    refresh_token: `refresh-${counter}`,
    token_type: "bearer",
    expires_in: 900,
    user,
  } as TokenResponse;
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
