import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "../../components/Alert";
import { describeError, unwrap } from "../../lib/apiError";
import { useApi } from "../../lib/services";
import type { Org } from "./types";

/** The owner's choice: members sign in with the institute's provider, or any way they like. */
export function SignInPolicy({ org }: { org: Org }) {
  const api = useApi();
  const client = useQueryClient();
  const providers = useQuery({
    queryKey: ["auth", "providers"],
    queryFn: ({ signal }) => unwrap(api.GET("/v1/auth/providers", { signal })),
  });
  const [choice, setChoice] = useState(org.required_provider ?? "");
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/v1/orgs/{org_id}/sign-in", {
          params: { path: { org_id: org.id } },
          body: { required_provider: choice || null },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["orgs", "mine"] }),
  });
  const items = providers.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <form
      className="invite-panel"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>How members sign in</h3>
      {save.isError && <Alert tone="error">{describeError(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">Saved.</Alert>}
      <div className="field field--inline">
        <label htmlFor={`sign-in-${org.id}`}>Members sign in with</label>
        <select id={`sign-in-${org.id}`} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">Any way (password or a provider)</option>
          {items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} only
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}
