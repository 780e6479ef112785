import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../lib/apiError";
import { useApi } from "../../lib/services";
import type { Insights } from "./types";

export const progressKeys = {
  progress: ["progress", "summary"] as const,
  insights: ["progress", "insights"] as const,
  practice: ["progress", "practice"] as const,
};

export function useProgress() {
  const api = useApi();
  return useQuery({
    queryKey: progressKeys.progress,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/users/me/progress", { signal })),
  });
}

export function useInsights() {
  const api = useApi();
  return useQuery({
    queryKey: progressKeys.insights,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/users/me/insights", { signal })),
  });
}

/** Retries across sessions: how many, and the first against the best attempt per session. */
export function usePracticeProgress() {
  const api = useApi();
  return useQuery({
    queryKey: progressKeys.practice,
    queryFn: ({ signal }) => unwrap(api.GET("/v1/users/me/practice", { signal })),
  });
}

function withItem(data: Insights, itemId: string, done: boolean, doneAt: string | null): Insights {
  const plan = data.weekly_plan;
  if (!plan) return data;
  let changed = 0;
  const days = plan.days.map((day) => ({
    ...day,
    items: day.items.map((item) => {
      if (item.id !== itemId || item.done === done) return item;
      changed += done ? 1 : -1;
      return { ...item, done, done_at: doneAt };
    }),
  }));
  return { ...data, weekly_plan: { ...plan, days, done_count: plan.done_count + changed } };
}

/**
 * Check a plan item off (POST) or undo it (DELETE). The checkbox flips at once (optimistic) and
 * flips back with an error if the server refuses.
 */
export function usePlanItemDone() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, done }: { itemId: string; done: boolean }) => {
      const params = { params: { path: { item_id: itemId } } };
      return unwrap(
        done
          ? api.POST("/v1/users/me/plan/items/{item_id}/done", params)
          : api.DELETE("/v1/users/me/plan/items/{item_id}/done", params),
      );
    },
    onMutate: async ({ itemId, done }) => {
      await client.cancelQueries({ queryKey: progressKeys.insights });
      const before = client.getQueryData<Insights>(progressKeys.insights);
      if (before)
        client.setQueryData(
          progressKeys.insights,
          withItem(before, itemId, done, done ? new Date().toISOString() : null),
        );
      return { before };
    },
    onError: (_err, _vars, context) => {
      if (context?.before) client.setQueryData(progressKeys.insights, context.before);
    },
    onSuccess: (result) => {
      const current = client.getQueryData<Insights>(progressKeys.insights);
      if (current)
        client.setQueryData(progressKeys.insights, withItem(current, result.item_id, result.done, result.done_at));
    },
  });
}
