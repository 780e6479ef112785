import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError, unwrap } from "../../lib/apiError";
import { useApi } from "../../lib/services";
import { CoachComments, formatMoment } from "../../components/CoachComments";
import { formatDate } from "./format";
import "./orgs.css";

/** Sessions members shared with the institute, for its owner, admins and coaches to comment on. */
export function SharedSessionsPage() {
  const { orgId = "" } = useParams();
  const api = useApi();
  const query = useQuery({
    queryKey: ["orgs", "shared", orgId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/orgs/{org_id}/shared-sessions", { params: { path: { org_id: orgId } }, signal })),
  });
  return (
    <div className="page orgs-page">
      <PageHeading title={query.data ? `Shared sessions · ${query.data.organization_name}` : "Shared sessions"} />
      <p className="page-lead">
        Members chose to share these sessions with you. Each time you open this page it is recorded in their activity
        trail. Comment on a moment or an answer; they see it on their report and can delete it.
      </p>
      <p>
        <Link to={paths.institute}>Back to Institute</Link>
      </p>
      {query.isPending ? (
        <Loading label="Loading shared sessions…" />
      ) : query.isError ? (
        <Alert tone="error" title="Shared sessions could not be loaded">
          <p>{describeError(query.error)}</p>
        </Alert>
      ) : query.data.items.length === 0 ? (
        <p className="orgs-empty">No member has shared a session with the institute yet.</p>
      ) : (
        query.data.items.map((s) => (
          <article key={s.session_id} className="card" data-testid="shared-session">
            <h2>
              {s.member_name} · {s.title}
            </h2>
            <p>
              {s.ended_at ? `Ended ${formatDate(s.ended_at)}` : "Not ended"} · length {formatMoment(s.length_ms)}
            </p>
            <ol>
              {s.answers.map((a) => (
                <li key={a.question_id}>
                  <strong>{a.question_text}</strong>
                  <p>{a.transcript || "(no answer)"}</p>
                </li>
              ))}
            </ol>
            <CoachComments sessionId={s.session_id} answers={s.answers} />
          </article>
        ))
      )}
    </div>
  );
}
