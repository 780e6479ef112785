import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { describeError } from "../../lib/apiError";
import { useAuditTrail } from "./api";
import { actionLabel, formatDateTime } from "./format";

/** The user's own audit trail: every operation on their data, including admin views. */
export function ActivitySection() {
  const trail = useAuditTrail();
  return (
    <section className="card settings-section" aria-labelledby="activity-title">
      <h2 id="activity-title">Activity on your data</h2>
      <p className="settings-section__lead">
        Consents, exports, deletions, recordings and any time an organization admin looked at your results.
      </p>
      {trail.isPending ? (
        <Loading label="Loading activity…" />
      ) : trail.isError ? (
        <Alert tone="error">{describeError(trail.error)}</Alert>
      ) : trail.data.items.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ul className="record-list" aria-label="Recent activity">
          {trail.data.items.map((entry) => (
            <li key={entry.id}>
              {actionLabel(entry.action)}{" "}
              <span className="record-list__meta">· {formatDateTime(entry.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
