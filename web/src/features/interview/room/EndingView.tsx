import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { Alert } from "../../../components/Alert";
import { Loading } from "../../../components/Loading";
import { PageHeading } from "../../../components/PageHeading";
import { reportPath } from "../../../config/paths";
import { useReportQuery } from "../../../lib/reportQuery";
import { RecordingIndicator } from "../recording/RecordingIndicator";
import type { RecordingSnapshot } from "../recording/RecordingUploader";

/**
 * After End: saving (the last answer, the recording), then waiting on the report, which opens
 * once ready. The wait is the report page's own query (lib/reportQuery.ts): the page opens on
 * what the room last saw, with no second fetch. A failed request is tried again every second;
 * the report page itself explains lasting problems.
 */
export function EndingView({
  sessionId,
  ended,
  endReason,
  error,
  onRetry,
  onReady,
  recording = null,
}: {
  sessionId: string;
  ended: boolean;
  endReason: "user" | "time" | null;
  error: string | null;
  onRetry: () => void;
  onReady: () => void;
  recording?: RecordingSnapshot | null;
}) {
  const report = useReportQuery(sessionId, { enabled: ended, retryErrorsAfterMs: 1_000 });
  const status = report.data?.status;
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  useEffect(() => {
    if (status === "ready") onReadyRef.current();
  }, [status]);
  const failed = report.data?.status === "failed" ? (report.data.error ?? "The report could not be built.") : null;
  const progress = report.data?.status === "building" ? report.data.progress : null;
  const reportUrl = reportPath(sessionId);
  return (
    <div className="page">
      <PageHeading title={endReason === "time" ? "Time is up: well done" : "Session ended"} />
      {error ? (
        <Alert tone="error" title="The session could not be ended">
          <p>{error}</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </Alert>
      ) : failed ? (
        <Alert tone="error" title="The report could not be built">
          <p>
            {failed} <Link to={reportUrl}>Open the report page</Link> to retry.
          </p>
        </Alert>
      ) : (
        <div className="stack" role="status">
          <Loading
            label={
              ended
                ? "Building your report…"
                : recording?.phase === "saving"
                  ? "Saving your recording…"
                  : "Saving your last answer…"
            }
          />
          <RecordingIndicator state={recording} />
          {progress?.percent != null ? (
            <progress max={100} value={progress.percent} aria-label="Report progress">
              {progress.percent} %
            </progress>
          ) : null}
          <p>
            This takes a few seconds. <Link to={reportUrl}>Open the report page now</Link>
          </p>
        </div>
      )}
    </div>
  );
}
