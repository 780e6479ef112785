import { useQuery, type Query } from "@tanstack/react-query";
import type { paths } from "../client/schema";
import { unwrap } from "./apiError";
import type { JsonOf } from "./apiTypes";
import { useApi } from "./services";

// One query for a session's report, shared by the report page and the interview room (which
// waits on it after End): one cache entry, one polling rule, so the page the room opens already
// has what the room last saw.

type ReportResponses = paths["/v1/sessions/{session_id}/report"]["get"]["responses"];
/** 200 (ready or failed) or 202 (building). */
export type ReportBody = JsonOf<ReportResponses[200]> | JsonOf<ReportResponses[202]>;

export const reportKeys = {
  report: (sessionId: string) => ["reports", "report", sessionId] as const,
  recording: (sessionId: string) => ["reports", "recording", sessionId] as const,
};

/** Upper bound for the poll interval while a build takes unusually long. */
const MAX_POLL_MS = 10_000;

type ReportQuery = Query<ReportBody, Error, ReportBody, ReturnType<typeof reportKeys.report>>;

function pollInterval(query: ReportQuery, retryErrorsAfterMs: number | null): number | false {
  if (query.state.status === "error" && retryErrorsAfterMs !== null) return retryErrorsAfterMs;
  const data = query.state.data;
  if (data?.status !== "building") return false;
  const base = Math.max(0.5, data.poll_after_s) * 1000;
  // A build takes seconds; if it drags on, back off so a forgotten tab does not hammer the API.
  const extra = Math.max(0, query.state.dataUpdateCount - 20);
  return Math.min(MAX_POLL_MS, base * 1.15 ** extra);
}

export interface ReportQueryOptions {
  /** False until there is a report to wait for (the room asks only once the session ended). */
  enabled?: boolean;
  /**
   * Keep asking this often after a failed request. The report page shows the error instead
   * (null, the default); the room, which only waits, tries again.
   */
  retryErrorsAfterMs?: number | null;
}

/**
 * The session's report. While the server builds it (202 "building") the query polls; a
 * "failed" body stops the polling so the caller can show the reason and a retry.
 */
export function useReportQuery(
  sessionId: string,
  { enabled = true, retryErrorsAfterMs = null }: ReportQueryOptions = {},
) {
  const api = useApi();
  return useQuery({
    queryKey: reportKeys.report(sessionId),
    queryFn: ({ signal }): Promise<ReportBody> =>
      unwrap(api.GET("/v1/sessions/{session_id}/report", { params: { path: { session_id: sessionId } }, signal })),
    enabled,
    refetchInterval: (query) => pollInterval(query, retryErrorsAfterMs),
    // A ready report is immutable until it is rebuilt; no need to refetch it on every mount.
    staleTime: (query) => (query.state.data?.status === "ready" ? 5 * 60_000 : 0),
  });
}
