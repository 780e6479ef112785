import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

const ORG = "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
const GROUP = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const TEMPLATE = "11111111-1111-4111-8111-111111111111";

const row = {
  id: "a1",
  organization_id: ORG,
  group_id: null,
  group_name: null,
  title: "Mock before placements",
  template_id: TEMPLATE,
  role_track: "sde",
  round_type: "behavioral",
  difficulty: "medium",
  template_title: "Behavioral round",
  duration_minutes: 10,
  due_at: "2030-01-10T12:00:00Z",
  max_attempts: 1,
  camera_required: false,
  created_at: "2029-12-01T12:00:00Z",
  status: "open",
  assigned_count: 9,
  started_count: 4,
  completed_count: 3,
  sharing_count: 4,
  cohort: null,
  note: "Scores appear once at least 5 members who share their progress have a scored attempt; 3 so far.",
};

function adminAt(path: string) {
  const ctx = renderApp(path, { storedRefresh: "stored-refresh-token" });
  const { api } = ctx;
  api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  api.on(`GET /v1/orgs/${ORG}/assignments`, () => json(200, { items: [row], threshold: 5 }));
  api.on(`GET /v1/orgs/${ORG}/groups`, () =>
    json(200, {
      items: [
        { id: GROUP, organization_id: ORG, name: "Batch 2027", created_at: "", member_count: 0, member_user_ids: [] },
      ],
    }),
  );
  api.on(`GET /v1/orgs/${ORG}/members`, () =>
    json(200, { items: [{ user_id: "u1", name: "Asha", role: "member", joined_at: "2029-01-01T00:00:00Z" }] }),
  );
  api.on("GET /v1/templates", () =>
    json(200, [{ id: TEMPLATE, slug: "sde-behavioral-medium", title: "Behavioral round", difficulty: "medium" }]),
  );
  return ctx;
}

describe("Institute assignments", () => {
  it("shows completion and withholds scores below 5 sharing members", async () => {
    adminAt(`/institute/${ORG}/assignments`);
    const table = await screen.findByRole("table", { name: "Assignments, latest due first" });
    expect(within(table).getByText("3 of 9 (started 4)")).toBeInTheDocument();
    expect(within(table).getByText(/3 so far/)).toBeInTheDocument();
  });

  it("assigns a practice to a group and puts members in it", async () => {
    const { api, user } = adminAt(`/institute/${ORG}/assignments`);
    api.on(`POST /v1/orgs/${ORG}/assignments`, () => json(201, row));
    api.on(`PUT /v1/orgs/${ORG}/groups/${GROUP}/members`, () =>
      json(200, {
        id: GROUP,
        organization_id: ORG,
        name: "Batch 2027",
        created_at: "",
        member_count: 1,
        member_user_ids: ["u1"],
      }),
    );
    const form = await screen.findByRole("form", { name: "New assignment" });
    await user.selectOptions(await within(form).findByLabelText("Practice (role, round, difficulty)"), TEMPLATE);
    await user.selectOptions(within(form).getByLabelText("For"), GROUP);
    await user.click(within(form).getByRole("button", { name: "Assign" }));
    expect(await screen.findByText("Assigned. Members see it on their Home page.")).toBeInTheDocument();
    const sent = JSON.parse(api.calls.find((c) => c.route === `POST /v1/orgs/${ORG}/assignments`)?.body ?? "{}");
    expect(sent).toMatchObject({ template_id: TEMPLATE, group_id: GROUP, duration_minutes: 10, max_attempts: 1 });

    const members = screen.getByRole("form", { name: "Members of Batch 2027" });
    await user.click(await within(members).findByLabelText(/Asha/));
    await user.click(within(members).getByRole("button", { name: "Save members" }));
    expect(await within(members).findByText("Saved: 1 members.")).toBeInTheDocument();
  });
});
