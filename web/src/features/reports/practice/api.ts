import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { paths } from "../../../client/schema";
import { unwrap } from "../../../lib/apiError";
import type { BodyOf, JsonOf } from "../../../lib/apiTypes";
import { useApi } from "../../../lib/services";

export type Practice = JsonOf<paths["/v1/sessions/{session_id}/practice"]["get"]["responses"][200]>;
export type QuestionAttempts = Practice["questions"][number];
export type Attempt = QuestionAttempts["attempts"][number];
export type TalkingPoints = JsonOf<
  paths["/v1/sessions/{session_id}/questions/{question_id}/talking-points"]["get"]["responses"][200]
>;
export type RetryBody = BodyOf<paths["/v1/sessions/{session_id}/questions/{question_id}/retries"]["post"]>;

export const practiceKeys = {
  summary: (sessionId: string) => ["practice", "summary", sessionId] as const,
  points: (sessionId: string, questionId: string) => ["practice", "points", sessionId, questionId] as const,
};

/** Every answered question's attempts and, for a job session, the job's skills covered. */
export function usePractice(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: practiceKeys.summary(sessionId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/sessions/{session_id}/practice", { params: { path: { session_id: sessionId } }, signal })),
  });
}

/** Talking points of one answered question (the server refuses them before an answer). */
export function useTalkingPoints(sessionId: string, questionId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: practiceKeys.points(sessionId, questionId),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/v1/sessions/{session_id}/questions/{question_id}/talking-points", {
          params: { path: { session_id: sessionId, question_id: questionId } },
          signal,
        }),
      ),
  });
}

/** Answer a question again; the answer is the question's attempts, compared. */
export function useRetryAnswer(sessionId: string, questionId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RetryBody) =>
      unwrap(
        api.POST("/v1/sessions/{session_id}/questions/{question_id}/retries", {
          params: { path: { session_id: sessionId, question_id: questionId } },
          body,
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: practiceKeys.summary(sessionId) });
      void client.invalidateQueries({ queryKey: practiceKeys.points(sessionId, questionId) });
    },
  });
}

/** Whether the newest consent allows the microphone (the server checks it again: 403). */
export function useMicrophoneAllowed() {
  const api = useApi();
  return useQuery({
    queryKey: ["practice", "microphone-consent"] as const,
    queryFn: async ({ signal }) => {
      const list = await unwrap(api.GET("/v1/users/me/consents", { signal }));
      return (list.items[0]?.scopes ?? []).includes("microphone");
    },
  });
}

/** Answer a question again by voice: the recording is analysed and scored on the server. */
export function useSpokenRetry(sessionId: string, questionId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (recording: Blob) =>
      unwrap(
        api.POST("/v1/sessions/{session_id}/questions/{question_id}/retries/audio", {
          params: { path: { session_id: sessionId, question_id: questionId } },
          // The generated type says "string" for a binary part; the body is the form itself.
          body: { file: "" },
          bodySerializer: () => {
            const form = new FormData();
            const ext = recording.type.includes("ogg") ? "ogg" : "webm";
            form.append("file", recording, `retry.${ext}`);
            return form;
          },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: practiceKeys.summary(sessionId) });
      void client.invalidateQueries({ queryKey: practiceKeys.points(sessionId, questionId) });
    },
  });
}
