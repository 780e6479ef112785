import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../client/schema";
import type { LoginBody, SignupBody, TokenResponse, User } from "../../client/types";
import { ApiError, NetworkError, unwrap } from "../apiError";
import type { RefreshTokenStorage } from "./tokenStorage";

/** Why the user is looking at the login page; shown there as a status message. */
export type SignOutReason = "expired" | "loggedOut" | "loggedOutOffline" | "otherTab";

export type AuthState =
  | { status: "restoring" }
  | { status: "unreachable" }
  | { status: "signedOut"; reason: SignOutReason | null }
  | { status: "signedIn"; user: User };

type RefreshOutcome = "ok" | "rejected" | "unavailable";

export interface AuthSessionOptions {
  storage: RefreshTokenStorage;
  /** Origin the API lives on; the client is served by the API, so normally the page's own. */
  baseUrl: string;
  /** Injected in tests; defaults to the global fetch at call time. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Serialises refreshes across tabs. Refresh tokens rotate and a reused one revokes the
   * family, so two tabs refreshing with the same stored token would log each other out.
   */
  locks?: Pick<LockManager, "request"> | null;
}

const REFRESH_LOCK = "moodlens-auth-refresh";

/**
 * The browser side of authentication, free of React so its rules can be tested alone:
 * holds the tokens, refreshes the access token transparently on a 401 (once per request, one
 * refresh at a time), and signs the user out when the server no longer accepts the session.
 */
export class AuthSession {
  private accessToken: string | null = null;
  private refreshInFlight: Promise<RefreshOutcome> | null = null;
  private state: AuthState;
  private readonly listeners = new Set<() => void>();
  private readonly storage: RefreshTokenStorage;
  private readonly rawFetch: (request: Request) => Promise<Response>;
  private readonly locks: Pick<LockManager, "request"> | null;
  /** Client for /v1/auth/*: never goes through the 401 handling below. */
  private readonly authClient: Client<paths>;

  constructor(options: AuthSessionOptions) {
    this.storage = options.storage;
    this.rawFetch = options.fetch ?? ((request) => globalThis.fetch(request));
    this.locks = options.locks ?? null;
    this.authClient = createClient<paths>({ baseUrl: options.baseUrl, fetch: this.rawFetch });
    this.state = this.storage.get() ? { status: "restoring" } : { status: "signedOut", reason: null };
  }

  // --- state for the UI (useSyncExternalStore-compatible) ---

  getState = (): AuthState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setState(next: AuthState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  hasAccessToken(): boolean {
    return this.accessToken !== null;
  }

  /**
   * The current access token for transports that cannot go through `fetch` (the live
   * WebSocket sends it as its first message). `forceRefresh` after the server refused it;
   * null when the user is signed out or the refresh failed.
   */
  getAccessToken = async (forceRefresh = false): Promise<string | null> => {
    if (forceRefresh || this.accessToken === null) {
      const outcome = await this.refresh(this.accessToken);
      if (outcome !== "ok") return null;
    }
    return this.accessToken;
  };

  // --- account actions ---

  /** On page load: trade a stored refresh token for a fresh access token and the user. */
  async restore(): Promise<void> {
    // Already signed in (a repeated mount, or a login that raced the restore): nothing to do.
    if (this.state.status === "signedIn") return;
    if (!this.storage.get()) {
      if (this.state.status !== "signedOut") this.setState({ status: "signedOut", reason: null });
      return;
    }
    this.setState({ status: "restoring" });
    const outcome = await this.refresh(null);
    // "ok" and "rejected" already set the state inside refresh().
    if (outcome === "unavailable") this.setState({ status: "unreachable" });
  }

  async login(body: LoginBody): Promise<User> {
    const tokens = await unwrap(this.authClient.POST("/v1/auth/login", { body }));
    this.accept(tokens);
    return tokens.user;
  }

  /** Finishes signing in with an OpenID Connect provider (its callback's code and state). */
  async oidcCallback(body: { state: string; code: string }): Promise<User> {
    const tokens = await unwrap(this.authClient.POST("/v1/auth/oidc/callback", { body }));
    this.accept(tokens);
    return tokens.user;
  }

  async signup(body: SignupBody): Promise<User> {
    const tokens = await unwrap(this.authClient.POST("/v1/auth/signup", { body }));
    this.accept(tokens);
    return tokens.user;
  }

  /** Revokes the refresh token on the server, then forgets both tokens whatever happened. */
  async logout(): Promise<void> {
    const refreshToken = this.storage.get();
    let reached = true;
    if (refreshToken) {
      try {
        await unwrap(this.authClient.POST("/v1/auth/logout", { body: { refresh_token: refreshToken } }));
      } catch (err) {
        // A 401 means the token was already dead: the goal (no usable session) holds.
        reached = !(err instanceof NetworkError) && !isServerError(err);
      }
    }
    this.clear(reached ? "loggedOut" : "loggedOutOffline");
  }

  /** Another tab removed the stored refresh token (logged out): follow it. */
  handleStorageCleared(): void {
    if (this.state.status === "signedIn" || this.state.status === "restoring") {
      this.clear("otherTab");
    }
  }

  // --- authenticated fetch, given to the typed API client ---

  /**
   * fetch() for every authenticated call. Adds the bearer token; on a 401 refreshes once
   * (sharing one refresh among all requests that fail together) and retries the request once.
   * A 401 after a successful refresh, or a refused refresh, signs the user out as "expired".
   */
  fetch = async (request: Request): Promise<Response> => {
    // Keep an unread copy: the body of `request` is consumed by the first attempt.
    const retryCopy = request.clone();
    const tokenUsed = this.accessToken;
    const first = await this.rawFetch(withBearer(request, tokenUsed));
    if (first.status !== 401 || isAuthEndpoint(request.url)) return first;

    // Another request may have refreshed while this one was in flight: reuse its token.
    if (this.accessToken === null || this.accessToken === tokenUsed) {
      const outcome = await this.refresh(tokenUsed);
      if (outcome !== "ok") return first;
    }
    const second = await this.rawFetch(withBearer(retryCopy, this.accessToken));
    if (second.status === 401) this.expire();
    return second;
  };

  // --- internals ---

  /**
   * Single-flight refresh: concurrent callers share one request. `staleToken` is the access
   * token the caller saw rejected; if it has already been replaced there is nothing to do.
   */
  private refresh(staleToken: string | null): Promise<RefreshOutcome> {
    if (this.refreshInFlight) return this.refreshInFlight;
    if (staleToken !== null && this.accessToken !== null && this.accessToken !== staleToken) {
      return Promise.resolve("ok");
    }
    const run = () => this.refreshNow();
    // lib.dom types the lock's result as Promise<Promise<T>>; then() flattens it for the checker.
    const pending: Promise<RefreshOutcome> = this.locks
      ? this.locks.request(REFRESH_LOCK, run).then((outcome) => outcome)
      : run();
    const shared = pending.finally(() => {
      this.refreshInFlight = null;
    });
    this.refreshInFlight = shared;
    return shared;
  }

  private async refreshNow(): Promise<RefreshOutcome> {
    // Read inside the lock: another tab may have rotated the token while this one waited.
    const refreshToken = this.storage.get();
    if (!refreshToken) {
      this.expire();
      return "rejected";
    }
    try {
      const tokens = await unwrap(this.authClient.POST("/v1/auth/refresh", { body: { refresh_token: refreshToken } }));
      this.accept(tokens);
      return "ok";
    } catch (err) {
      if (err instanceof NetworkError || isServerError(err) || isRateLimited(err)) {
        // Not the session's fault: keep the tokens so a later attempt can succeed.
        return "unavailable";
      }
      this.expire();
      return "rejected";
    }
  }

  private accept(tokens: TokenResponse): void {
    this.accessToken = tokens.access_token;
    this.storage.set(tokens.refresh_token);
    this.setState({ status: "signedIn", user: tokens.user });
  }

  /**
   * The server no longer accepts this session. Only someone who was (being) signed in is told
   * it expired; a visitor who never signed in keeps the plain login page.
   */
  private expire(): void {
    if (this.state.status === "signedIn" || this.state.status === "restoring") this.clear("expired");
    else {
      this.accessToken = null;
      this.storage.set(null);
    }
  }

  private clear(reason: SignOutReason): void {
    this.accessToken = null;
    this.storage.set(null);
    this.setState({ status: "signedOut", reason });
  }
}

function withBearer(request: Request, token: string | null): Request {
  const copy = new Request(request);
  if (token) copy.headers.set("Authorization", `Bearer ${token}`);
  else copy.headers.delete("Authorization");
  return copy;
}

function isAuthEndpoint(url: string): boolean {
  return new URL(url).pathname.startsWith("/v1/auth/");
}

function isServerError(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 500;
}

function isRateLimited(err: unknown): boolean {
  return err instanceof ApiError && err.status === 429;
}
