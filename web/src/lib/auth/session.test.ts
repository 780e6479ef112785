import { describe, expect, it } from "vitest";
import createClient from "openapi-fetch";
import type { paths } from "../../client/schema";
import { BASE_URL, createFakeApi, deferred, json, testUser, tokens, type FakeApi } from "../../test/fakeApi";
import { AuthSession } from "./session";
import { memoryRefreshTokenStorage, type RefreshTokenStorage } from "./tokenStorage";

function setup(opts: { storedRefresh?: string | null; locks?: Pick<LockManager, "request"> } = {}) {
  const api = createFakeApi();
  const storage = memoryRefreshTokenStorage(opts.storedRefresh ?? null);
  const session = new AuthSession({ storage, baseUrl: BASE_URL, fetch: api.fetch, locks: opts.locks ?? null });
  const client = createClient<paths>({ baseUrl: BASE_URL, fetch: session.fetch });
  return { api, storage, session, client };
}

async function signIn(api: FakeApi, session: AuthSession) {
  const first = tokens();
  api.on("POST /v1/auth/login", () => json(200, first));
  await session.login({ email: "ada@example.com", password: "correct horse battery" });
  return first;
}

const page = { items: [], total: 0, page: 1, page_size: 20 };

describe("AuthSession tokens", () => {
  it("keeps the access token in memory and only the refresh token in storage", async () => {
    const { api, session, storage } = setup();
    const issued = await signIn(api, session);

    expect(storage.get()).toBe(issued.refresh_token);
    expect(session.hasAccessToken()).toBe(true);
    expect(session.getState()).toEqual({ status: "signedIn", user: testUser });
  });

  it("sends the access token as a bearer header", async () => {
    const { api, session, client } = setup();
    const issued = await signIn(api, session);
    api.on("GET /v1/sessions", () => json(200, page));

    const res = await client.GET("/v1/sessions");

    expect(res.data).toEqual(page);
    expect(api.calls.at(-1)?.authorization).toBe(`Bearer ${issued.access_token}`);
  });
});

describe("AuthSession refresh on 401", () => {
  it("refreshes once and retries the request with the new token", async () => {
    const { api, session, client, storage } = setup();
    await signIn(api, session);
    const renewed = tokens();
    api.on("POST /v1/auth/refresh", () => json(200, renewed));
    api.on("GET /v1/sessions", (req) =>
      req.headers.get("Authorization") === `Bearer ${renewed.access_token}`
        ? json(200, page)
        : json(401, { error: "Unauthorized", detail: "Token expired" }),
    );

    const res = await client.GET("/v1/sessions");

    expect(res.response.status).toBe(200);
    expect(api.count("POST /v1/auth/refresh")).toBe(1);
    expect(storage.get()).toBe(renewed.refresh_token);
  });

  it("shares one refresh among concurrent requests (single flight)", async () => {
    const { api, session, client } = setup();
    const issued = await signIn(api, session);
    const renewed = tokens();
    const gate = deferred<void>();
    api.on("POST /v1/auth/refresh", async (req) => {
      expect(await req.json()).toEqual({ refresh_token: issued.refresh_token });
      await gate.promise;
      return json(200, renewed);
    });
    api.on("GET /v1/sessions", (req) =>
      req.headers.get("Authorization") === `Bearer ${renewed.access_token}`
        ? json(200, page)
        : json(401, { error: "Unauthorized", detail: "Token expired" }),
    );

    const all = Promise.all([client.GET("/v1/sessions"), client.GET("/v1/sessions"), client.GET("/v1/sessions")]);
    // Let all three fail and queue behind the refresh before it answers.
    await new Promise((r) => setTimeout(r, 10));
    gate.resolve();
    const results = await all;

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(api.count("POST /v1/auth/refresh")).toBe(1);
    expect(api.count("GET /v1/sessions")).toBe(6);
  });

  it("resends the request body on retry", async () => {
    const { api, session } = setup();
    await signIn(api, session);
    const renewed = tokens();
    api.on("POST /v1/auth/refresh", () => json(200, renewed));
    const bodies: string[] = [];
    api.on("POST /v1/things", async (req) => {
      bodies.push(await req.text());
      return req.headers.get("Authorization") === `Bearer ${renewed.access_token}`
        ? json(201, { ok: true })
        : json(401, { error: "Unauthorized", detail: "expired" });
    });

    const res = await session.fetch(
      new Request(`${BASE_URL}/v1/things`, { method: "POST", body: JSON.stringify({ a: 1 }) }),
    );

    expect(res.status).toBe(201);
    expect(api.calls.filter((c) => c.route === "POST /v1/things").map((c) => c.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  it("signs out as expired on a 401 after a successful refresh", async () => {
    const { api, session, client, storage } = setup();
    await signIn(api, session);
    api.on("POST /v1/auth/refresh", () => json(200, tokens()));
    api.on("GET /v1/sessions", () => json(401, { error: "Unauthorized", detail: "nope" }));

    const res = await client.GET("/v1/sessions");

    expect(res.response.status).toBe(401);
    expect(api.count("POST /v1/auth/refresh")).toBe(1);
    expect(api.count("GET /v1/sessions")).toBe(2);
    expect(session.getState()).toEqual({ status: "signedOut", reason: "expired" });
    expect(storage.get()).toBeNull();
    expect(session.hasAccessToken()).toBe(false);
  });

  it("signs out as expired when the refresh token is refused, without retrying", async () => {
    const { api, session, client, storage } = setup();
    await signIn(api, session);
    api.on("POST /v1/auth/refresh", () => json(401, { error: "InvalidRefreshToken", detail: "revoked" }));
    api.on("GET /v1/sessions", () => json(401, { error: "Unauthorized", detail: "expired" }));

    const res = await client.GET("/v1/sessions");

    expect(res.response.status).toBe(401);
    expect(api.count("GET /v1/sessions")).toBe(1);
    expect(session.getState()).toEqual({ status: "signedOut", reason: "expired" });
    expect(storage.get()).toBeNull();
  });

  it("keeps the session when the refresh cannot reach the server", async () => {
    const { api, session, client, storage } = setup();
    const issued = await signIn(api, session);
    api.on("POST /v1/auth/refresh", () => {
      throw new TypeError("Failed to fetch");
    });
    api.on("GET /v1/sessions", () => json(401, { error: "Unauthorized", detail: "expired" }));

    const res = await client.GET("/v1/sessions");

    expect(res.response.status).toBe(401);
    expect(session.getState().status).toBe("signedIn");
    expect(storage.get()).toBe(issued.refresh_token);
  });

  it("does not refresh for a 401 from the auth endpoints themselves", async () => {
    const { api, session } = setup();
    api.on("POST /v1/auth/login", () => json(401, { error: "InvalidCredentials", detail: "Wrong email or password." }));

    await expect(session.login({ email: "a@b.co", password: "wrong password" })).rejects.toMatchObject({
      status: 401,
      message: "Wrong email or password.",
    });
    expect(api.count("POST /v1/auth/refresh")).toBe(0);
  });

  it("runs the refresh inside the cross-tab lock and reads the newest stored token there", async () => {
    const held: string[] = [];
    let storage: RefreshTokenStorage | null = null;
    const locks: Pick<LockManager, "request"> = {
      request: (async (name: string, cb: (lock: Lock | null) => unknown) => {
        held.push(name);
        // Another tab rotated the token while this one waited for the lock.
        storage?.set("rotated-by-other-tab");
        return cb(null);
      }) as LockManager["request"],
    };
    const ctx = setup({ locks });
    storage = ctx.storage;
    await signIn(ctx.api, ctx.session);
    ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
    let first = true;
    ctx.api.on("GET /v1/sessions", () => {
      const status = first ? 401 : 200;
      first = false;
      return status === 200 ? json(200, page) : json(401, { error: "Unauthorized", detail: "expired" });
    });

    await ctx.client.GET("/v1/sessions");

    expect(held).toEqual(["moodlens-auth-refresh"]);
    const refreshCall = ctx.api.calls.find((c) => c.route === "POST /v1/auth/refresh");
    expect(JSON.parse(refreshCall?.body ?? "{}")).toEqual({ refresh_token: "rotated-by-other-tab" });
  });
});

describe("AuthSession restore and logout", () => {
  it("restores a stored session on load", async () => {
    const { api, session } = setup({ storedRefresh: "stored" });
    api.on("POST /v1/auth/refresh", () => json(200, tokens()));
    expect(session.getState()).toEqual({ status: "restoring" });

    await session.restore();

    expect(session.getState()).toEqual({ status: "signedIn", user: testUser });
  });

  it("shows the expired reason when the stored session is no longer valid", async () => {
    const { api, session, storage } = setup({ storedRefresh: "stale" });
    api.on("POST /v1/auth/refresh", () => json(401, { error: "InvalidRefreshToken", detail: "revoked" }));

    await session.restore();

    expect(session.getState()).toEqual({ status: "signedOut", reason: "expired" });
    expect(storage.get()).toBeNull();
  });

  it("reports the server as unreachable without dropping the stored token", async () => {
    const { api, session, storage } = setup({ storedRefresh: "stored" });
    api.on("POST /v1/auth/refresh", () => json(503, { error: "ServiceUnavailable", detail: "db down" }));

    await session.restore();

    expect(session.getState()).toEqual({ status: "unreachable" });
    expect(storage.get()).toBe("stored");
  });

  it("does not call a never-signed-in visitor's session expired", async () => {
    const { api, client, session } = setup();
    api.on("GET /v1/sessions", () => json(401, { error: "Unauthorized", detail: "Not signed in." }));

    const res = await client.GET("/v1/sessions");

    expect(res.response.status).toBe(401);
    expect(api.count("POST /v1/auth/refresh")).toBe(0);
    expect(session.getState()).toEqual({ status: "signedOut", reason: null });
  });

  it("starts signed out when nothing is stored", () => {
    const { session } = setup();
    expect(session.getState()).toEqual({ status: "signedOut", reason: null });
  });

  it("revokes the refresh token on logout and forgets both tokens", async () => {
    const { api, session, storage } = setup();
    const issued = await signIn(api, session);
    api.on("POST /v1/auth/logout", () => new Response(null, { status: 204 }));

    await session.logout();

    const call = api.calls.find((c) => c.route === "POST /v1/auth/logout");
    expect(JSON.parse(call?.body ?? "{}")).toEqual({ refresh_token: issued.refresh_token });
    expect(storage.get()).toBeNull();
    expect(session.hasAccessToken()).toBe(false);
    expect(session.getState()).toEqual({ status: "signedOut", reason: "loggedOut" });
  });

  it("still logs out locally when the server cannot be reached, and says so", async () => {
    const { api, session, storage } = setup();
    await signIn(api, session);
    api.on("POST /v1/auth/logout", () => {
      throw new TypeError("Failed to fetch");
    });

    await session.logout();

    expect(storage.get()).toBeNull();
    expect(session.getState()).toEqual({ status: "signedOut", reason: "loggedOutOffline" });
  });

  it("follows a logout in another tab", async () => {
    const { api, session } = setup();
    await signIn(api, session);

    session.handleStorageCleared();

    expect(session.getState()).toEqual({ status: "signedOut", reason: "otherTab" });
  });
});
