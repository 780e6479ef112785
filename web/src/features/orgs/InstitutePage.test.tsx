import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import type { Dashboard, Org } from "./types";

const ORG_ID = "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";

function org(overrides: Partial<Org> = {}): Org {
  return {
    id: ORG_ID,
    name: "Placement Cell",
    plan_tier: "free",
    required_provider: null,
    created_at: "2026-11-01T10:00:00Z",
    my_role: "member",
    shares_progress: false,
    member_count: 12,
    joined_at: "2026-11-02T10:00:00Z",
    ...overrides,
  };
}

const labels = {
  communication: "Communication",
  confidence: "Delivery",
  structure: "Structure",
  relevance: "Relevance",
};

function scores(overall: number, c: number, d: number, s: number, r: number) {
  return { overall, communication: c, confidence: d, structure: s, relevance: r };
}

function memberRow(name: string, average: number) {
  return {
    user_id: `u-${name}`,
    name,
    role: "member" as const,
    session_count: 3,
    scored_count: 3,
    last_session_at: "2026-11-20T10:00:00Z",
    latest: scores(average + 2, average, average, average, average),
    average: scores(average, average, average, average, average),
    trend: "improving" as const,
    weakest: { dimension: "structure" as const, label: "Structure", score: average - 4 },
  };
}

function bins(counts: number[]) {
  return counts.map((count, i) => ({ start: i * 10, end: (i + 1) * 10, count }));
}

const belowThreshold: Dashboard = {
  organization_id: ORG_ID,
  organization_name: "Placement Cell",
  group_id: null,
  group_name: null,
  my_role: "admin",
  member_count: 9,
  sharing_count: 4,
  threshold: 5,
  cohort: null,
  message: "Cohort figures appear once at least 5 members share their progress. 4 of 9 members share now.",
  labels,
  members: [memberRow("Asha", 65), memberRow("Bruno", 48)],
};

const withCohort: Dashboard = {
  ...belowThreshold,
  sharing_count: 5,
  message: null,
  cohort: {
    members_with_scores: 5,
    session_count: 14,
    averages: scores(66, 60, 71, 66, 67),
    weakest_dimension: { dimension: "communication", label: "Communication", score: 60 },
    distribution: {
      overall: bins([0, 0, 0, 0, 1, 1, 1, 0, 1, 1]),
      communication: bins([0, 0, 0, 1, 0, 1, 1, 1, 0, 1]),
      confidence: bins([0, 0, 0, 0, 1, 0, 1, 2, 1, 0]),
      structure: bins([0, 0, 0, 0, 1, 1, 1, 0, 1, 1]),
      relevance: bins([0, 0, 0, 0, 1, 1, 1, 0, 1, 1]),
    },
    sessions_per_week: [
      { week_start: "2026-10-05", count: 0 },
      { week_start: "2026-10-12", count: 1 },
      { week_start: "2026-10-19", count: 2 },
      { week_start: "2026-10-26", count: 0 },
      { week_start: "2026-11-02", count: 3 },
      { week_start: "2026-11-09", count: 2 },
      { week_start: "2026-11-16", count: 4 },
      { week_start: "2026-11-23", count: 2 },
    ],
    improvement_after_3: { members: 5, change: scores(8, 6, 9, 10, -1) },
    needs_attention: [
      {
        user_id: "u-Bruno",
        name: "Bruno",
        weakest: { dimension: "communication", label: "Communication", score: 30 },
        reasons: ["Communication is 30, below 50 (needs work)."],
      },
    ],
    notes: [],
  },
  members: [
    memberRow("Asha", 65),
    memberRow("Bruno", 48),
    memberRow("Chen", 90),
    memberRow("Dana", 55),
    memberRow("Emeka", 80),
  ],
};

/** The card section whose h2 is `title`. */
function section(title: string): HTMLElement {
  const heading = screen.getByText(title, { selector: "h2" });
  const el = heading.closest<HTMLElement>("section");
  if (!el) throw new Error(`no section for ${title}`);
  return el;
}

function signedInAt(path: string) {
  const ctx = renderApp(path, { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  // No staff to choose among unless a test says otherwise: the choice then stays hidden.
  ctx.api.on(`GET /v1/orgs/${ORG_ID}/membership/visibility`, () =>
    json(200, { organization_id: ORG_ID, mode: "all_staff", staff: [] }),
  );
  return ctx;
}

describe("Institute page", () => {
  it("offers joining and creating when you are in no organization, and joins with a code", async () => {
    const { api, user } = signedInAt("/institute");
    let items: Org[] = [];
    api.on("GET /v1/orgs", () => json(200, { items }));
    api.on("POST /v1/orgs/join", () => {
      items = [org()];
      return json(200, {
        organization_id: ORG_ID,
        organization_name: "Placement Cell",
        role: "member",
        shares_progress: false,
        joined_at: "2026-11-02T10:00:00Z",
      });
    });

    expect(await screen.findByText(/You are not in an organization yet/)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Invite code"), "abcd-efgh-jkmn");
    await user.click(screen.getByRole("button", { name: "Join" }));

    expect(await screen.findByText("You joined Placement Cell")).toBeInTheDocument();
    expect(JSON.parse(api.calls.find((c) => c.route === "POST /v1/orgs/join")?.body ?? "{}")).toEqual({
      code: "abcd-efgh-jkmn",
    });
    // Joining shares nothing: the toggle starts off.
    const toggle = await screen.findByRole("checkbox", { name: "Share my scores and progress with Placement Cell" });
    expect(toggle).not.toBeChecked();
    expect(screen.queryByRole("link", { name: "Open the cohort dashboard" })).not.toBeInTheDocument();
  });

  it("shows the server's reason when a code does not work", async () => {
    const { api, user } = signedInAt("/institute");
    api.on("GET /v1/orgs", () => json(200, { items: [] }));
    api.on("POST /v1/orgs/join", () =>
      json(410, {
        error: "InviteExpired",
        detail: "This invite code for Placement Cell has expired; ask an admin for a new one.",
      }),
    );

    await user.type(await screen.findByLabelText("Invite code"), "OLD-CODE");
    await user.click(screen.getByRole("button", { name: "Join" }));

    expect(await screen.findByText(/has expired; ask an admin for a new one/)).toBeInTheDocument();
  });

  it("lets a member turn sharing on themselves", async () => {
    const { api, user } = signedInAt("/institute");
    let current = org();
    api.on("GET /v1/orgs", () => json(200, { items: [current] }));
    api.on("PUT /v1/orgs/" + ORG_ID + "/membership", async (request) => {
      const body = (await request.json()) as { shares_progress: boolean };
      current = org({ shares_progress: body.shares_progress });
      return json(200, {
        organization_id: ORG_ID,
        organization_name: "Placement Cell",
        role: "member",
        shares_progress: body.shares_progress,
        joined_at: current.joined_at,
      });
    });

    const toggle = await screen.findByRole("checkbox", { name: "Share my scores and progress with Placement Cell" });
    expect(toggle).toHaveAccessibleDescription("Off: its owner and admins see nothing of your practice.");
    await user.click(toggle);

    await waitFor(() => expect(toggle).toBeChecked());
    expect(toggle).toHaveAccessibleDescription(/never see your answers, recordings or face cues/);
    expect(api.count(`PUT /v1/orgs/${ORG_ID}/membership`)).toBe(1);
  });

  it("lets a member choose which staff see what they share", async () => {
    const { api, user } = signedInAt("/institute");
    const staff = (cleo: boolean, carl: boolean) => [
      { user_id: "u-carl", name: "Coach Carl", role: "coach", sees_my_data: carl },
      { user_id: "u-cleo", name: "Coach Cleo", role: "coach", sees_my_data: cleo },
    ];
    api.on("GET /v1/orgs", () => json(200, { items: [org({ shares_progress: true })] }));
    api.on(`GET /v1/orgs/${ORG_ID}/membership/visibility`, () =>
      json(200, { organization_id: ORG_ID, mode: "all_staff", staff: staff(true, true) }),
    );
    api.on(`PUT /v1/orgs/${ORG_ID}/membership/visibility`, () =>
      json(200, { organization_id: ORG_ID, mode: "chosen", staff: staff(true, false) }),
    );

    const everyone = await screen.findByRole("radio", { name: /Everyone on staff/ });
    expect(everyone).toBeChecked();
    await user.click(screen.getByRole("radio", { name: "Only the people I choose" }));
    await user.click(screen.getByRole("checkbox", { name: "Coach Cleo (coach)" }));
    await user.click(screen.getByRole("button", { name: "Save who sees my shares" }));

    expect(await screen.findByText(/Saved: Coach Cleo sees what you share/)).toBeInTheDocument();
    const sent = api.calls.find((c) => c.route === `PUT /v1/orgs/${ORG_ID}/membership/visibility`);
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ mode: "chosen", allowed_user_ids: ["u-cleo"] });
  });

  it("moves focus into the leave confirmation and back to its button on Escape or Stay", async () => {
    const { api, user } = signedInAt("/institute");
    api.on("GET /v1/orgs", () => json(200, { items: [org()] }));

    await user.click(await screen.findByRole("button", { name: "Leave Placement Cell" }));
    expect(screen.getByRole("group", { name: "Leave Placement Cell" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: "Leave Placement Cell" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Leave Placement Cell" })).toHaveFocus();

    await user.keyboard("{Enter}");
    await user.click(screen.getByRole("button", { name: "Stay" }));
    expect(screen.getByRole("button", { name: "Leave Placement Cell" })).toHaveFocus();
    expect(api.count(`DELETE /v1/orgs/${ORG_ID}/membership`)).toBe(0);
  });

  it("gives the owner an invite code and a way to the dashboard", async () => {
    const { api, user } = signedInAt("/institute");
    api.on("GET /v1/orgs", () => json(200, { items: [org({ my_role: "owner" })] }));
    api.on(`POST /v1/orgs/${ORG_ID}/invites`, () =>
      json(201, {
        code: "QRST-VWXY-Z234",
        organization_id: ORG_ID,
        role: "member",
        expires_at: "2026-11-30T10:00:00Z",
        max_uses: null,
      }),
    );

    expect(await screen.findByRole("link", { name: "Open the cohort dashboard" })).toHaveAttribute(
      "href",
      `/institute/${ORG_ID}/dashboard`,
    );
    await user.click(screen.getByRole("button", { name: "Create an invite code" }));

    expect(await screen.findByText("QRST-VWXY-Z234")).toBeInTheDocument();
    expect(screen.getByText(/It is shown only now/)).toBeInTheDocument();
  });
});

describe("Cohort dashboard", () => {
  const path = `/institute/${ORG_ID}/dashboard`;

  it("says plainly that fewer than 5 members share, with no cohort figures", async () => {
    const { api } = signedInAt(path);
    api.on(`GET /v1/orgs/${ORG_ID}/dashboard`, () => json(200, belowThreshold));

    const title = await screen.findByText("Fewer than 5 members share their progress");
    const note = title.closest<HTMLElement>("[role=status]");
    expect(note).not.toBeNull();
    expect(within(note as HTMLElement).getByText(/4 of 9 members share now/)).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Readiness by dimension" })).not.toBeInTheDocument();
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    // Sharing members' own rows are still there.
    const table = screen.getByRole("table", { name: "Members who share their progress" });
    expect(within(table).getByRole("rowheader", { name: "Asha" })).toBeInTheDocument();
    expect(within(table).getAllByRole("row")).toHaveLength(3);
  });

  it("shows cohort charts, attention list and the member table from 5 sharing members", async () => {
    const { api, user } = signedInAt(path);
    api.on(`GET /v1/orgs/${ORG_ID}/dashboard`, () => json(200, withCohort));

    expect(await screen.findByRole("heading", { level: 1, name: "Placement Cell: cohort" })).toBeInTheDocument();
    // Role queries are slow in jsdom: look inside each section instead of the whole page.
    const readiness = section("Readiness by dimension");
    expect(within(readiness).getByRole("img")).toHaveAccessibleName("Average score per dimension");
    expect(within(readiness).getByRole("row", { name: "Delivery 71" })).toBeInTheDocument();
    expect(within(readiness).getByRole("row", { name: "Overall 66" })).toBeInTheDocument();
    expect(within(readiness).getByText(/weakest area is Communication \(60\)/)).toBeInTheDocument();

    expect(within(section("Sessions per week")).getAllByRole("row")).toHaveLength(9);

    await user.selectOptions(screen.getByLabelText("Score"), "confidence");
    const spread = section("How members are spread");
    expect(within(spread).getByRole("table")).toHaveAccessibleName("Members by average delivery score");
    expect(within(spread).getByRole("row", { name: "70–79 2" })).toBeInTheDocument();

    expect(within(section("Improvement after 3 sessions")).getByText("−1")).toBeInTheDocument();
    expect(within(section("Members needing attention")).getByText(/below 50 \(needs work\)/)).toBeInTheDocument();
    const members = within(section("Members who share their progress")).getByRole("table");
    expect(within(members).getAllByRole("row")).toHaveLength(6);
    expect(within(members).getByRole("row", { name: /^Emeka 3 82 80 Improving Structure \(76\)/ })).toBeInTheDocument();
  }, 20_000);

  it("shows why when the signed-in user is not an admin", async () => {
    const { api } = signedInAt(path);
    api.on(`GET /v1/orgs/${ORG_ID}/dashboard`, () =>
      json(403, {
        error: "OrgAdminRequired",
        detail: "Only the owner and admins of Placement Cell can see the cohort dashboard; you are a member.",
      }),
    );

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/you are a member/)).toBeInTheDocument();
  });
});
