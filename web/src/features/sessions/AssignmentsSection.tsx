import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { reportPath } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { describeError, unwrap } from "../../lib/apiError";
import { formatDateTime } from "../../lib/dates";
import { useApi } from "../../lib/services";
import { deviceCheckForSession } from "../../config/paths";

const STATUS_TEXT = {
  open: "To do",
  completed: "Done",
  expired: "Past due",
  attempts_used: "All attempts started",
} as const;

const due = formatDateTime;

/** Practice your institutes assigned to you, soonest due first; starting one creates its session. */
export function AssignmentsSection() {
  const api = useApi();
  const navigate = useNavigate();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ["assignments", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/v1/assignments", { signal })),
  });
  const start = useMutation({
    mutationFn: (assignmentId: string) =>
      unwrap(
        api.POST("/v1/assignments/{assignment_id}/start", {
          params: { path: { assignment_id: assignmentId } },
          body: {},
        }),
      ),
    onSuccess: (session) => {
      void client.invalidateQueries({ queryKey: ["assignments", "mine"] });
      void navigate(deviceCheckForSession(session.id));
    },
  });

  if (query.isPending || query.isError || query.data.items.length === 0) return null;
  return (
    <section className="card assignments" aria-labelledby="assignments-title">
      <h2 id="assignments-title">Assigned to you</h2>
      {start.isError && (
        <Alert tone="error" title="The assignment could not start">
          <p>{describeError(start.error)}</p>
        </Alert>
      )}
      <ul className="assignments__list">
        {query.data.items.map((a) => (
          <li key={a.id} className="assignments__item" data-testid="assignment">
            <div>
              <strong>{a.title}</strong> · {a.organization_name}
              {a.group_name ? ` · ${a.group_name}` : ""}
              <br />
              <span>
                {a.template_title}, {a.duration_minutes} min · due {due(a.due_at)} · {STATUS_TEXT[a.status]} ·{" "}
                {a.attempts_left} of {a.max_attempts} attempt{a.max_attempts === 1 ? "" : "s"} left
                {a.camera_required ? " · camera required" : ""}
              </span>
              {a.sessions
                .filter((s) => s.status === "completed")
                .map((s) => (
                  <a key={s.session_id} href={reportPath(s.session_id)} className="assignments__report">
                    Report{s.overall !== null ? ` (${Math.round(s.overall)})` : ""}
                  </a>
                ))}
            </div>
            {a.can_start && (
              <button
                type="button"
                className="button button--primary"
                disabled={start.isPending}
                onClick={() => start.mutate(a.id)}
              >
                {start.isPending && start.variables === a.id ? "Starting…" : "Start"}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
