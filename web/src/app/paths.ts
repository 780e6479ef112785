/** Every route of the client in one place. */
export const paths = {
  home: "/",
  login: "/login",
  signup: "/signup",
  settings: "/settings",
  accountDeleted: "/account-deleted",
} as const;

/**
 * Route of the session setup screen, once a release ships it (issue: candidate browser
 * experience). Until then the home page says honestly that practice sessions are coming.
 */
export const sessionSetupPath: string | null = null;
