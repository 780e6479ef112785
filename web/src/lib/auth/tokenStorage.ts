/**
 * Where the tokens live, and why.
 *
 * - The access token (a 15-minute JWT) is kept only in memory. Script injected into the page
 *   could still use it while the page is open, but it is never written anywhere that outlives
 *   the tab, so a stolen copy dies within minutes.
 * - The refresh token is kept in localStorage so that a reload or a new tab does not log the
 *   candidate out. The API takes it in the JSON body (it sets no cookies), so an HttpOnly cookie
 *   is not an option for this client. The risk of localStorage (readable by injected script) is
 *   bounded by the server: refresh tokens are opaque, rotated on every use, and reusing an
 *   already-rotated one revokes the whole family, so a thief and the real user cannot both keep
 *   using it unnoticed. The client keeps the XSS surface small instead: no third-party scripts,
 *   no HTML injection (React escapes), and a strict same-origin API.
 * - sessionStorage was rejected: it is per tab, so every new tab would need a new login.
 */
export interface RefreshTokenStorage {
  get(): string | null;
  set(token: string | null): void;
}

export const REFRESH_TOKEN_KEY = "moodlens.refresh_token";

export function browserRefreshTokenStorage(storage: Storage = window.localStorage): RefreshTokenStorage {
  return {
    get() {
      try {
        return storage.getItem(REFRESH_TOKEN_KEY);
      } catch {
        // Storage can be disabled (privacy modes); the user then logs in per page load.
        return null;
      }
    },
    set(token) {
      try {
        if (token === null) storage.removeItem(REFRESH_TOKEN_KEY);
        else storage.setItem(REFRESH_TOKEN_KEY, token);
      } catch {
        // See get(): without storage the session simply does not survive a reload.
      }
    },
  };
}

export function memoryRefreshTokenStorage(initial: string | null = null): RefreshTokenStorage {
  let value = initial;
  return {
    get: () => value,
    set: (token) => {
      value = token;
    },
  };
}
