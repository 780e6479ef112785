// The privacy endpoints other features use too: the consent the interview asks for, the
// privacy settings it offers at setup, and an export's status the report page polls. The
// settings page (features/privacy) builds on these and keeps the rest of its API to itself.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "./apiError";
import type { PrivacySettingsBody } from "./privacyTypes";
import { useApi } from "./services";

/** One key space for every privacy query, so a change here invalidates the settings page too. */
export const privacyKeys = {
  consentText: ["privacy", "consent-text"] as const,
  consents: ["privacy", "consents"] as const,
  settings: ["privacy", "settings"] as const,
  exports: ["privacy", "exports"] as const,
  exportById: (id: string) => ["privacy", "export", id] as const,
  audit: ["privacy", "audit"] as const,
};

const keys = privacyKeys;

export function useConsentText() {
  const api = useApi();
  return useQuery({
    queryKey: keys.consentText,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/consents/current", { signal })),
    staleTime: Infinity,
  });
}

export function useMyConsents() {
  const api = useApi();
  return useQuery({
    queryKey: keys.consents,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/users/me/consents", { signal })),
  });
}

export function useAcceptConsent() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { consent_version: string; scopes: string[] }) =>
      unwrap(api.POST("/v1/users/me/consents", { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.consents });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

export function usePrivacySettings() {
  const api = useApi();
  return useQuery({
    queryKey: keys.settings,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/users/me/privacy", { signal })),
  });
}

export function useUpdatePrivacySettings() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PrivacySettingsBody) => unwrap(api.PUT("/v1/users/me/privacy", { body })),
    onSuccess: (data) => {
      client.setQueryData(keys.settings, data);
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

/** Polls an export until it is no longer pending (the zip is built by a background job). */
export function useExportStatus(exportId: string | null, pollMs = 1500) {
  const api = useApi();
  return useQuery({
    queryKey: keys.exportById(exportId ?? "none"),
    enabled: exportId !== null,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/exports/{export_id}", { params: { path: { export_id: exportId ?? "" } }, signal })),
    refetchInterval: (query) => (query.state.data?.status === "pending" ? pollMs : false),
  });
}
