import { useMutation, useQuery } from "@tanstack/react-query";
import type { paths } from "../../../client/schema";
import { unwrap } from "../../../lib/apiError";
import { useApi } from "../../../lib/services";
import type { JsonOf } from "../../../lib/apiTypes";

export type Template = JsonOf<paths["/v1/templates"]["get"]["responses"][200]>[number];
export type SessionOut = JsonOf<paths["/v1/sessions/{session_id}/start"]["post"]["responses"][200]>;
export type NextQuestion = JsonOf<paths["/v1/sessions/{session_id}/questions/next"]["post"]["responses"][201]>;

export function useTemplates() {
  const api = useApi();
  return useQuery({
    queryKey: ["templates"],
    queryFn: ({ signal }) => unwrap(api.GET("/v1/templates", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useCreateSession() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: { template_id: string; duration_minutes: 10 | 20 | 30; recording_enabled: boolean }) =>
      unwrap(api.POST("/v1/sessions", { body })),
  });
}

/** The calls the room makes, as plain functions (the room sequences them itself). */
export function useRoomApi(sessionId: string) {
  const api = useApi();
  const path = { params: { path: { session_id: sessionId } } };
  return {
    get: () => unwrap(api.GET("/v1/sessions/{session_id}", path)),
    start: () => unwrap(api.POST("/v1/sessions/{session_id}/start", path)),
    /** null on 204: no question fits in the time left. */
    next: async (): Promise<NextQuestion | null> => {
      const res = await unwrap(api.POST("/v1/sessions/{session_id}/questions/next", path));
      return (res as NextQuestion | undefined) ?? null;
    },
    respond: (body: { question_id: string; transcript_text: string; started_at: string; ended_at: string }) =>
      unwrap(api.POST("/v1/sessions/{session_id}/responses", { ...path, body })),
    end: () => unwrap(api.POST("/v1/sessions/{session_id}/end", path)),
  };
}
