import { Alert } from "../../components/Alert";
import { ApiError, NetworkError, describeError } from "../../lib/apiError";
import { useReportExport, type ExportPhase } from "./api";
import type { ExportType } from "./types";

// A failed export job carries its own reason (a plain Error); API and network trouble get the
// app's usual wording.
function errorText(err: unknown): string {
  if (err instanceof ApiError || err instanceof NetworkError || !(err instanceof Error)) return describeError(err);
  return err.message;
}

const NAME: Record<ExportType, string> = { pdf: "PDF", csv: "CSV" };

const PHASE_TEXT: Record<ExportPhase, (name: string) => string> = {
  idle: () => "",
  requesting: (n) => `Asking for the ${n}…`,
  preparing: (n) => `Preparing the ${n}…`,
  downloading: (n) => `Downloading the ${n}…`,
  done: (n) => `The ${n} has been downloaded.`,
  failed: () => "",
};

function ExportButton({ sessionId, type, hint }: { sessionId: string; type: ExportType; hint: string }) {
  const exp = useReportExport(sessionId, type);
  const name = NAME[type];
  const busy = exp.phase === "requesting" || exp.phase === "preparing" || exp.phase === "downloading";
  return (
    <div className="export">
      <button
        type="button"
        className="button"
        onClick={exp.start}
        disabled={busy}
        aria-describedby={`export-hint-${type}`}
      >
        {busy ? PHASE_TEXT[exp.phase](name) : `Download ${name}`}
      </button>
      <p id={`export-hint-${type}`} className="export__hint">
        {hint}
      </p>
      <div aria-live="polite" className="export__status">
        {exp.phase === "done" && (
          <p className="small">
            {PHASE_TEXT.done(name)}{" "}
            <button type="button" className="link-button" onClick={exp.again}>
              Download again
            </button>
          </p>
        )}
      </div>
      {exp.phase === "failed" && <Alert tone="error">{errorText(exp.error)}</Alert>}
    </div>
  );
}

/** PDF (the printable report) and CSV (per-second signals and per-answer scores) downloads. */
export function ExportButtons({ sessionId }: { sessionId: string }) {
  return (
    <div className="export-row" role="group" aria-label="Download this report">
      <ExportButton sessionId={sessionId} type="pdf" hint="The report to print or keep, with the timeline." />
      <ExportButton sessionId={sessionId} type="csv" hint="Per-second measurements and per-answer scores." />
    </div>
  );
}
