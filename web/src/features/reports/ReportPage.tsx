import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ApiError, describeError } from "../../lib/apiError";
import { EndSessionOffer } from "../../components/EndSessionOffer";
import { useReport, useRetryReport, useSessionSummary } from "./api";
import { ReportView } from "./ReportView";
import type { ReportBuilding, ReportFailed } from "./types";
import "../../styles/report.css";

/** After this long "building", say so and offer a manual check (the polling carries on). */
export const SLOW_BUILD_MS = 60_000;

const STAGE_TEXT: Record<ReportBuilding["progress"]["stage"], string> = {
  queued: "Waiting for its turn",
  scoring: "Scoring your answers",
  retrying: "Trying again after a problem",
};

/** The report of one session: building (with progress), failed (with the reason and a retry) or ready. */
export function ReportPage() {
  const { sessionId = "" } = useParams();
  const query = useReport(sessionId);
  const data = query.data;
  const title = data?.status === "ready" ? `Report: ${data.session.title}` : "Session report";

  return (
    <div className="page report-page">
      <PageHeading title={title}>Session report</PageHeading>
      {query.isPending ? (
        <Loading label="Loading your report…" />
      ) : query.isError ? (
        <LoadError
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
          sessionId={sessionId}
        />
      ) : data?.status === "building" ? (
        <Building data={data} onCheck={() => void query.refetch()} checking={query.isFetching} />
      ) : data?.status === "failed" ? (
        <Failed data={data} sessionId={sessionId} />
      ) : data?.status === "ready" ? (
        <ReportView report={data} />
      ) : null}
    </div>
  );
}

function LoadError({
  error,
  retrying,
  onRetry,
  sessionId,
}: {
  error: Error;
  retrying: boolean;
  onRetry: () => void;
  sessionId: string;
}) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
    return (
      <Alert tone="error" title="This report was not found">
        <p>The session may have been deleted, or the link is wrong.</p>
        <p>
          <Link to={paths.home}>Back to your sessions</Link>
        </p>
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 409) {
    return <NotEnded sessionId={sessionId} onEnded={onRetry} />;
  }
  return (
    <div className="stack">
      <Alert tone="error" title="The report could not be loaded">
        <p>{describeError(error)}</p>
      </Alert>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? "Trying again…" : "Try again"}
      </button>
    </div>
  );
}

/**
 * No report because the session has not ended. A live one (tab closed, ending failed) can be
 * ended from here, so it always gets its report; a scheduled one never started.
 */
function NotEnded({ sessionId, onEnded }: { sessionId: string; onEnded: () => void }) {
  const session = useSessionSummary(sessionId);
  const data = session.data;
  return (
    <section className="card report-state" aria-labelledby="not-ended-title">
      <h2 id="not-ended-title">No report yet</h2>
      {session.isPending ? (
        <Loading label="Checking the session…" />
      ) : data?.status === "live" ? (
        <EndSessionOffer
          sessionId={sessionId}
          title={data.template.title}
          timeLeftS={data.time_left_s}
          onEnded={onEnded}
        />
      ) : (
        <p>
          {data?.status === "scheduled"
            ? "This session never started, so there is nothing to report on."
            : "This session has not ended, so there is nothing to report on. The report is built when the session ends."}
        </p>
      )}
      <p>
        <Link to={paths.home}>Back to your sessions</Link>
      </p>
    </section>
  );
}

function Building({ data, onCheck, checking }: { data: ReportBuilding; onCheck: () => void; checking: boolean }) {
  const { progress } = data;
  const [slow, setSlow] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setSlow(true), SLOW_BUILD_MS);
    return () => window.clearTimeout(timer);
  }, []);
  useEffect(() => {
    // Reached from a retry button that no longer exists: keep keyboard focus on the page.
    if (document.activeElement === document.body) heading.current?.focus();
  }, []);
  return (
    <section className="card report-state" aria-labelledby="building-title">
      <h2 id="building-title" ref={heading} tabIndex={-1}>
        Your report is being built
      </h2>
      <p>It usually takes a few seconds. This page updates by itself.</p>
      <div className="build-progress">
        <label htmlFor="build-progress">
          {STAGE_TEXT[progress.stage]}
          {progress.attempt > 1 ? ` (attempt ${progress.attempt} of ${progress.max_attempts})` : ""}
        </label>
        <progress id="build-progress" max={100} value={progress.percent}>
          {progress.percent}%
        </progress>
      </div>
      {progress.last_error && (
        <p className="muted">The previous attempt did not finish ({progress.last_error}); it is being tried again.</p>
      )}
      {slow && (
        <div className="stack">
          <Alert tone="info" title="This is taking longer than usual">
            <p>
              You can leave this page and come back later: the report keeps building. If it cannot be built, this page
              will say why and let you try again.
            </p>
          </Alert>
          <button type="button" className="button" onClick={onCheck} disabled={checking}>
            {checking ? "Checking…" : "Check now"}
          </button>
        </div>
      )}
    </section>
  );
}

function Failed({ data, sessionId }: { data: ReportFailed; sessionId: string }) {
  const retry = useRetryReport(sessionId);
  return (
    <section className="card report-state" aria-labelledby="failed-title">
      <h2 id="failed-title">The report could not be built</h2>
      <Alert tone="error">
        <p>{data.error}</p>
        {data.attempts > 0 && (
          <p>
            Tried {data.attempts} time{data.attempts === 1 ? "" : "s"}.
          </p>
        )}
      </Alert>
      {data.can_retry ? (
        <button
          type="button"
          className="button button--primary"
          onClick={() => retry.mutate()}
          disabled={retry.isPending}
        >
          {retry.isPending ? "Starting…" : "Retry"}
        </button>
      ) : (
        <p>
          <Link to={paths.home}>Back to your sessions</Link>
        </p>
      )}
      {retry.isError && !(retry.error instanceof ApiError && retry.error.status === 409) && (
        <Alert tone="error">{describeError(retry.error)}</Alert>
      )}
    </section>
  );
}
