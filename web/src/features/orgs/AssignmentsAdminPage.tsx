import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError, unwrap } from "../../lib/apiError";
import { useApi } from "../../lib/services";
import { formatDate } from "./format";
import "./orgs.css";

/** Groups and assignments of an institute, for its owner and admins. */
export function AssignmentsAdminPage() {
  const { orgId = "" } = useParams();
  const api = useApi();
  const path = { params: { path: { org_id: orgId } } };
  const assignments = useQuery({
    queryKey: ["orgs", "assignments", orgId],
    queryFn: ({ signal }) => unwrap(api.GET("/v1/orgs/{org_id}/assignments", { ...path, signal })),
  });
  const groups = useQuery({
    queryKey: ["orgs", "groups", orgId],
    queryFn: ({ signal }) => unwrap(api.GET("/v1/orgs/{org_id}/groups", { ...path, signal })),
  });
  return (
    <div className="page orgs-page">
      <PageHeading title="Assignments" />
      <p className="page-lead">
        Assign practice to the whole institute or one group. Scores appear per assignment only from members who share
        their progress, and only once at least {assignments.data?.threshold ?? 5} of them have one.
      </p>
      <p>
        <Link to={paths.institute}>Back to Institute</Link>
      </p>
      <CreateAssignment orgId={orgId} groups={groups.data?.items ?? []} />
      <CreateGroup orgId={orgId} />
      {(groups.data?.items ?? []).map((g) => (
        <GroupMembers key={g.id} orgId={orgId} group={g} />
      ))}
      {assignments.isPending ? (
        <Loading label="Loading assignments…" />
      ) : assignments.isError ? (
        <Alert tone="error" title="Assignments could not be loaded">
          <p>{describeError(assignments.error)}</p>
        </Alert>
      ) : assignments.data.items.length === 0 ? (
        <p className="orgs-empty">No assignments yet.</p>
      ) : (
        <table className="orgs-table">
          <caption>Assignments, latest due first</caption>
          <thead>
            <tr>
              <th scope="col">Assignment</th>
              <th scope="col">For</th>
              <th scope="col">Due</th>
              <th scope="col">Completed</th>
              <th scope="col">Cohort overall</th>
            </tr>
          </thead>
          <tbody>
            {assignments.data.items.map((a) => (
              <tr key={a.id} data-testid="admin-assignment">
                <td>
                  {a.title} ({a.template_title}, {a.duration_minutes} min{a.camera_required ? ", camera" : ""})
                </td>
                <td>{a.group_name ?? "Everyone"}</td>
                <td>
                  {formatDate(a.due_at)} {a.status === "closed" ? "(closed)" : ""}
                </td>
                <td>
                  {a.completed_count} of {a.assigned_count} (started {a.started_count})
                </td>
                <td>{a.cohort ? `${a.cohort.averages.overall} over ${a.cohort.members}` : a.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CreateGroup({ orgId }: { orgId: string }) {
  const api = useApi();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/v1/orgs/{org_id}/groups", { params: { path: { org_id: orgId } }, body: { name } })),
    onSuccess: () => {
      setName("");
      void client.invalidateQueries({ queryKey: ["orgs", "groups", orgId] });
    },
  });
  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) create.mutate();
      }}
    >
      <h2>New group</h2>
      {create.isError && <Alert tone="error">{describeError(create.error)}</Alert>}
      <label>
        Group name (e.g. Batch 2027)
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
      </label>
      <button type="submit" className="button" disabled={create.isPending}>
        Create group
      </button>
    </form>
  );
}

type Group = { id: string; name: string; member_user_ids: string[] };

/** Who is in one group: every member of the institute with a checkbox. */
function GroupMembers({ orgId, group }: { orgId: string; group: Group }) {
  const api = useApi();
  const client = useQueryClient();
  const members = useQuery({
    queryKey: ["orgs", "members", orgId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/orgs/{org_id}/members", { params: { path: { org_id: orgId } }, signal })),
  });
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(group.member_user_ids));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/v1/orgs/{org_id}/groups/{group_id}/members", {
          params: { path: { org_id: orgId, group_id: group.id } },
          body: { user_ids: [...chosen] },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["orgs", "groups", orgId] }),
  });
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form
      className="card stack"
      aria-label={`Members of ${group.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2>{group.name}</h2>
      {save.isError && <Alert tone="error">{describeError(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">Saved: {save.data.member_count} members.</Alert>}
      <fieldset>
        <legend>Members</legend>
        {(members.data?.items ?? []).map((m) => (
          <label key={m.user_id}>
            <input type="checkbox" checked={chosen.has(m.user_id)} onChange={() => toggle(m.user_id)} /> {m.name} (
            {m.role})
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={save.isPending}>
        Save members
      </button>
    </form>
  );
}

function inAWeek(): string {
  const d = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function CreateAssignment({ orgId, groups }: { orgId: string; groups: { id: string; name: string }[] }) {
  const api = useApi();
  const client = useQueryClient();
  const templates = useQuery({
    queryKey: ["templates"],
    queryFn: ({ signal }) => unwrap(api.GET("/v1/templates", { signal })),
  });
  const [templateId, setTemplateId] = useState("");
  const [title, setTitle] = useState("");
  const [duration, setDuration] = useState<10 | 20 | 30>(10);
  const [dueAt, setDueAt] = useState(inAWeek());
  const [attempts, setAttempts] = useState(1);
  const [camera, setCamera] = useState(false);
  const [groupId, setGroupId] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/v1/orgs/{org_id}/assignments", {
          params: { path: { org_id: orgId } },
          body: {
            template_id: templateId,
            title: title.trim() || null,
            duration_minutes: duration,
            due_at: new Date(dueAt).toISOString(),
            max_attempts: attempts,
            camera_required: camera,
            group_id: groupId || null,
          },
        }),
      ),
    onSuccess: () => {
      setTitle("");
      void client.invalidateQueries({ queryKey: ["orgs", "assignments", orgId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const items = templates.data ?? [];
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-assignment">
      <h2 id="new-assignment">New assignment</h2>
      {create.isError && <Alert tone="error">{describeError(create.error)}</Alert>}
      {create.isSuccess && <Alert tone="success">Assigned. Members see it on their Home page.</Alert>}
      <label>
        Practice (role, round, difficulty)
        <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} required>
          <option value="">Choose…</option>
          {items.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title} ({t.difficulty})
            </option>
          ))}
        </select>
      </label>
      <label>
        Title shown to members (optional)
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </label>
      <label>
        Duration
        <select value={duration} onChange={(e) => setDuration(Number(e.target.value) as 10 | 20 | 30)}>
          <option value={10}>10 minutes</option>
          <option value={20}>20 minutes</option>
          <option value={30}>30 minutes</option>
        </select>
      </label>
      <label>
        Due
        <input type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} required />
      </label>
      <label>
        Attempts allowed
        <input
          type="number"
          min={1}
          max={20}
          value={attempts}
          onChange={(e) => setAttempts(Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <label>
        <input type="checkbox" checked={camera} onChange={(e) => setCamera(e.target.checked)} /> Camera required
      </label>
      <label>
        For
        <select value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          <option value="">The whole institute</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={create.isPending || !templateId}>
        {create.isPending ? "Assigning…" : "Assign"}
      </button>
    </form>
  );
}
