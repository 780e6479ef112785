import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { json, tokens, type FakeApi } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import type { Org, SessionShare } from "../../lib/orgTypes";
import { demoReport } from "./testing/demoReport";

// Full-report renders take a second or two on the shared CI machine.
vi.setConfig({ testTimeout: 20_000 });

const SID = demoReport.session.id;
const SHARE = `/v1/sessions/${SID}/share`;
const FIRST = "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
const SECOND = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

function org(id: string, name: string, sharesProgress: boolean): Org {
  return {
    id,
    name,
    plan_tier: "free",
    required_provider: null,
    created_at: "2026-11-01T10:00:00Z",
    my_role: "member",
    shares_progress: sharesProgress,
    member_count: 12,
    joined_at: "2026-11-02T10:00:00Z",
  };
}

/** The report page on a scripted API whose share endpoint keeps state like the server's. */
async function reportWith(orgs: Org[], initial: Partial<SessionShare> = {}) {
  const ctx = renderApp(`/sessions/${SID}/report`, { storedRefresh: "stored-refresh-token" });
  const { api } = ctx;
  api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  api.on(`GET /v1/sessions/${SID}/recording/status`, () =>
    json(404, { error: "RecordingSessionNotFound", detail: "No such session." }),
  );
  api.on(`GET /v1/sessions/${SID}/report`, () => json(200, demoReport));
  api.on("GET /v1/orgs", () => json(200, { items: orgs }));
  let state: SessionShare = {
    session_id: SID,
    shared_with_org: false,
    organization_id: null,
    visible_to_admins: false,
    ...initial,
  };
  api.on(`GET ${SHARE}`, () => json(200, state));
  api.on(`PUT ${SHARE}`, async (request) => {
    const body = (await request.json()) as { shared_with_org: boolean; organization_id?: string | null };
    const target = body.shared_with_org ? (body.organization_id ?? null) : state.organization_id;
    const member = orgs.find((o) => o.id === target);
    state = {
      session_id: SID,
      shared_with_org: body.shared_with_org,
      organization_id: target,
      visible_to_admins: body.shared_with_org && Boolean(member?.shares_progress),
    };
    return json(200, state);
  });
  await screen.findByRole("heading", { level: 2, name: "Scorecard" }, { timeout: 5000 });
  return ctx;
}

function putBodies(api: FakeApi): unknown[] {
  return api.calls.filter((c) => c.route === `PUT ${SHARE}`).map((c) => JSON.parse(c.body) as unknown);
}

function shareSection(): HTMLElement {
  const heading = screen.getByRole("heading", { level: 2, name: "Share with your institute" });
  const section = heading.closest<HTMLElement>("section");
  if (!section) throw new Error("no sharing section");
  return section;
}

describe("Sharing one session with the institute", () => {
  it("is not offered to someone in no organization", async () => {
    const { api } = await reportWith([]);
    await waitFor(() => expect(api.count("GET /v1/orgs")).toBe(1));
    expect(screen.queryByRole("heading", { name: "Share with your institute" })).not.toBeInTheDocument();
    expect(screen.queryByRole("switch")).not.toBeInTheDocument();
    // Nobody to share with: the session's sharing state is not even asked for.
    expect(api.count(`GET ${SHARE}`)).toBe(0);
  });

  it("shares with the one organization and says admins see it only with progress sharing on", async () => {
    const { api, user } = await reportWith([org(FIRST, "Placement Cell", false)]);

    const toggle = await screen.findByRole("switch", { name: "Share this session with Placement Cell" });
    const section = within(shareSection());
    expect(section.getByText(/They see it only while you also share your progress/)).toBeInTheDocument();
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription("Off: this session's answers and face cues stay private.");
    // With one organization there is nothing to choose.
    expect(section.queryByLabelText("Organization")).not.toBeInTheDocument();

    await user.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(toggle).toHaveAccessibleDescription(
      /Shared, but hidden for now: you do not share your progress with Placement Cell/,
    );

    await user.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(putBodies(api)).toEqual([{ shared_with_org: true, organization_id: FIRST }, { shared_with_org: false }]);
  });

  it("shows an already shared session as on, and visible when progress is shared", async () => {
    await reportWith([org(FIRST, "Placement Cell", true)], {
      shared_with_org: true,
      organization_id: FIRST,
      visible_to_admins: true,
    });

    const toggle = await screen.findByRole("switch", { name: "Share this session with Placement Cell" });
    expect(toggle).toBeChecked();
    expect(toggle).toHaveAccessibleDescription(
      "On: the owner and admins of Placement Cell can see this session's answers, summary and face cues.",
    );
  });

  it("asks which organization when there are several, and locks the choice while shared", async () => {
    const { api, user } = await reportWith([org(FIRST, "Placement Cell", true), org(SECOND, "Night Bootcamp", true)]);

    const select = await screen.findByLabelText("Organization");
    expect(select).toHaveValue(FIRST);
    await user.selectOptions(select, SECOND);
    const toggle = screen.getByRole("switch", { name: "Share this session with Night Bootcamp" });
    await user.click(toggle);

    await waitFor(() => expect(toggle).toBeChecked());
    expect(putBodies(api)).toEqual([{ shared_with_org: true, organization_id: SECOND }]);
    expect(select).toBeDisabled();
    expect(select).toHaveAccessibleDescription("To share with another organization, stop sharing with this one first.");
    expect(toggle).toHaveAccessibleDescription(/On: the owner and admins of Night Bootcamp can see/);
  });

  it("shows the server's reason inline when the choice is not saved, and keeps the switch as it was", async () => {
    const { api, user } = await reportWith([org(FIRST, "Placement Cell", false)]);
    api.on(`PUT ${SHARE}`, () =>
      json(400, {
        error: "OrganizationChoiceNeeded",
        detail:
          "You belong to several organizations: send `organization_id` to say which one may see this session's answers.",
      }),
    );

    const toggle = await screen.findByRole("switch", { name: "Share this session with Placement Cell" });
    await user.click(toggle);

    const alert = await within(shareSection()).findByRole("alert");
    expect(within(alert).getByText("Your choice was not saved")).toBeInTheDocument();
    expect(within(alert).getByText(/You belong to several organizations/)).toBeInTheDocument();
    expect(toggle).not.toBeChecked();
    expect(toggle).toBeEnabled();
  });
});
