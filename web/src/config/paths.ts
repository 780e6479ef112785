/** Every route of the client in one place. */
export const paths = {
  home: "/",
  login: "/login",
  signup: "/signup",
  /** Where OpenID Connect providers send the browser back (MOODLENS_PUBLIC_URL + this). */
  oidcCallback: "/login/oidc/callback",
  settings: "/settings",
  accountDeleted: "/account-deleted",
  /** Camera and microphone check before a practice session (issue 5, step 3). */
  deviceCheck: "/practice/device-check",
  /** Consent (when needed) and role / round / difficulty / duration (issue 5, steps 1-2). */
  sessionSetup: "/practice/new",
  /** The live interview room; `?mode=camera|audio|typed` (issue 5, step 4). */
  room: "/practice/:sessionId",
  /** A session's coaching report (building, failed with a retry, or ready). */
  report: "/sessions/:sessionId/report",
  /** Progress across sessions and the weekly plan. */
  progress: "/progress",
  /** Organizations: join, create, sharing choice; admins open the cohort dashboard from here. */
  institute: "/institute",
  instituteDashboard: "/institute/:orgId/dashboard",
  /** One sharing member's sessions as an owner or admin sees them (linked from the dashboard). */
  instituteMember: "/institute/:orgId/members/:userId",
  /** Groups and assignments of an institute (owner and admins). */
  instituteAssignments: "/institute/:orgId/assignments",
  /** Sessions members shared with the institute, to comment on (owner, admins, coaches). */
  instituteShared: "/institute/:orgId/shared",
} as const;

export function instituteDashboardPath(orgId: string): string {
  return paths.instituteDashboard.replace(":orgId", encodeURIComponent(orgId));
}

export function instituteMemberPath(orgId: string, userId: string): string {
  return paths.instituteMember
    .replace(":orgId", encodeURIComponent(orgId))
    .replace(":userId", encodeURIComponent(userId));
}

export function instituteAssignmentsPath(orgId: string): string {
  return paths.instituteAssignments.replace(":orgId", encodeURIComponent(orgId));
}

export function instituteSharedPath(orgId: string): string {
  return paths.instituteShared.replace(":orgId", encodeURIComponent(orgId));
}

export function reportPath(sessionId: string): string {
  return paths.report.replace(":sessionId", encodeURIComponent(sessionId));
}

/** Route of the session setup screen (the home page's call to action). */
export const sessionSetupPath: string | null = paths.sessionSetup;

/** Device check for a given session; the room follows from there. */
export function deviceCheckForSession(sessionId: string): string {
  return `${paths.deviceCheck}?session=${encodeURIComponent(sessionId)}`;
}
