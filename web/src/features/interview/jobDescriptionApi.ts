import { useMutation } from "@tanstack/react-query";
import type { paths } from "../../client/schema";
import { unwrap } from "../../lib/apiError";
import type { BodyOf, JsonOf } from "../../lib/apiTypes";
import { useApi } from "../../lib/services";

export type JobDescriptionBody = BodyOf<paths["/v1/sessions/{session_id}/job-description"]["put"]>;
export type ExtractedJob = JsonOf<paths["/v1/job-descriptions/extract"]["post"]["responses"][200]>;

/** Read an uploaded .txt/.pdf/.docx job description on the server (nothing is stored). */
export function useExtractJobDescription() {
  const api = useApi();
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/v1/job-descriptions/extract", {
          // The generated type says "string" for a binary part; the body is the form itself.
          body: { file: "" },
          bodySerializer: () => {
            const form = new FormData();
            form.append("file", file, file.name);
            return form;
          },
        }),
      ),
  });
}

/** Set the job a scheduled session practises for. */
export function usePutJobDescription() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ sessionId, body }: { sessionId: string; body: JobDescriptionBody }) =>
      unwrap(
        api.PUT("/v1/sessions/{session_id}/job-description", {
          params: { path: { session_id: sessionId } },
          body,
        }),
      ),
  });
}

/** Remove a just-created session whose job description was refused, so none is left behind. */
export function useDiscardSession() {
  const api = useApi();
  return useMutation({
    mutationFn: (sessionId: string) =>
      unwrap(api.DELETE("/v1/sessions/{session_id}", { params: { path: { session_id: sessionId } } })),
  });
}
