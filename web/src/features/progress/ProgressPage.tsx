import { useId } from "react";
import { Link } from "react-router";
import { paths, reportPath, sessionSetupPath } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError } from "../../lib/apiError";
import { formatDate, formatDayMonth } from "../../lib/dates";
import { signed } from "../../lib/numbers";
import { ComparisonTable, asMetricDeltas } from "../../components/ComparisonTable";
import "../../styles/report.css";
import { useInsights, useProgress } from "./api";
import { PracticeRetries } from "./PracticeRetries";
import { TREND_ORDER, TrendChart, trendLabel } from "./TrendChart";
import type { Progress } from "./types";
import { WeakAreas, WeeklyPlan } from "./WeeklyPlan";
import "./progress.css";

/** Progress across sessions: trends, practice rhythm, N vs N-1, retries, weak areas and the weekly plan. */
export function ProgressPage() {
  const progress = useProgress();
  const insights = useInsights();

  return (
    <div className="page progress-page report-page">
      <PageHeading title="Your progress" />
      {progress.isPending ? (
        <Loading label="Loading your progress…" />
      ) : progress.isError ? (
        <div className="stack">
          <Alert tone="error" title="Your progress could not be loaded">
            <p>{describeError(progress.error)}</p>
          </Alert>
          <button
            type="button"
            className="button"
            onClick={() => void progress.refetch()}
            disabled={progress.isFetching}
          >
            {progress.isFetching ? "Trying again…" : "Try again"}
          </button>
        </div>
      ) : progress.data.session_count === 0 ? (
        <EmptyState />
      ) : (
        <div className="progress-layout">
          <p className="page-lead">
            {progress.data.session_count} session{progress.data.session_count === 1 ? "" : "s"} with a report so far.
          </p>
          <TrendChart progress={progress.data} />
          <div className="two-col two-col--cards">
            <Improvement progress={progress.data} />
            <SessionsPerWeek progress={progress.data} />
          </div>
          <LatestComparison progress={progress.data} />
          <PracticeRetries progress={progress.data} />
          {insights.isPending ? (
            <Loading label="Loading your plan…" />
          ) : insights.isError ? (
            <Alert tone="error" title="Your plan could not be loaded">
              <p>{describeError(insights.error)}</p>
            </Alert>
          ) : (
            <>
              <WeakAreas areas={insights.data.weak_areas} />
              {insights.data.weekly_plan && <WeeklyPlan plan={insights.data.weekly_plan} />}
            </>
          )}
          <SessionLinks progress={progress.data} />
        </div>
      )}
    </div>
  );
}

function EmptyState() {
  return (
    <section className="card empty-state" aria-labelledby="progress-empty-title">
      <h2 id="progress-empty-title">Your progress starts with your first session</h2>
      <p>
        After each practice session you get a report. Here you will then see how your scores change from session to
        session, how often you practise, and a plan of short drills for the week, sized to the time you have.
      </p>
      <div className="cta">
        {sessionSetupPath ? (
          <Link to={sessionSetupPath} className="button button--primary">
            Start a practice session
          </Link>
        ) : (
          <Link to={paths.deviceCheck} className="button button--primary">
            Get ready: check your camera and microphone
          </Link>
        )}
        <p className="cta__note">A session takes 10 to 30 minutes, and you can stop at any time.</p>
      </div>
    </section>
  );
}

function Improvement({ progress }: { progress: Progress }) {
  const id = useId();
  const after3 = progress.improvement_after_3;
  const sinceFirst = progress.improvement_since_first;
  return (
    <section className="card progress-section" aria-labelledby={id}>
      <h2 id={id}>Change after three sessions</h2>
      {after3 ? (
        <>
          <p className="muted">From your first session to your third:</p>
          <ul className="delta-list">
            {TREND_ORDER.map((k) => {
              const v = after3[k];
              return v === undefined ? null : (
                <li key={k}>
                  <span>{trendLabel(k, progress.labels)}</span> <strong>{signed(v)}</strong>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p className="muted">
          After your third session this shows how much each score moved from the first to the third (
          {Math.max(0, 3 - progress.session_count)} to go).
        </p>
      )}
      {sinceFirst && progress.session_count > 3 && (
        <p className="small delta-note">
          Overall since your first session: <strong>{signed(sinceFirst.overall ?? 0)}</strong>
        </p>
      )}
    </section>
  );
}

const weekLabel = formatDayMonth;

function SessionsPerWeek({ progress }: { progress: Progress }) {
  const id = useId();
  const weeks = progress.sessions_per_week.slice(-8);
  const max = Math.max(1, ...weeks.map((w) => w.count));
  return (
    <section className="card progress-section" aria-labelledby={id}>
      <h2 id={id}>Sessions per week</h2>
      <p className="muted">
        On average {progress.avg_sessions_per_week_4w.toFixed(1)} a week over the last four weeks.
      </p>
      <ul className="week-bars">
        {weeks.map((w) => (
          <li key={w.week_start}>
            <span className="week-bars__label">Week of {weekLabel(w.week_start)}</span>
            <span className="week-bars__bar" aria-hidden="true">
              <span style={{ width: `${(w.count / max) * 100}%` }} />
            </span>
            <span className="week-bars__count">
              {w.count}
              <span className="visually-hidden"> session{w.count === 1 ? "" : "s"}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function LatestComparison({ progress }: { progress: Progress }) {
  const id = useId();
  const c = progress.latest_comparison;
  const n = progress.session_count;
  return (
    <section className="card progress-section" aria-labelledby={id}>
      <h2 id={id}>Latest session against the one before</h2>
      {c?.available && c.dimensions ? (
        <ComparisonTable
          labels={progress.labels}
          overall={c.overall}
          dimensions={c.dimensions}
          metrics={asMetricDeltas(c.metrics)}
          caption={`Session ${n} against session ${n - 1}`}
        />
      ) : (
        <p className="muted">After your second session you can compare it here with the first.</p>
      )}
    </section>
  );
}

function SessionLinks({ progress }: { progress: Progress }) {
  const id = useId();
  const sessions = [...progress.sessions].reverse();
  return (
    <section className="card progress-section" aria-labelledby={id}>
      <h2 id={id}>Reports</h2>
      <ul className="report-links">
        {sessions.map((s) => (
          <li key={s.session_id}>
            {/* The date is part of the link text: titles repeat, and each link must say where it goes. */}
            <Link to={reportPath(s.session_id)}>
              {s.title}, {formatDate(s.ended_at)}
            </Link>{" "}
            <span className="muted">· overall {Math.round(s.overall)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
