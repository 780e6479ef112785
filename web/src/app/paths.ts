/** Every route of the client in one place. */
export const paths = {
  home: "/",
  login: "/login",
  signup: "/signup",
  settings: "/settings",
  accountDeleted: "/account-deleted",
  /** Camera and microphone check before a practice session (issue 5, step 3). */
  deviceCheck: "/practice/device-check",
  /** A session's coaching report (building, failed with a retry, or ready). */
  report: "/sessions/:sessionId/report",
  /** Progress across sessions and the weekly plan. */
  progress: "/progress",
  /** Organizations: join, create, sharing choice; admins open the cohort dashboard from here. */
  institute: "/institute",
  instituteDashboard: "/institute/:orgId/dashboard",
} as const;

export function instituteDashboardPath(orgId: string): string {
  return paths.instituteDashboard.replace(":orgId", encodeURIComponent(orgId));
}

export function reportPath(sessionId: string): string {
  return paths.report.replace(":sessionId", encodeURIComponent(sessionId));
}

/**
 * Route of the session setup screen, once a release ships it (issue: candidate browser
 * experience). Until then the home page says honestly that practice sessions are coming.
 */
export const sessionSetupPath: string | null = null;
