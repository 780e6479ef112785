import { Link, useNavigate, useSearchParams } from "react-router";
import { reportPath, sessionSetupPath } from "../../config/paths";
import type { SessionSummary } from "../../client/types";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError } from "../../lib/apiError";
import { formatDateTime } from "../../lib/dates";
import { useAuth } from "../../lib/services";
import { AssignmentsSection } from "./AssignmentsSection";
import { EndSessionOffer } from "../../components/EndSessionOffer";
import { SESSIONS_PAGE_SIZE, useSessionsPage } from "./useSessionsPage";

function pageFrom(params: URLSearchParams): number {
  const n = Number(params.get("page") ?? "1");
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** "Your sessions": the signed-in home page. */
export function HomePage() {
  const { state } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const query = useSessionsPage(page);
  const firstName = state.status === "signedIn" ? state.user.full_name.split(" ")[0] : undefined;

  return (
    <div className="page">
      <PageHeading title="Your sessions" />
      {firstName && <p className="page-lead">Welcome, {firstName}.</p>}
      <AssignmentsSection />

      {query.isPending ? (
        <Loading label="Loading your sessions…" />
      ) : query.isError ? (
        <div className="stack">
          <Alert tone="error" title="Your sessions could not be loaded">
            <p>{describeError(query.error)}</p>
          </Alert>
          <button type="button" className="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching ? "Trying again…" : "Try again"}
          </button>
        </div>
      ) : query.data.total === 0 ? (
        <EmptyState />
      ) : (
        <>
          {/* A returning candidate's next step is another session, not only the list. */}
          <div className="cta">
            <StartSession />
          </div>
          <SessionList items={query.data.items} />
          <Pager
            page={page}
            pages={Math.max(1, Math.ceil(query.data.total / SESSIONS_PAGE_SIZE))}
            busy={query.isFetching}
            onPage={(p) => setParams(p === 1 ? {} : { page: String(p) })}
          />
        </>
      )}
    </div>
  );
}

function StartSession({ describedBy }: { describedBy?: string }) {
  if (sessionSetupPath) {
    return (
      <Link to={sessionSetupPath} className="button button--primary" aria-describedby={describedBy}>
        Start a practice session
      </Link>
    );
  }
  // No setup screen in this release: say so plainly instead of linking to an empty page.
  // aria-disabled (not disabled) keeps it focusable, so the explanation is discoverable.
  return (
    <button type="button" className="button button--primary" aria-disabled="true" aria-describedby={describedBy}>
      Start a practice session
    </button>
  );
}

function EmptyState() {
  return (
    <section className="card empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">No practice sessions yet</h2>
      <p>
        A practice session is a mock interview for the role and round you choose. You answer out loud, and afterwards
        you get a report on what went well and what to work on.
      </p>
      <div className="cta">
        <StartSession describedBy="cta-note" />
        <p id="cta-note" className="cta__note">
          {sessionSetupPath
            ? "Takes 10 to 30 minutes. You can stop at any time."
            : "Practice sessions arrive with the next release of MoodLens. Your account is ready for them."}
        </p>
      </div>
    </section>
  );
}

type Template = SessionSummary["template"];

// Records over the schema's enums: a value added on the server fails the type check here.
const STATUS_LABEL: Record<SessionSummary["status"], string> = {
  scheduled: "Not started",
  live: "Not ended",
  completed: "Completed",
  failed: "Did not finish",
};

const ROUND_LABEL: Record<Template["round_type"], string> = {
  hr: "HR round",
  behavioral: "Behavioural round",
  technical_intro: "Technical introduction",
  case: "Case round",
};

const DIFFICULTY_LABEL: Record<Template["difficulty"], string> = {
  easy: "Easy",
  medium: "Medium",
  hard: "Hard",
};

function SessionList({ items }: { items: SessionSummary[] }) {
  const navigate = useNavigate();
  return (
    <ul className="session-list" aria-label="Practice sessions">
      {items.map((s) => (
        <li key={s.id} className="card session-list__item">
          <div className="session-list__head">
            <h2 className="session-list__title">{s.template.title}</h2>
            <span className={`badge badge--${s.status}`}>{STATUS_LABEL[s.status]}</span>
          </div>
          <p className="session-list__meta">
            {ROUND_LABEL[s.template.round_type]} · {DIFFICULTY_LABEL[s.template.difficulty]} · {s.duration_minutes} min
          </p>
          <p className="session-list__date">
            <time dateTime={s.started_at ?? s.created_at}>{formatDateTime(s.started_at ?? s.created_at)}</time>
          </p>
          {s.status === "live" && (
            <EndSessionOffer
              sessionId={s.id}
              title={s.template.title}
              timeLeftS={s.time_left_s}
              onEnded={() => void navigate(reportPath(s.id))}
            />
          )}
          {s.status === "completed" && (
            <p className="session-list__actions">
              <Link to={reportPath(s.id)}>
                View report<span className="visually-hidden">: {s.template.title}</span>
              </Link>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function Pager({
  page,
  pages,
  busy,
  onPage,
}: {
  page: number;
  pages: number;
  busy: boolean;
  onPage: (p: number) => void;
}) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Session pages">
      <button type="button" className="button" onClick={() => onPage(page - 1)} disabled={page <= 1 || busy}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {pages}
      </span>
      <button type="button" className="button" onClick={() => onPage(page + 1)} disabled={page >= pages || busy}>
        Next
      </button>
    </nav>
  );
}
