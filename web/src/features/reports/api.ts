import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ApiError, NetworkError, apiErrorFrom, unwrap } from "../../lib/apiError";
import { useApi, useAuth } from "../../lib/services";
import { useExportStatus } from "../../lib/privacy";
import type { ExportInfo } from "../../lib/privacyTypes";
import type { ExportType } from "./types";
import { filenameOf, saveBlob } from "../../lib/download";
import { reportKeys, useReportQuery } from "../../lib/reportQuery";

// The report query and its polling are shared with the interview room (lib/reportQuery.ts).
export { reportKeys } from "../../lib/reportQuery";

/** The session's report, polled while the server builds it (see useReportQuery). */
export function useReport(sessionId: string) {
  return useReportQuery(sessionId);
}

/** The session itself (status, time left): the report page asks when there is no report. */
export function useSessionSummary(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["sessions", "one", sessionId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/sessions/{session_id}", { params: { path: { session_id: sessionId } }, signal })),
  });
}

export function useRetryReport(sessionId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/v1/sessions/{session_id}/report/retry", { params: { path: { session_id: sessionId } } })),
    // The answer is a "building" body: putting it in the cache restarts the polling at once.
    onSuccess: (data) => client.setQueryData(reportKeys.report(sessionId), data),
    onError: (err) => {
      // 409 ReportAlreadyBuilding: someone (another tab) already retried; just follow it.
      if (err instanceof ApiError && err.status === 409) {
        void client.invalidateQueries({ queryKey: reportKeys.report(sessionId) });
      }
    },
  });
}

/**
 * Fetches a file with the bearer token (the API takes no cookies, so a plain link cannot
 * work) and returns it as a Blob with the server's file name.
 */
export async function fetchAuthenticated(
  doFetch: (request: Request) => Promise<Response>,
  url: string,
): Promise<{ blob: Blob; filename: string | null; type: string | null }> {
  let response: Response;
  try {
    response = await doFetch(new Request(new URL(url, window.location.origin)));
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw apiErrorFrom(response, body);
  }
  const blob = await response.blob();
  const filename = filenameOf(response);
  return { blob, filename, type: response.headers.get("Content-Type") };
}

export type ExportPhase = "idle" | "requesting" | "preparing" | "downloading" | "done" | "failed";

/**
 * PDF or CSV of the report: POST .../export queues a job, GET /v1/exports/{id} is polled until
 * the file is ready, then it is downloaded through the signed-in session.
 */
export function useReportExport(sessionId: string, exportType: ExportType) {
  const api = useApi();
  const { session } = useAuth();
  const [exportId, setExportId] = useState<string | null>(null);
  const request = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/v1/sessions/{session_id}/export", {
          params: { path: { session_id: sessionId } },
          body: { export_type: exportType },
        }),
      ),
    onSuccess: (data) => setExportId(data.export_id),
  });
  const status = useExportStatus(exportId, 1000);
  const download = useMutation({
    mutationFn: async (info: ExportInfo) => {
      if (!info.download_url) throw new Error("This export has no file to download.");
      const file = await fetchAuthenticated(session.fetch, info.download_url);
      saveBlob(file.blob, file.filename ?? `moodlens-report-${sessionId}.${exportType}`);
    },
  });

  // Download once, as soon as the job reports the file ready.
  const downloadedFor = useRef<string | null>(null);
  const info = status.data;
  const { mutate: startDownload } = download;
  useEffect(() => {
    if (info?.status === "ready" && downloadedFor.current !== info.export_id) {
      downloadedFor.current = info.export_id;
      startDownload(info);
    }
  }, [info, startDownload]);

  let phase: ExportPhase = "idle";
  let error: unknown = null;
  if (request.isPending) phase = "requesting";
  else if (request.isError) [phase, error] = ["failed", request.error];
  else if (exportId !== null) {
    if (status.isError) [phase, error] = ["failed", status.error];
    else if (!info || info.status === "pending") phase = "preparing";
    else if (info.status === "ready") {
      if (download.isError) [phase, error] = ["failed", download.error];
      else phase = download.isSuccess ? "done" : "downloading";
    } else [phase, error] = ["failed", new Error(info.error ?? "The file could not be prepared. Please try again.")];
  }

  const start = () => {
    downloadedFor.current = null;
    setExportId(null);
    download.reset();
    request.mutate();
  };
  /** Download the ready file again (e.g. after the browser blocked the first one). */
  const again = () => {
    if (info?.status === "ready") download.mutate(info);
  };
  return { phase, error, start, again };
}

export function useRecordingStatus(sessionId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: reportKeys.recording(sessionId),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/v1/sessions/{session_id}/recording/status", { params: { path: { session_id: sessionId } }, signal }),
      ),
    retry: false,
  });
}

/**
 * The recording as an object URL. The API needs the bearer token, so a <video src> pointing
 * at it cannot work; the file is fetched once through the session and revoked on unmount.
 */
export function useRecordingBlob(playbackUrl: string | null, load: boolean) {
  const { session } = useAuth();
  const query = useQuery({
    queryKey: ["reports", "recording-file", playbackUrl],
    enabled: load && playbackUrl !== null,
    queryFn: async () => {
      const file = await fetchAuthenticated(session.fetch, playbackUrl ?? "");
      return file.blob;
    },
    staleTime: Infinity,
    // Holding a second copy of a large file in the cache after leaving the page is wasteful.
    gcTime: 0,
    retry: false,
  });
  const [url, setUrl] = useState<string | null>(null);
  const blob = query.data;
  useEffect(() => {
    if (!blob) return;
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [blob]);
  return { url, isLoading: query.isFetching, error: query.error };
}
