import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../lib/apiError";
import { orgKeys } from "../../lib/orgs";
import { useApi } from "../../lib/services";
import type { InviteBody } from "./types";

const keys = orgKeys;

export { useMyOrgs, useSessionShare, useShareSession } from "../../lib/orgs";

export function useCreateOrg() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/v1/orgs", { body: { name } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.mine }),
  });
}

export function useCreateInvite(orgId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (body: InviteBody) =>
      unwrap(api.POST("/v1/orgs/{org_id}/invites", { params: { path: { org_id: orgId } }, body })),
  });
}

export function useJoinOrg() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/v1/orgs/join", { body: { code } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.mine }),
  });
}

export function useSetSharing(orgId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sharesProgress: boolean) =>
      unwrap(
        api.PUT("/v1/orgs/{org_id}/membership", {
          params: { path: { org_id: orgId } },
          body: { shares_progress: sharesProgress },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.mine });
      // An admin who shares their own progress changes their own dashboard's figures.
      void client.invalidateQueries({ queryKey: keys.dashboard(orgId) });
    },
  });
}

export function useLeaveOrg(orgId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/v1/orgs/{org_id}/membership", { params: { path: { org_id: orgId } } })),
    onSuccess: () => {
      client.removeQueries({ queryKey: keys.dashboard(orgId) });
      void client.invalidateQueries({ queryKey: keys.mine });
    },
  });
}

export function useDashboard(orgId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.dashboard(orgId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/orgs/{org_id}/dashboard", { params: { path: { org_id: orgId } }, signal })),
  });
}

/** One sharing member's completed sessions (owner and admins). Each fetch is recorded in the
 * member's activity trail, so going back and forth within a minute reuses the answer instead
 * of adding a view the admin did not make. */
export function useMemberSessions(orgId: string, userId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.memberSessions(orgId, userId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/v1/orgs/{org_id}/users/{user_id}/sessions", {
          params: { path: { org_id: orgId, user_id: userId } },
          signal,
        }),
      ),
    staleTime: 60_000,
  });
}
