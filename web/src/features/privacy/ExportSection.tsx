import { useState } from "react";
import { Alert } from "../../components/Alert";
import { describeError } from "../../lib/apiError";
import { useDownloadExport, useExportStatus, useExports, useRequestExport } from "./api";
import { formatDateTime } from "./format";
import type { ExportInfo } from "./types";

const TYPE_LABEL: Record<string, string> = {
  zip: "All my data (zip)",
  pdf: "Session report (PDF)",
  csv: "Session data (CSV)",
};

/** "Download all my data": request a zip, watch it being built, download it within 24 h. */
export function ExportSection() {
  const request = useRequestExport();
  const [exportId, setExportId] = useState<string | null>(null);
  const status = useExportStatus(exportId);
  const list = useExports();
  const current = status.data;

  return (
    <section className="card settings-section" aria-labelledby="export-title">
      <h2 id="export-title">Download my data</h2>
      <p className="settings-section__lead">
        A zip with your account, consents, settings, every session (questions, transcripts, scores, recommendations),
        the numbers captured while you spoke as a spreadsheet, and your recordings. The download link works for 24
        hours.
      </p>
      <div className="stack">
        <button
          type="button"
          className="button button--primary"
          disabled={request.isPending || current?.status === "pending"}
          onClick={() => request.mutate(undefined, { onSuccess: (data) => setExportId(data.export_id) })}
        >
          {request.isPending ? "Requesting…" : "Prepare my data"}
        </button>
        {request.isError && <Alert tone="error">{describeError(request.error)}</Alert>}
        <div aria-live="polite">{current && <ExportState info={current} />}</div>
        {list.data && list.data.items.length > 0 && (
          <details>
            <summary>Earlier exports</summary>
            <ul className="record-list">
              {list.data.items.map((e) => (
                <li key={e.export_id}>
                  {TYPE_LABEL[e.export_type] ?? e.export_type} ·{" "}
                  <span className="record-list__meta">
                    {formatDateTime(e.created_at)} · {statusText(e)}
                  </span>{" "}
                  {e.status === "ready" && <DownloadButton info={e} compact />}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}

function statusText(e: ExportInfo): string {
  switch (e.status) {
    case "pending":
      return "being prepared";
    case "ready":
      return e.expires_at ? `available until ${formatDateTime(e.expires_at)}` : "ready";
    case "expired":
      return "expired";
    default:
      return "failed";
  }
}

function ExportState({ info }: { info: ExportInfo }) {
  if (info.status === "pending") return <p>Preparing your file… you can stay on this page or come back later.</p>;
  if (info.status === "ready") {
    return (
      <div className="stack">
        <Alert tone="success">
          <p>Your file is ready{info.expires_at ? `; the link works until ${formatDateTime(info.expires_at)}` : ""}.</p>
        </Alert>
        <DownloadButton info={info} />
      </div>
    );
  }
  if (info.status === "expired") return <Alert tone="info">This download has expired; prepare a new one.</Alert>;
  return <Alert tone="error">{info.error ?? "The export failed; please try again."}</Alert>;
}

function DownloadButton({ info, compact = false }: { info: ExportInfo; compact?: boolean }) {
  const download = useDownloadExport();
  return (
    <>
      <button
        type="button"
        className={compact ? "button button--quiet" : "button"}
        onClick={() => download.mutate(info)}
        disabled={download.isPending}
      >
        {download.isPending ? "Downloading…" : "Download"}
      </button>
      {download.isError && <Alert tone="error">{describeError(download.error)}</Alert>}
    </>
  );
}
