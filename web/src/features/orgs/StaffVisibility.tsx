import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Alert } from "../../components/Alert";
import { describeError, unwrap } from "../../lib/apiError";
import { useApi } from "../../lib/services";
import type { Org } from "./types";

type Mode = "all_staff" | "chosen";

const ROLE: Record<"owner" | "admin" | "coach", string> = { owner: "owner", admin: "admin", coach: "coach" };

/**
 * The member's choice of who on the institute's staff sees what they share (progress and
 * shared sessions): everyone on staff, or only the people they pick. It applies at once.
 */
export function StaffVisibility({ org }: { org: Org }) {
  const api = useApi();
  const client = useQueryClient();
  const key = ["orgs", "staff-visibility", org.id] as const;
  const current = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/orgs/{org_id}/membership/visibility", { params: { path: { org_id: org.id } }, signal })),
  });
  const [mode, setMode] = useState<Mode>("all_staff");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!current.data) return;
    setMode(current.data.mode);
    setChosen(
      new Set(
        current.data.mode === "chosen" ? current.data.staff.filter((s) => s.sees_my_data).map((s) => s.user_id) : [],
      ),
    );
  }, [current.data]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/v1/orgs/{org_id}/membership/visibility", {
          params: { path: { org_id: org.id } },
          body: { mode, allowed_user_ids: mode === "chosen" ? [...chosen] : [] },
        }),
      ),
    onSuccess: (data) => client.setQueryData(key, data),
  });

  if (current.isPending) return null;
  if (current.isError) {
    return (
      <Alert tone="error">Who on staff sees your shares could not be loaded: {describeError(current.error)}</Alert>
    );
  }
  const staff = current.data.staff;
  if (staff.length === 0) return null;
  const groupId = `staff-visibility-${org.id}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const seeing = save.data?.staff.filter((s) => s.sees_my_data).map((s) => s.name) ?? [];
  return (
    <form className="invite-panel" onSubmit={submit} aria-busy={save.isPending}>
      <fieldset>
        <legend>Who on staff sees what you share</legend>
        <label className="checkbox">
          <input type="radio" name={groupId} checked={mode === "all_staff"} onChange={() => setMode("all_staff")} />
          Everyone on staff (owner, admins and coaches)
        </label>
        <label className="checkbox">
          <input type="radio" name={groupId} checked={mode === "chosen"} onChange={() => setMode("chosen")} />
          Only the people I choose
        </label>
        {mode === "chosen" && (
          <ul className="lost-list" aria-label="Staff who see what you share">
            {staff.map((s) => (
              <li key={s.user_id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.has(s.user_id)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(s.user_id);
                      else next.delete(s.user_id);
                      setChosen(next);
                    }}
                  />
                  {s.name} ({ROLE[s.role]})
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <p className="field__hint">
        Staff you leave out see neither your scores nor your shared sessions, and cannot comment on them; staff who join
        later are left out until you add them.
      </p>
      {save.isError && (
        <Alert tone="error" title="Your choice was not saved">
          <p>{describeError(save.error)}</p>
        </Alert>
      )}
      {save.isSuccess && (
        <Alert tone="success">
          Saved: {seeing.length === 0 ? "nobody on staff" : seeing.join(", ")} {seeing.length === 1 ? "sees" : "see"}{" "}
          what you share.
        </Alert>
      )}
      <button type="submit" className="button" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save who sees my shares"}
      </button>
    </form>
  );
}
