import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../lib/apiError";
import { useApi } from "../auth/AuthContext";
import type { InviteBody } from "./types";

const keys = {
  mine: ["orgs", "mine"] as const,
  dashboard: (orgId: string) => ["orgs", "dashboard", orgId] as const,
};

export function useMyOrgs() {
  const api = useApi();
  return useQuery({
    queryKey: keys.mine,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/orgs", { signal })),
  });
}

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
    mutationFn: () =>
      unwrap(api.DELETE("/v1/orgs/{org_id}/membership", { params: { path: { org_id: orgId } } })),
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
