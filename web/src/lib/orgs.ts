// The organization endpoints the report page uses too: your organizations, and whether one of
// your sessions is shared with one. The institute pages (features/orgs) build on these.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "./apiError";
import type { SessionShareBody } from "./orgTypes";
import { useApi } from "./services";

/** One key space for every organization query, shared with the institute pages. */
export const orgKeys = {
  mine: ["orgs", "mine"] as const,
  dashboard: (orgId: string) => ["orgs", "dashboard", orgId] as const,
  memberSessions: (orgId: string, userId: string) => ["orgs", "member-sessions", orgId, userId] as const,
  sessionShare: (sessionId: string) => ["orgs", "session-share", sessionId] as const,
};

const keys = orgKeys;

export function useMyOrgs() {
  const api = useApi();
  return useQuery({
    queryKey: keys.mine,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/orgs", { signal })),
  });
}

/** Whether one of your sessions is shared with an organization (the report page's switch). */
export function useSessionShare(sessionId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: keys.sessionShare(sessionId),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/sessions/{session_id}/share", { params: { path: { session_id: sessionId } }, signal })),
  });
}

export function useShareSession(sessionId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SessionShareBody) =>
      unwrap(api.PUT("/v1/sessions/{session_id}/share", { params: { path: { session_id: sessionId } }, body })),
    // The answer is the new state: no second request to read it back.
    onSuccess: (data) => client.setQueryData(keys.sessionShare(sessionId), data),
  });
}
