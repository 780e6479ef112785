import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, NetworkError, apiErrorFrom, unwrap } from "../../lib/apiError";
import { rememberOidcFlow } from "../../lib/oidcFlow";
import { privacyKeys } from "../../lib/privacy";
import { useApi, useAuth } from "../../lib/services";
import type { ExportInfo } from "./types";
import { filenameOf, saveBlob } from "../../lib/download";

const keys = privacyKeys;

export {
  useAcceptConsent,
  useConsentText,
  useExportStatus,
  useMyConsents,
  usePrivacySettings,
  useUpdatePrivacySettings,
} from "../../lib/privacy";

export function useExports() {
  const api = useApi();
  return useQuery({
    queryKey: keys.exports,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/users/me/exports", { signal })),
  });
}

export function useRequestExport() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/v1/users/me/export")),
    onSuccess: (data) => {
      client.setQueryData(keys.exportById(data.export_id), data);
      void client.invalidateQueries({ queryKey: keys.exports });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

export function useAuditTrail(pageSize = 20) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.audit, pageSize],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/users/me/audit", { params: { query: { page: 1, page_size: pageSize } }, signal })),
  });
}

/** Confirm with the password, or with the proof of a fresh sign-in at a linked provider. */
export type DeleteConfirmation = { password: string } | { reauth_proof: string };

export function useDeleteAccount() {
  const api = useApi();
  return useMutation({
    mutationFn: (confirmation: DeleteConfirmation) => unwrap(api.DELETE("/v1/users/me", { body: confirmation })),
  });
}

/** How this account confirms it is itself: its password, or linked providers (no password). */
export function useReauthMethods() {
  const api = useApi();
  return useQuery({
    queryKey: ["auth", "reauth-methods"] as const,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/auth/reauth/methods", { signal })),
  });
}

/** Sends the browser to the provider, which asks the person to sign in again. */
export function useStartProviderConfirmation() {
  const api = useApi();
  return useMutation({
    mutationFn: async (provider: string) => {
      const r = await unwrap(api.POST("/v1/auth/reauth/oidc/start", { body: { provider } }));
      rememberOidcFlow(r.state, "reauth");
      window.location.assign(r.authorization_url);
    },
  });
}

/**
 * Downloads need the bearer token, so a plain link cannot work: fetch through the signed-in
 * session, then hand the bytes to the browser as a file.
 */
export function useDownloadExport() {
  const { session } = useAuth();
  return useMutation({
    mutationFn: async (info: ExportInfo) => {
      if (!info.download_url) throw new Error("This export has no file to download.");
      let response: Response;
      try {
        response = await session.fetch(new Request(new URL(info.download_url, window.location.origin)));
      } catch (err) {
        throw new NetworkError(err);
      }
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        throw apiErrorFrom(response, body);
      }
      const blob = await response.blob();
      const name = filenameOf(response);
      saveBlob(blob, name ?? `moodlens-export-${info.export_id}.zip`);
    },
  });
}

export function isWrongPassword(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}
