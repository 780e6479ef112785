import { paths } from "../../config/paths";

/**
 * Where to go after signing in: the protected page that sent the user to log in, if any.
 * Only in-app paths are accepted, so a crafted link cannot bounce the user to another site.
 */
export function redirectTarget(state: unknown): string {
  if (typeof state === "object" && state !== null && "from" in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === "string" && from.startsWith("/") && !from.startsWith("//")) {
      if (from !== paths.login && from !== paths.signup) return from;
    }
  }
  return paths.home;
}
