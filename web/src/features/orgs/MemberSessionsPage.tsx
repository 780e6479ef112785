import { Link, useParams } from "react-router";
import { instituteDashboardPath } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ApiError, describeError } from "../../lib/apiError";
import { formatMetric, metricLabel } from "../../lib/metrics";
import { useMemberSessions } from "./api";
import { formatDate, formatScore, scoreLabel } from "./format";
import type { MemberSession, MemberSessions, SharedDetail } from "./types";
import { SCORE_KEYS } from "./types";
import "./orgs.css";

const FALLBACK_TITLE = "Member's sessions";

/**
 * One member's completed sessions as an owner or admin sees them (linked from the cohort
 * dashboard's member table). The server decides what may be seen: scores only for members who
 * share their progress, answers and cues only for sessions they shared, every view audited.
 */
export function MemberSessionsPage() {
  const { orgId = "", userId = "" } = useParams();
  const query = useMemberSessions(orgId, userId);
  return (
    <div className="page orgs-page">
      <p className="back-link">
        <Link to={instituteDashboardPath(orgId)}>← Cohort dashboard</Link>
      </p>
      {query.isPending ? (
        <>
          <PageHeading title={FALLBACK_TITLE} />
          <Loading label="Loading the member's sessions…" />
        </>
      ) : query.isError ? (
        <>
          <PageHeading title={FALLBACK_TITLE} />
          <LoadError error={query.error} retrying={query.isFetching} onRetry={() => void query.refetch()} />
        </>
      ) : (
        <MemberView data={query.data} />
      )}
    </div>
  );
}

function LoadError({ error, retrying, onRetry }: { error: Error; retrying: boolean; onRetry: () => void }) {
  const status = error instanceof ApiError ? error.status : null;
  const code = error instanceof ApiError ? error.body?.error : undefined;
  if (code === "MemberNotSharing") {
    return (
      <Alert tone="error" title="This member's sessions are private">
        <p>{describeError(error)}</p>
      </Alert>
    );
  }
  if (status === 403) {
    return (
      <Alert tone="error" title="Only the owner and admins can see members' sessions">
        <p>{describeError(error)}</p>
      </Alert>
    );
  }
  // 422 is a malformed id in the link: to the reader it is the same as a missing member.
  if (status === 404 || status === 422) {
    return (
      <Alert tone="error" title="This member was not found">
        <p>
          They may have left the organization, or the link is wrong. The cohort dashboard lists every member who shares
          their progress.
        </p>
      </Alert>
    );
  }
  return (
    <div className="stack">
      <Alert tone="error" title="The sessions could not be loaded">
        <p>{describeError(error)}</p>
      </Alert>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? "Trying again…" : "Try again"}
      </button>
    </div>
  );
}

function MemberView({ data }: { data: MemberSessions }) {
  const { name, sessions } = data;
  return (
    <>
      <PageHeading title={`${name}: sessions`} />
      <p className="page-lead">
        {name}&apos;s completed sessions with their scores, newest first. Answers, summaries and face cues appear only
        for sessions {name} chose to share with you.
      </p>
      <p className="member-view-note">
        <strong>{name} is told about each view.</strong> Opening this page shows in their activity as &ldquo;Your
        organization&apos;s admin viewed your data&rdquo;, once for the page and once for each shared session on it.
      </p>
      {sessions.length === 0 ? (
        <p className="orgs-empty">{name} has no completed sessions yet.</p>
      ) : (
        <ol className="member-sessions" aria-label={`Sessions of ${name}`}>
          {sessions.map((s) => (
            <li key={s.session_id}>
              <SessionCard session={s} name={name} labels={data.labels} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function SessionCard({
  session,
  name,
  labels,
}: {
  session: MemberSession;
  name: string;
  labels: MemberSessions["labels"];
}) {
  const titleId = `member-session-${session.session_id}`;
  return (
    <article className="card member-session" aria-labelledby={titleId}>
      <h2 id={titleId}>{session.title}</h2>
      {/* The template's title already names the role and round. */}
      {session.ended_at && <p className="orgs-section__lead">Ended {formatDate(session.ended_at)}</p>}
      {session.scores ? (
        <dl className="member-scores" aria-label="Scores">
          {SCORE_KEYS.map((k) => (
            <div key={k} className={k === "overall" ? "member-score member-score--overall" : "member-score"}>
              <dt>{scoreLabel(k, labels)}</dt>
              <dd>{formatScore(session.scores?.[k])}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="member-session__note">No scores yet: the report of this session is still being built.</p>
      )}
      {session.shared ? (
        <SharedView detail={session.shared} name={name} />
      ) : (
        <p className="member-session__note">Answers and face cues are private: {name} has not shared this session.</p>
      )}
    </article>
  );
}

const MODE_LABEL: Record<string, string> = { voice: "spoken", typed: "typed" };

function SharedView({ detail, name }: { detail: SharedDetail; name: string }) {
  const metrics = Object.entries(detail.metrics).filter(([, v]) => v !== null && v !== undefined);
  const count = detail.answers.length;
  // A disclosure keeps a long list of sessions scannable; <details> is keyboard-operable as is.
  return (
    <details className="member-shared">
      <summary>
        Answers and cues {name} shared ({count} answer{count === 1 ? "" : "s"})
      </summary>
      <div className="member-shared__body">
        {detail.summary_text && <p>{detail.summary_text}</p>}
        {metrics.length > 0 && (
          <>
            <h3>Measurements</h3>
            <p className="member-session__note">
              Averages over the session&apos;s answers. Camera cues are visible behaviour only (face in view, facing the
              camera, steadiness), never an inner state: do not over-interpret them.
            </p>
            <dl className="member-metrics">
              {metrics.map(([key, value]) => (
                <div key={key}>
                  <dt>{metricLabel(key)}</dt>
                  <dd>{formatMetric(key, value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <h3>Answers</h3>
        {count === 0 ? (
          <p>No answers were given in this session.</p>
        ) : (
          <ol className="member-answers">
            {detail.answers.map((a, i) => (
              // A question may hold more than one answer (a retried one), so its number is not unique.
              <li key={`${a.sequence_no}-${i}`}>
                <p className="member-answers__question">
                  Question {a.sequence_no}: {a.question_text}
                </p>
                <p className="member-answers__text">
                  {a.transcript}{" "}
                  <span className="member-session__note">({MODE_LABEL[a.input_mode] ?? a.input_mode} answer)</span>
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </details>
  );
}
